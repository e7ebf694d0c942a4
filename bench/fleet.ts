/**
 * `npm run bench:fleet [-- --json] [--nodes N] [--vehicles V] [--windows W] [--warmup K] [--half-seconds S] [--raw R] [--latency-rate L]`
 *
 * The whole fleet pipeline on this machine, against one nats-server started here (never 4222):
 * windows of three phase currents (1024 Hz) and one vibration channel (12 kHz), 4096 samples
 * each, compact Int16 encoding, published to `vtox.telemetry.<id>`; N fleet node processes
 * (vehicle actors reading their telemetry partitions, analyzer actors) turn them into
 * HealthReports on `vtox.health.<id>`. Prints: sustained windows/s; p50/p99 publish →
 * HealthReport latency at a fixed offered rate of half that (or at `--latency-rate L` windows/s,
 * to compare builds at the same load); the raw JetStream publish+consume rate of the same
 * payloads in the same run (after a warm-up of K windows per vehicle), right before and right after the sustained phase, and the ratio to
 * their mean; a hand-written peer doing the same work per window without the runtime
 * (fleet_handwritten.ts), and the ratios sustained / peer and peer / raw; CPU per window of each process; and for orientation
 * the single-core analysis ceiling (each window decoded, then all five analyzers in-process; with a
 * full bearing band scan and with the band remembered, as a vehicle runs them between scans).
 * With `--json` the last line is one JSON object with the figures. `BENCH_NODE_ARGS` passes Node
 * flags to the node processes, e.g. `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`;
 * `BENCH_NATS_EXTRA` adds lines to the server's config, e.g. `BENCH_NATS_EXTRA="prof_port: 6061"`
 * for a Go CPU profile of nats-server (`curl localhost:6061/debug/pprof/profile?seconds=8`).
 * @module
 */
import { connect } from "@nats-io/transport-node";
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ensureFleetStreams, planFleet, DEFAULT_FAULT_MIX, PROFILE_BUCKET, type NodeStatus } from "../actors/fleet/mod.ts";
import { aggregate, analyzeFault, bearingBandOf } from "../actors/analyzers/mod.ts";
import { type Diagnosis, FAULT_KINDS, type FaultKind, parseTelemetryWindow } from "../actors/domain/mod.ts";
import { decodeValue, encodeValue } from "../actors/runtime/mod.ts";
import { NatsServerProcess } from "../cli/nats_server_process.ts";
import { NODE_HEAP_FLAGS } from "../cli/dev/node_heap_flags.ts";
import { loadDsp } from "../wasm/mod.ts";
import { Kvm } from "@nats-io/kv";
import { latencyAt, latencySchedule, ReportClock, sustainedRate, sustainedWindows } from "./fleet_pipeline.ts";
import { rawJetStreamWindows } from "./fleet_raw.ts";
import { handwrittenRate } from "./fleet_handwritten.ts";
import { parseBenchFlags } from "./bench_flags.ts";
import { cpuSecondsOf, cpuSecondsOfAll, CpuMeter, describeCpu, ownCpuSeconds, perWindow } from "./fleet_cpu.ts";

interface Flags { json: boolean; nodes: number; vehicles: number; windows: number; warmup: number; halfSeconds: number; raw: number; latencyRate?: number }

function parse(argv: string[]): Flags {
  // 3000 windows: ~47 per vehicle, seconds of steady state rather than a burst's ramp.
  return parseBenchFlags<Flags>("bench:fleet", argv, { json: false, nodes: 2, vehicles: 64, windows: 3000, warmup: 20, halfSeconds: 10, raw: 3000 }, {
    "--json": ["json", "switch"], "--nodes": ["nodes", "integer"], "--vehicles": ["vehicles", "integer"], "--windows": ["windows", "integer"],
    "--warmup": ["warmup", "integer"], "--half-seconds": ["halfSeconds", "number"], "--raw": ["raw", "integer"], "--latency-rate": ["latencyRate", "number"],
  });
}

