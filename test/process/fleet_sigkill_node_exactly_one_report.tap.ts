/**
 * Three fleet node processes share the shards, the analyzers and the telemetry ingest. While the
 * simulated fleet publishes, one node is SIGKILLed and later restarted: every window the
 * telemetry stream accepted still gets exactly one HealthReport in the results stream (none lost,
 * none doubled), and only those windows get one.
 */
import t from "tap";
import { connect } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { decodeValue } from "../../actors/runtime/mod.ts";
import { ALARMS_STREAM, ensureFleetStreams, planFleet, RESULTS_STREAM, runFleetSimulator } from "../../actors/fleet/mod.ts";
import { startNats } from "../harness/mod.ts";
import { startNodeProcess, type NodeProcess } from "./node_process.ts";

const nats = await startNats();
t.teardown(() => nats.stop());
const nc = await connect({ servers: nats.url });
t.teardown(() => nc.close());
await ensureFleetStreams(nc);

// A divisor of the telemetry stream's 64 partitions.
const SHARDS = 16;
const args = (id: string, shards: string) => [
  "--nats", nats.url, "--node-id", id, "--shard-count", String(SHARDS), "--shards", shards,
  "--lease-ttl-ms", "2000",
];
const specs = [["f1", "0-5"], ["f2", "6-10"], ["f3", "11-15"]] as const;
const nodes: (NodeProcess | undefined)[] = [];
t.teardown(async () => {
  for (const n of nodes) await n?.kill();
});
for (const [id, shards] of specs) nodes.push(await startNodeProcess(["--fleet", ...args(id, shards)]));

await t.test("every accepted window gets exactly one HealthReport across a SIGKILL and restart", async (t) => {
  const plan = planFleet({ vehicles: 24, faults: "healthy=3,bearing=1,turn_fault=1,insulation=1", windowsPerClass: 1 });
  const accepted = new Set<string>();
  const stop = new AbortController();
  const sim = runFleetSimulator(nc, {
    vehicles: 24, faults: "", plan, rate: 20, signal: stop.signal,
    onAccepted: (vehicleId, ts) => accepted.add(`${vehicleId}.${ts}`),
  });
  await new Promise((r) => setTimeout(r, 3_000));
  const before = accepted.size;
  await nodes[1]!.kill();
  t.pass(`SIGKILLed node f2 after ${before} accepted windows`);
  await new Promise((r) => setTimeout(r, 3_000));
  nodes[1] = await startNodeProcess(["--fleet", ...args("f2", "6-10")]);
  t.pass("restarted node f2");
  await new Promise((r) => setTimeout(r, 3_000));
  stop.abort();
  const progress = await sim;
  t.equal(progress.failed, 0, "the telemetry stream accepted every publish");
  t.ok(accepted.size > before, `windows kept flowing (${accepted.size} accepted in all)`);

  // Wait until the results stream holds a report for every accepted window (or stops growing).
  const js = jetstream(nc);
  const reports = new Map<string, number>();
  const consumer = await js.consumers.get(RESULTS_STREAM);
  const deadline = Date.now() + 90_000;
  let lastGrowth = Date.now();
  while (Date.now() < deadline) {
    const batch = await consumer.fetch({ max_messages: 500, expires: 1_000 });
    let got = 0;
    for await (const m of batch) {
      got++;
      if (!m.subject.startsWith("vtox.health.")) continue;
      const r = decodeValue(m.data) as { vehicleId: string; windowTimestamp: number };
      const key = `${r.vehicleId}.${r.windowTimestamp}`;
      reports.set(key, (reports.get(key) ?? 0) + 1);
    }
    if (got) lastGrowth = Date.now();
    const missing = [...accepted].filter((k) => !reports.has(k)).length;
    // Done when nothing is missing and nothing more arrived for 3 s (a duplicate would have shown up).
    if (missing === 0 && Date.now() - lastGrowth > 3_000) break;
  }
  const missing = [...accepted].filter((k) => !reports.has(k));
  const doubled = [...reports].filter(([, n]) => n > 1);
  const unexpected = [...reports.keys()].filter((k) => !accepted.has(k));
  t.same(missing, [], `no accepted window lost (${accepted.size} accepted)`);
  t.same(doubled, [], "no window reported twice");
  t.same(unexpected, [], "no report for a window that was not accepted");
  t.equal(reports.size, accepted.size, `${reports.size} reports for ${accepted.size} accepted windows`);

  // Alarm tracks live in the vehicle actors' snapshots: across the crash each faulty vehicle's
  // persisting fault is raised exactly once, and no healthy vehicle raises anything.
  const raised = new Map<string, number>();
  const alarmConsumer = await js.consumers.get(ALARMS_STREAM);
  for (;;) {
    const batch = await alarmConsumer.fetch({ max_messages: 500, expires: 1_000 });
    let got = 0;
    for await (const m of batch) {
      got++;
      const a = decodeValue(m.data) as { vehicleId: string; fault: string; event: string };
      if (a.event === "raised") raised.set(`${a.vehicleId} ${a.fault}`, (raised.get(`${a.vehicleId} ${a.fault}`) ?? 0) + 1);
    }
    if (got === 0) break;
  }
  const expected = plan.vehicles.filter((v) => v.label !== "healthy").map((v) => `${v.vehicleId} ${v.label}`).sort();
  t.same([...raised.keys()].filter((k) => expected.includes(k)).sort(), expected, "every faulty vehicle's fault raised");
  t.same([...raised].filter(([k, n]) => expected.includes(k) && n !== 1), [], "each raised exactly once across the crash");
  t.same([...raised.keys()].filter((k) => plan.vehicles.some((v) => v.label === "healthy" && k.startsWith(`${v.vehicleId} `))), [], "no alarm for a healthy vehicle");
});
