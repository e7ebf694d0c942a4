/**
 * `npm run bench:failover [-- --json] [--vehicles V] [--rate R] [--after S] [--runs N]` (R: windows/s of the whole fleet, default 16; S: seconds of publishing after the kill, default 12; 3 runs)
 *
 * Fail-over of the fleet when a server dies: a 3-server nats-server cluster started here (R3
 * streams and buckets), one fleet node connected to the first server, a simulated fleet publishing
 * telemetry at R windows/s through that server too — and, side by side, the raw peer: a plain
 * JetStream client publishing to an R3 stream of its own through the same server at the same rate.
 * Then that server is SIGKILLed. Clients reconnect to the others, stream and consumer leaders
 * move. Prints, per run: the longest pause in acknowledged raw publishes after the kill (what
 * JetStream itself allows), the longest pause in HealthReports on `vtox.health.*` after the kill
 * (seen by a subscriber on a surviving server), their ratio, how long until every window accepted
 * before and after the kill was reported, and how many shard owners crashed on the way. Medians
 * over the runs at the end; with `--json` the last line is one JSON object with the figures.
 * @module
 */
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { planFleet, runFleetSimulator } from "../actors/fleet/mod.ts";
import { decodeValue, type ActorLogger } from "../actors/runtime/mod.ts";
import { startFleetNode, type FleetNode } from "../cli/fleet/mod.ts";
import { NatsServerCluster } from "../cli/nats_server_process.ts";
import { parseBenchFlags } from "./bench_flags.ts";

interface Flags { json: boolean; vehicles: number; rate: number; afterS: number; runs: number }

function parse(argv: string[]): Flags {
  return parseBenchFlags<Flags>("bench:failover", argv, { json: false, vehicles: 8, rate: 16, afterS: 12, runs: 3 }, {
    "--json": ["json", "switch"], "--vehicles": ["vehicles", "integer"], "--rate": ["rate", "number"], "--after": ["afterS", "number"], "--runs": ["runs", "integer"],
  });
}

/**
 * Longest gap between consecutive times in from..until (the first gap starts at `from`, the last
 * ends at `until`: a stream that never resumed pauses for the whole observation).
 */
function longestPause(times: number[], from: number, until: number): number {
  let gap = 0;
  let prev = from;
  for (const t of times.filter((x) => x >= from && x <= until).sort((a, b) => a - b)) {
    gap = Math.max(gap, t - prev);
    prev = t;
  }
  return Math.max(gap, until - prev);
}

/** The raw peer: one JetStream publish every 1/rate s to an R3 stream; returns the ack times. */
function rawPublisher(nc: NatsConnection, rate: number, signal: AbortSignal): { acks: number[]; done: Promise<void> } {
  const js = jetstream(nc, { timeout: 2_000 });
  const acks: number[] = [];
  const payload = new Uint8Array(1024);
  const done = (async () => {
    let i = 0;
    while (!signal.aborted) {
      const sent = Date.now();
      js.publish("bench.failover.raw", payload, { msgID: `raw-${i++}` }).then(() => acks.push(Date.now()), () => {});
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 / rate - (Date.now() - sent))));
    }
  })();
  return { acks, done };
}

/**
 * Creates the raw peer's R3 stream with its leader on `leader` (the server that will be killed):
 * the fleet's streams and buckets have some leaders there, so the peer must too, or its pause
 * would only be a client reconnect.
 */
async function rawStreamLedBy(nc: NatsConnection, leader: string | undefined): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: "BENCH_FAILOVER_RAW", subjects: ["bench.failover.raw"], num_replicas: 3 });
  for (let i = 0; i < 20; i++) {
    const info = await jsm.streams.info("BENCH_FAILOVER_RAW");
    if (info.cluster?.leader === leader) return;
    await nc.request("$JS.API.STREAM.LEADER.STEPDOWN.BENCH_FAILOVER_RAW", undefined, { timeout: 5_000 }).catch(() => {});
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`bench:failover: could not move the raw stream's leader to ${leader}`);
}

interface RunResult {
  rawPauseS: number;
  vtoxPauseS: number;
  allReportedS: number | null;
  accepted: number;
  ownerCrashes: number;
  crashReasons: string[];
}

