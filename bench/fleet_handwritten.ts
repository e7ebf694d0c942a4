/**
 * The hand-written peer of bench:fleet: the work the contract asks of every window — store it,
 * deliver it, decode it, run the five analyzers, store the five Diagnoses and the HealthReport,
 * ack it — written the obvious way without the actor runtime, in worker processes
 * (fleet_handwritten_worker.ts, as many as the bench has nodes): no shards, leases, snapshots,
 * alarms or analyzer actors, one shared unfiltered consumer. Against it the pipeline shows what
 * the runtime's guarantees cost (or save); against raw JetStream it shows how much of the raw
 * rate the work per window itself leaves. Streams are configured as the fleet's
 * (fleetStreamConfigs) under other names and subjects, on the same server, in the same run.
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { AckPolicy, jetstreamManager, type StreamConfig } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { type FleetPlan, fleetStreamConfigs, RESULTS_STREAM, TELEMETRY_STREAM } from "../actors/fleet/mod.ts";
import { NODE_HEAP_FLAGS } from "../cli/dev/node_heap_flags.ts";
import { type CpuGroup, CpuMeter, cpuSecondsOfAll, perWindow } from "./fleet_cpu.ts";
import { ReportClock, sustainedRate, sustainedWindows } from "./fleet_pipeline.ts";

const INPUT = "BENCH_HANDWRITTEN_IN";
const RESULTS = "BENCH_HANDWRITTEN_RESULTS";
const PREFIX = "bench.handwritten";

/** What the hand-written peer measured. */
export interface HandwrittenFigures {
  windowsPerS: number;
  complete: boolean;
  /** Messages in the peer's results stream at the end: six per window when it did all the work. */
  resultsStored: number;
  /** CPU ms per window of the server, the workers and the publishing bench process. */
  cpu: Record<string, number | undefined>;
}

function startWorker(url: string): Promise<ChildProcess> {
  const script = fileURLToPath(new URL("./fleet_handwritten_worker.ts", import.meta.url));
  const child = spawn(process.execPath, [...NODE_HEAP_FLAGS, "--import", "tsx", script, url, INPUT, "handwritten", PREFIX], {
    cwd: fileURLToPath(new URL("..", import.meta.url)), stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => /ready/.test(d.toString()) && resolve(child));
    child.once("exit", (code) => reject(new Error(`hand-written worker exited with ${code} before ready`)));
  });
}

/**
 * Runs the hand-written peer: `workers` worker processes, first `warmup` windows of `plan` (the workers' JIT
 * settles, as the nodes' does in the bench's warm-up), then `windows` measured as the pipeline's
 * sustained phase is (offered at once, rate over the steady middle). `cpuOf` samples the server and
 * the bench process. Everything it made is removed afterwards.
 */
export async function handwrittenRate(
  nc: NatsConnection, url: string, plan: FleetPlan, o: { workers: number; warmup: number; windows: number }, cpuOf: { server: CpuGroup; publisher: CpuGroup },
): Promise<HandwrittenFigures> {
  const jsm = await jetstreamManager(nc, { timeout: 10_000 });
  const configs = fleetStreamConfigs();
  const like = (name: string) => configs.find((c) => c.name === name)!;
  await jsm.streams.add({ ...like(TELEMETRY_STREAM), name: INPUT, subjects: [`${PREFIX}.in.>`] } as StreamConfig);
  await jsm.streams.add({ ...like(RESULTS_STREAM), name: RESULTS, subjects: [`${PREFIX}.vtox.>`] } as StreamConfig);
  await jsm.consumers.add(INPUT, { durable_name: "handwritten", ack_policy: AckPolicy.Explicit, max_ack_pending: 4096 });
  const children: ChildProcess[] = [];
  const clock = new ReportClock(nc, `${PREFIX}.vtox.health.*`);
  try {
    for (let i = 0; i < o.workers; i++) children.push(await startWorker(url));
    // A worker that dies (its stderr says why) ends the run now, not after the reports' long wait.
    const died = new Promise<never>((_, reject) => {
      for (const c of children) c.once("exit", (code) => reject(new Error(`hand-written worker ${c.pid} exited with ${code} during the run`)));
    });
    died.catch(() => {});
    const run = (w: ReturnType<typeof sustainedWindows>) => Promise.race([sustainedRate(nc, w, clock, (id) => `${PREFIX}.in.${id}`), died]);
    await run(sustainedWindows(plan, o.warmup));
    // Simulated after the warm-up ran: their timestamps, hence msgIDs and report keys, follow its.
    const windows = sustainedWindows(plan, o.windows);
    const meter = new CpuMeter([cpuOf.server, { name: "workers", sample: () => cpuSecondsOfAll(children.map((c) => c.pid)) }, cpuOf.publisher]);
    const r = await run(windows);
    const cpu = perWindow(meter.since(), windows.length);
    return { ...r, cpu, resultsStored: (await jsm.streams.info(RESULTS)).state.messages };
  } finally {
    clock.stop();
    for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : undefined)));
    await jsm.streams.delete(INPUT).catch(() => {});
    await jsm.streams.delete(RESULTS).catch(() => {});
  }
}
