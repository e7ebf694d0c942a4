/**
 * The development fleet (`npm start`): its own nats-server on a free port unless a URL is given,
 * N fleet node processes sharing the shards (default 3), a simulated fleet publishing telemetry,
 * and a live summary every few seconds with where to subscribe. Ctrl-C stops everything;
 * `durationS` stops by itself (exit 0 only when windows were diagnosed).
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { connect } from "@nats-io/transport-node";
import { DEFAULT_FAULT_MIX, ensureFleetStreams, LiveSummary, planFleet, runFleetSimulator } from "../../actors/fleet/mod.ts";
import { NatsServerProcess } from "../nats_server_process.ts";
import { formatLiveSummary, subscribeHint } from "./live_summary_printer.ts";

/** Options of {@link runFleetDev}. */
export interface FleetDevOptions {
  natsUrl?: string;
  nodes?: number;
  shards?: number;
  vehicles?: number;
  /** Windows per second per vehicle (default 0.5). */
  ratePerVehicle?: number;
  faults?: string;
  /** Stop after this many seconds (default: until SIGINT/SIGTERM). */
  durationS?: number;
  /** Summary period, s (default 3). */
  summaryEveryS?: number;
  say?: (line: string) => void;
}

function shardRanges(shards: number, n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const a = Math.floor((i * shards) / n), b = Math.floor(((i + 1) * shards) / n) - 1;
    return b >= a ? `${a}-${b}` : "none";
  });
}

function startNode(url: string, id: string, shards: number, range: string, say: (l: string) => void): { child: ChildProcess; ready: Promise<void> } {
  const main = fileURLToPath(new URL("./fleet_node_main.ts", import.meta.url));
  // cwd = the repository, so `--import tsx` resolves from its node_modules wherever `vtox dev` was started.
  const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", main, "--nats", url, "--node-id", id, "--shard-count", String(shards), "--shards", range], {
    cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, VTOX_LOG: process.env.VTOX_LOG ?? "warn" },
  });
  const ready = new Promise<void>((resolve, reject) => {
    const prefix = (d: Buffer) => d.toString().split("\n").filter(Boolean).map((l) => `[${id}] ${l}`).join("\n");
    child.stdout!.on("data", (d: Buffer) => {
      say(prefix(d));
      if (d.toString().includes(" ready: owns")) resolve();
    });
    child.stderr!.on("data", (d: Buffer) => say(prefix(d)));
    child.once("exit", (code, sig) => reject(new Error(`fleet node ${id} exited (${code ?? sig}) before it was ready`)));
  });
  return { child, ready };
}

/**
 * Runs the development fleet; resolves with the exit code.
 *
 * @example
 * ```ts
 * // cli/commands/dev.ts with --demo:
 * return await runFleetDev({ nodes: 3, durationS });
 * ```
 */
export async function runFleetDev(o: FleetDevOptions = {}): Promise<number> {
  const say = o.say ?? ((l: string) => console.log(l));
  const nodesN = o.nodes ?? 3, shards = o.shards ?? 64, vehicles = o.vehicles ?? 20, rate = o.ratePerVehicle ?? 0.5;
  const plan = planFleet({ vehicles, faults: o.faults ?? DEFAULT_FAULT_MIX });
  let server: NatsServerProcess | undefined;
  let url = o.natsUrl;
  if (!url) {
    say("starting nats-server (JetStream, temporary store) on a free port ...");
    server = await NatsServerProcess.start();
    url = server.url;
    say(`nats-server ready at ${url}`);
  } else say(`using NATS at ${url}`);
  const children: ChildProcess[] = [];
  const nc = await connect({ servers: url.split(","), noAsyncTraces: true });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let live: LiveSummary | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  try {
    await ensureFleetStreams(nc);
    const started = shardRanges(shards, nodesN).map((range, i) => {
      const n = startNode(url!, `fleet-${i + 1}`, shards, range, say);
      children.push(n.child);
      say(`starting fleet node fleet-${i + 1} (pid ${n.child.pid}) owning shards ${range}`);
      return n.ready;
    });
    await Promise.all(started);
    live = new LiveSummary(nc);
    say(`fleet: ${vehicles} simulated vehicles at ${rate} windows/s each (mix ${o.faults ?? DEFAULT_FAULT_MIX})`);
    say(subscribeHint(url));
    const t0 = performance.now();
    let sent = 0;
    timer = setInterval(() => say(formatLiveSummary(live!.snapshot(), { simulated: sent, elapsedS: (performance.now() - t0) / 1000 })), (o.summaryEveryS ?? 3) * 1000);
    if (o.durationS) setTimeout(() => stop.abort(), o.durationS * 1000);
    await runFleetSimulator(nc, {
      vehicles, faults: "", plan, rate: rate * vehicles, signal: stop.signal,
      onAccepted: () => void sent++,
    });
    // Let the last windows be diagnosed before the final summary.
    await new Promise((r) => setTimeout(r, 2_000));
    const final = live.snapshot();
    say(formatLiveSummary(final, { simulated: sent, elapsedS: (performance.now() - t0) / 1000 }));
    return final.windows > 0 ? 0 : 1;
  } catch (err) {
    say(`vtox dev: ${(err as Error).message}`);
    return 1;
  } finally {
    clearInterval(timer);
    live?.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await nc.drain().catch(() => {});
    await Promise.all(children.map((c) => new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      const t = setTimeout(() => c.kill("SIGKILL"), 15_000);
      c.once("exit", () => {
        clearTimeout(t);
        resolve();
      });
      c.kill("SIGTERM");
    })));
    await server?.stop();
  }
}