async function run(f: Flags, log: (s: string) => void): Promise<RunResult> {
  log("starting a 3-server cluster (R3 streams and buckets)...");
  const cluster = await NatsServerCluster.start(3);
  const [victimUrl, ...survivors] = cluster.urls;
  const crashes: string[] = [];
  const logger: ActorLogger = {
    info: () => {},
    warn: () => {},
    error: (m, fields) => void (/shard owner crashed/.test(m) && crashes.push(String(fields?.error ?? m))),
  };
  const conns: NatsConnection[] = [];
  let node: FleetNode | undefined;
  let stopFleet: AbortController | undefined;
  const open = async (servers: string[]) => {
    const nc = await connect({ servers, noRandomize: true });
    conns.push(nc);
    return nc;
  };
  try {
    await cluster.placementReady();
    // The node and both publishers talk to the server that will die; the observer to survivors.
    const nc = await open(cluster.urls);
    const publisher = await open(cluster.urls);
    const raw = await open(cluster.urls);
    const observer = await open(survivors);
    await rawStreamLedBy(raw, cluster.servers[0]!.serverName);
    node = await startFleetNode({ nc, replicas: 3, shards: 4, statusPeriodMs: 0, logger });
    await node.system.ready(60_000);
    const reports = new Map<string, number>();
    observer.subscribe("vtox.health.*", {
      callback: (_e, m) => {
        const r = decodeValue(m.data) as { vehicleId: string; windowTimestamp: number };
        const key = `${r.vehicleId}.${r.windowTimestamp}`;
        if (!reports.has(key)) reports.set(key, Date.now());
      },
    });
    const plan = planFleet({ vehicles: f.vehicles, faults: "healthy=3,bearing=1", windowsPerClass: 1 });
    const accepted = new Set<string>();
    const stop = new AbortController();
    stopFleet = stop;
    const sim = runFleetSimulator(publisher, {
      vehicles: f.vehicles, faults: "", plan, rate: f.rate, signal: stop.signal,
      onAccepted: (vehicleId, ts) => accepted.add(`${vehicleId}.${ts}`),
    });
    const peer = rawPublisher(raw, f.rate, stop.signal);
    await new Promise((r) => setTimeout(r, 3_000));
    log(`killing ${victimUrl} (SIGKILL) under ${f.vehicles} vehicles, ${f.rate} windows/s in all...`);
    const killedAt = Date.now();
    await cluster.servers[0]!.kill();
    await new Promise((r) => setTimeout(r, f.afterS * 1000));
    const publishingEnded = Date.now();
    stop.abort();
    await Promise.all([sim, peer.done]);
    const deadline = Date.now() + 120_000;
    while ([...accepted].some((k) => !reports.has(k)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    const complete = [...accepted].every((k) => reports.has(k));
    const last = Math.max(killedAt, ...[...accepted].map((k) => reports.get(k) ?? killedAt));
    return {
      rawPauseS: longestPause(peer.acks, killedAt, publishingEnded) / 1000,
      // Reports of windows accepted before the end of publishing, up to the last of them.
      vtoxPauseS: longestPause([...reports.values()], killedAt, complete ? last : Date.now()) / 1000,
      allReportedS: complete ? (last - killedAt) / 1000 : null,
      accepted: accepted.size,
      ownerCrashes: crashes.length,
      crashReasons: [...new Set(crashes)].slice(0, 3),
    };
  } finally {
    stopFleet?.abort();
    await node?.stop().catch(() => {});
    for (const c of conns) await c.close().catch(() => {});
    await cluster.stop();
  }
}

const f = parse(process.argv.slice(2));
const log = (s: string) => (f.json ? process.stderr : process.stdout).write(s + "\n");
const results: RunResult[] = [];
for (let i = 1; i <= f.runs; i++) {
  log(`run ${i} of ${f.runs}`);
  const r = await run(f, log);
  results.push(r);
  log(`  raw JetStream publishes paused ${r.rawPauseS.toFixed(1)} s; HealthReports paused ${r.vtoxPauseS.toFixed(1)} s (ratio ${(r.vtoxPauseS / r.rawPauseS).toFixed(2)}); ` +
    `all ${r.accepted} accepted windows reported ${r.allReportedS === null ? "NOT within 120 s" : `${r.allReportedS.toFixed(1)} s after the kill (publishing went on ${f.afterS} s)`}; shard owner crashes ${r.ownerCrashes}${r.crashReasons.length ? ` (${r.crashReasons.join("; ")})` : ""}`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rawPause = median(results.map((r) => r.rawPauseS));
const vtoxPause = median(results.map((r) => r.vtoxPauseS));
const ratio = median(results.map((r) => r.vtoxPauseS / r.rawPauseS));
log(`median over ${f.runs} runs: raw JetStream pause ${rawPause.toFixed(1)} s, HealthReport pause ${vtoxPause.toFixed(1)} s, ratio ${ratio.toFixed(2)}`);
if (f.json) {
  console.log(JSON.stringify({
    runs: f.runs, raw_pause_s: +rawPause.toFixed(2), health_pause_s: +vtoxPause.toFixed(2), ratio_vs_raw_jetstream: +ratio.toFixed(3),
    per_run: results.map((r) => ({ raw_pause_s: +r.rawPauseS.toFixed(2), health_pause_s: +r.vtoxPauseS.toFixed(2), all_reported_s: r.allReportedS, accepted: r.accepted, owner_crashes: r.ownerCrashes })),
  }));
}
