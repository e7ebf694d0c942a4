/**
 * Three fleet node processes share the shards, the analyzers and the telemetry ingest. While the
 * simulated fleet publishes, one node is SIGKILLed: first it is restarted, then (killed again) a
 * hot standby configured with the same shards takes them over once their leases expire. Across
 * both, every window the telemetry stream accepted gets exactly one HealthReport in the results
 * stream (none lost, none doubled, none for a window that was not accepted), each vehicle's
 * reports are in the order its windows were stored, and each faulty vehicle's alarm is raised once.
 */
import t, { type Test } from "tap";
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
const js = jetstream(nc);

// A divisor of the telemetry stream's 64 partitions.
const SHARDS = 16;
const args = (id: string, shards: string) => [
  "--nats", nats.url, "--node-id", id, "--shard-count", String(SHARDS), "--shards", shards,
  "--lease-ttl-ms", "2000",
];
const nodes = new Map<string, NodeProcess>();
t.teardown(async () => {
  for (const n of nodes.values()) await n.kill();
});
for (const [id, shards] of [["f1", "0-5"], ["f2", "6-10"], ["f3", "11-15"]] as const) nodes.set(id, await startNodeProcess(["--fleet", ...args(id, shards)]));

const plan = planFleet({ vehicles: 24, faults: "healthy=3,bearing=1,turn_fault=1,insulation=1", windowsPerClass: 1 });
/** Every window the telemetry stream accepted, in acceptance order. */
const accepted = new Map<string, { vehicleId: string; ts: number }>();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the simulated fleet while `during` does its damage; returns the windows accepted meanwhile. */
async function fleetWhile(t: Test, during: () => Promise<void>): Promise<number> {
  const before = accepted.size;
  const stop = new AbortController();
  const sim = runFleetSimulator(nc, {
    vehicles: 24, faults: "", plan, rate: 20, signal: stop.signal, skipProfiles: before > 0,
    onAccepted: (vehicleId, ts) => accepted.set(`${vehicleId}.${ts}`, { vehicleId, ts }),
  });
  await during();
  stop.abort();
  const progress = await sim;
  t.equal(progress.failed, 0, "the telemetry stream accepted every publish");
  return accepted.size - before;
}

/** Reads the results stream until every accepted window has a report and 3 s pass without more. */
async function checkReports(t: Test): Promise<void> {
  const reports = new Map<string, number>();
  const order = new Map<string, number[]>();
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
      order.set(r.vehicleId, [...(order.get(r.vehicleId) ?? []), r.windowTimestamp]);
    }
    if (got) lastGrowth = Date.now();
    const missing = [...accepted.keys()].filter((k) => !reports.has(k)).length;
    if (missing === 0 && Date.now() - lastGrowth > 3_000) break;
  }
  t.same([...accepted.keys()].filter((k) => !reports.has(k)), [], `no accepted window lost (${accepted.size} accepted)`);
  t.same([...reports].filter(([, n]) => n > 1), [], "no window reported twice");
  t.same([...reports.keys()].filter((k) => !accepted.has(k)), [], "no report for a window that was not accepted");
  t.equal(reports.size, accepted.size, `${reports.size} reports for ${accepted.size} accepted windows`);
  const outOfOrder = [...order].filter(([, ts]) => ts.some((x, i) => i > 0 && x <= ts[i - 1]!)).map(([v]) => v);
  t.same(outOfOrder, [], "each vehicle's reports are in the order its windows were stored");
}

/** Alarm tracks live in the vehicle actors' snapshots: each persisting fault is raised exactly once. */
async function checkAlarms(t: Test): Promise<void> {
  const raised = new Map<string, number>();
  const consumer = await js.consumers.get(ALARMS_STREAM);
  for (;;) {
    const batch = await consumer.fetch({ max_messages: 500, expires: 1_000 });
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
  t.same([...raised].filter(([k, n]) => expected.includes(k) && n !== 1), [], "each raised exactly once across the crashes");
  t.same([...raised.keys()].filter((k) => plan.vehicles.some((v) => v.label === "healthy" && k.startsWith(`${v.vehicleId} `))), [], "no alarm for a healthy vehicle");
}

await t.test("every accepted window gets exactly one HealthReport across a SIGKILL and restart", async (t) => {
  const flowed = await fleetWhile(t, async () => {
    await sleep(3_000);
    await nodes.get("f2")!.kill();
    t.pass(`SIGKILLed node f2 after ${accepted.size} accepted windows`);
    await sleep(3_000);
    nodes.set("f2", await startNodeProcess(["--fleet", ...args("f2", "6-10")]));
    t.pass("restarted node f2");
    await sleep(3_000);
  });
  t.ok(flowed > 0, `windows kept flowing (${flowed} accepted)`);
  await checkReports(t);
});

await t.test("a hot standby takes a SIGKILLed node's shards over and every window still gets one report", async (t) => {
  const standby = await startNodeProcess(["--fleet", ...args("f4", "6-10")]);
  nodes.set("f4", standby);
  t.match(standby.output.join(""), /owns 0\/5 shards of 16 \(standby for 5/, "f4 starts as a standby for f2's shards");
  const flowed = await fleetWhile(t, async () => {
    await sleep(2_000);
    await nodes.get("f2")!.kill();
    t.pass(`SIGKILLed node f2 for good after ${accepted.size} accepted windows`);
    await sleep(6_000);
  });
  t.ok(flowed > 0, `windows kept flowing (${flowed} accepted in this phase)`);
  await checkReports(t);
  await checkAlarms(t);
});