function startNode(url: string, id: string, shards: string): Promise<ChildProcess> {
  const vtox = fileURLToPath(new URL("../bin/vtox.js", import.meta.url));
  const child = spawn(process.execPath, [...NODE_HEAP_FLAGS, ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean), vtox, "node", "--fleet", "--nats", url, "--node-id", id, "--shard-count", "64", "--shards", shards], {
    cwd: fileURLToPath(new URL("..", import.meta.url)), stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, VTOX_LOG: "error" },
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => /ready: owns/.test(d.toString()) && resolve(child));
    child.once("exit", (code) => reject(new Error(`fleet node ${id} exited with ${code} before ready`)));
  });
}

const f = parse(process.argv.slice(2));
const log = (s: string) => (f.json ? process.stderr : process.stdout).write(s + "\n");
const plan = planFleet({ vehicles: f.vehicles, faults: DEFAULT_FAULT_MIX, windowsPerClass: 3 });
const sample = plan.windowBytes(0, 0, Date.now());
const payloads = plan.vehicles.slice(0, 16).map((_, i) => plan.windowBytes(i, i, Date.now() + i));
log(`bench:fleet — ${f.vehicles} vehicles, ${f.nodes} node processes, window = 3 currents + 1 vibration × 4096 samples, ${sample.length} bytes CBOR (Int16)`);

// Orientation: decoding a window and the five analyzers on one core, no messaging; with a full
// bearing band scan (every BAND_SCAN_EVERY-th window of a vehicle) and with the band remembered
// from it (the others). Every pass decodes its window afresh, as a node does: the analyzers keep a
// window's spectra for the window object, so reusing decoded windows would measure cache hits.
const dsp = await loadDsp();
const profileOf = (i: number) => plan.vehicles[i]!.profile;
const windowOf = (i: number) => parseTelemetryWindow(decodeValue(payloads[i]!));
const bands = payloads.map((_, i) => bearingBandOf(analyzeFault("bearing", dsp, windowOf(i), profileOf(i))));
const analysisRate = (remembered: boolean): number => {
  const run = (i: number) => {
    const w = windowOf(i);
    aggregate(w, Object.fromEntries(FAULT_KINDS.map((k) => [k, analyzeFault(k, dsp, w, profileOf(i), undefined, remembered ? bands[i] : undefined)])) as Record<FaultKind, Diagnosis>);
  };
  for (let i = 0; i < 4; i++) run(i);
  const t = performance.now();
  let n = 0;
  while (performance.now() - t < 1_500) run(n++ % payloads.length);
  return n / ((performance.now() - t) / 1000);
};
const analysisCeiling = analysisRate(false);
const analysisRemembered = analysisRate(true);
log(`decode + analysis alone (5 analyzers, one core, in-process, each window decoded afresh): ${analysisCeiling.toFixed(0)} windows/s with a full bearing band scan, ${analysisRemembered.toFixed(0)} with the band remembered`);

const server = await NatsServerProcess.start({ extraConfig: process.env.BENCH_NATS_EXTRA });
const nodes: ChildProcess[] = [];
const cleanup = async () => {
  for (const c of nodes) if (c.exitCode === null) c.kill("SIGTERM");
  await Promise.all(nodes.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : undefined)));
  await server.stop();
};
try {
  const nc = await connect({ servers: server.url, noAsyncTraces: true });
  // The raw peer runs right before and right after the sustained phase (this shared machine's speed
  // drifts): the ratio is taken against the mean of the two.
  const measureRaw = async (when: string) => {
    const rawMeter = new CpuMeter([{ name: "nats-server", sample: () => cpuSecondsOf(server.child?.pid) }, { name: "client", sample: ownCpuSeconds }]);
    const rate = await rawJetStreamWindows(nc, payloads, f.raw);
    const cpu = perWindow(rawMeter.since(), f.raw);
    log(`raw JetStream publish+consume of the same windows (${when}): ${rate.toFixed(0)} windows/s (CPU per window: ${describeCpu(cpu)})`);
    return { rate, cpu };
  };
  await ensureFleetStreams(nc);
  const kv = await new Kvm(nc).create(PROFILE_BUCKET, { history: 1 });
  await Promise.all(plan.vehicles.map((v) => kv.put(v.vehicleId, encodeValue(v.profile))));
  const per = Math.ceil(64 / f.nodes);
  for (let i = 0; i < f.nodes; i++) nodes.push(await startNode(server.url, `bench${i + 1}`, `${i * per}-${Math.min(63, (i + 1) * per - 1)}`));
  const clock = new ReportClock(nc);
  const statuses = new Map<string, NodeStatus>();
  const statusSub = nc.subscribe("vtox.cluster.node.*", { callback: (_e, m) => {
    const st = decodeValue(m.data) as NodeStatus;
    statuses.set(st.nodeId, st);
  } });
  const countsOf = () => new Map([...statuses].map(([id, st]) => [id, { busy: st.analyzerBusy, retries: st.analysisRetries, expired: st.analyzerExpired, spilled: st.analysesSpilled, local: st.analysedLocally }]));
  // Half load is measured in steady state, not while a node still works off the overload phase.
  const settle = async () => {
    const since = Date.now();
    await new Promise((r) => setTimeout(r, 1_500));
    while (Date.now() - since < 60_000 && [...statuses.values()].some((st) => st.analyzerBacklog > 0 || st.telemetryBacklog > 0)) {
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  // Warm-up (K windows per vehicle, 20 by default): every vehicle activated and past its baseline
  // learning, and the nodes' JIT settled — the first few hundred windows still recompile hot code.
  await sustainedRate(nc, sustainedWindows(plan, f.vehicles * f.warmup), clock);
  const offered = sustainedWindows(plan, f.windows);
  const cpuGroups = [
    { name: "nats-server", sample: () => cpuSecondsOf(server.child?.pid) },
    { name: "nodes", sample: () => cpuSecondsOfAll(nodes.map((c) => c.pid)) },
    { name: "publisher", sample: ownCpuSeconds },
  ];
  const rawBefore = await measureRaw("before the sustained phase");
  // The same work per window by hand-written workers without the runtime (fleet_handwritten.ts).
  const handwritten = await handwrittenRate(nc, server.url, plan, { workers: f.nodes, warmup: f.vehicles * f.warmup, windows: f.windows }, { server: cpuGroups[0]!, publisher: cpuGroups[2]! });
  log(`hand-written peer — the same work per window without the runtime (${f.nodes} worker processes: decode, five analyses, six results stored, ack; no state, no alarms): ${handwritten.windowsPerS.toFixed(1)} windows/s${handwritten.complete ? "" : ", NOT all reported"}, ${handwritten.resultsStored} results stored (CPU per window: ${describeCpu(handwritten.cpu)})`);
  await new Promise((r) => setTimeout(r, 1_100));
  const beforeSustained = countsOf();
  const meter = new CpuMeter(cpuGroups);
  const sustained = await sustainedRate(nc, offered, clock);
  const cpu = meter.since();
  await new Promise((r) => setTimeout(r, 1_100));
  const afterSustained = countsOf();
  const rawAfter = await measureRaw("after it");
  const raw = (rawBefore.rate + rawAfter.rate) / 2;
  const rawCpu = rawBefore.cpu;
  log(`sustained: ${sustained.windowsPerS.toFixed(1)} windows/s (${f.windows} windows offered at once${sustained.complete ? "" : ", NOT all reported"})`);
  const cpuPerWindow = perWindow(cpu, f.windows);
  log(`  CPU per window in that phase: ${describeCpu(cpuPerWindow)}`);
  await settle();
  const before = countsOf();
  const half = f.latencyRate ?? sustained.windowsPerS / 2;
  const schedule = latencySchedule(plan, half, f.halfSeconds);
  const latMeter = new CpuMeter(cpuGroups);
  const lat = await latencyAt(nc, schedule, clock);
  const latCpu = perWindow(latMeter.since(), lat.windows);
  log(`at ${f.latencyRate ? "the given" : "half"} load (${half.toFixed(1)} windows/s for ${f.halfSeconds} s, ${lat.windows} windows): publish → HealthReport p50 ${lat.p50.toFixed(1)} ms, p99 ${lat.p99.toFixed(1)} ms, max ${lat.max.toFixed(1)} ms${lat.missing ? `, ${lat.missing} MISSING` : ""}`);
  log(`  CPU per window in that phase: ${describeCpu(latCpu)}`);
  await new Promise((r) => setTimeout(r, 1_100));
  for (const [id, st] of statuses) {
    const b = before.get(id) ?? { busy: 0, retries: 0, expired: 0, spilled: 0, local: 0 };
    const s0 = beforeSustained.get(id), s1 = afterSustained.get(id);
    const spill = s0 && s1 ? `; sustained phase: ${s1.spilled - s0.spilled} analyses spilled to a peer, ${s1.local - s0.local} local, busy answers ${s1.busy - s0.busy}` : "";
    log(`  ${id} (last 512 windows): stage ms p50/p99 ${Object.entries(st.stagesMs).map(([k, v]) => `${k} ${v.p50}/${v.p99}`).join(", ")}; ` +
      `at half load: busy answers ${st.analyzerBusy - b.busy}, retries ${st.analysisRetries - b.retries}, expired ${st.analyzerExpired - b.expired}, spilled ${st.analysesSpilled - b.spilled}${spill}`);
  }
  statusSub.unsubscribe();
  const ratio = sustained.windowsPerS / raw;
  log(`ratio sustained / raw JetStream (mean of ${rawBefore.rate.toFixed(0)} and ${rawAfter.rate.toFixed(0)}): ${ratio.toFixed(3)} (goal ≥ 0.5); p99 at half load ${lat.p99 < 100 ? "<" : "≥"} 100 ms (goal < 100 ms)`);
  log(`sustained / hand-written peer: ${(sustained.windowsPerS / handwritten.windowsPerS).toFixed(3)}; hand-written peer / raw JetStream: ${(handwritten.windowsPerS / raw).toFixed(3)} (what the work per window leaves of the raw rate without any runtime)`);
  clock.stop();
  await nc.close();
  if (f.json) {
    console.log(JSON.stringify({
      windows_per_s: +sustained.windowsPerS.toFixed(1), raw_jetstream_windows_per_s: +raw.toFixed(1), raw_before_windows_per_s: +rawBefore.rate.toFixed(1), raw_after_windows_per_s: +rawAfter.rate.toFixed(1), ratio_vs_raw_jetstream: +ratio.toFixed(4),
      handwritten_windows_per_s: +handwritten.windowsPerS.toFixed(1), ratio_handwritten_vs_raw_jetstream: +(handwritten.windowsPerS / raw).toFixed(4), ratio_vs_handwritten: +(sustained.windowsPerS / handwritten.windowsPerS).toFixed(4), cpu_ms_per_window_handwritten: handwritten.cpu,
      p50_ms_half_load: +lat.p50.toFixed(2), p99_ms_half_load: +lat.p99.toFixed(2), max_ms_half_load: +lat.max.toFixed(2),
      half_load_windows_per_s: +half.toFixed(1), analysis_only_windows_per_s_one_core: +analysisCeiling.toFixed(1), analysis_only_remembered_band_windows_per_s_one_core: +analysisRemembered.toFixed(1),
      window_bytes: sample.length, nodes: f.nodes, vehicles: f.vehicles, missing_half_load: lat.missing, cpu_ms_per_window_sustained: cpuPerWindow, cpu_ms_per_window_raw: rawCpu, cpu_ms_per_window_half_load: latCpu,
    }));
  }
} finally {
  await cleanup();
}
