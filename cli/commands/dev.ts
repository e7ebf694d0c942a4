/**
 * `vtox dev` (`npm start`): a local development cluster — its own nats-server on a free port
 * unless NATS_URL is given, N node processes (default 3) — with a workload: the simulated fleet
 * and its live summary (`--fleet`, the default) or the generic actor demo (`--demo`). Prints
 * progress, the NATS URL, where to subscribe and how to stop; Ctrl-C stops everything and
 * `--duration <s>` stops by itself (exit 0 only when the workload made progress).
 * @module
 */
import { connect } from "@nats-io/transport-node";
import { commandFailure } from "../flags/mod.ts";
import { DevCluster } from "../dev/dev_cluster.ts";
import { DEV_USAGE, devConfig, type DevConfig } from "../dev/dev_config.ts";
import { runDemo } from "../dev/demo_workload.ts";
import { runFleetWorkload, subscribeHint } from "../fleet/mod.ts";

/** Runs `vtox dev`; resolves with the exit code (2: bad flags or environment). */
export async function run(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(DEV_USAGE);
    return 0;
  }
  let cfg: DevConfig;
  try {
    cfg = devConfig(args, process.env);
  } catch (err) {
    return commandFailure("dev", err);
  }
  const say = (s: string) => console.log(s);
  const w = cfg.workload;
  const what = w.kind === "fleet"
    ? `${cfg.nodes} fleet node(s), ${cfg.shards} shards, ${w.plan ? `${w.vehicles} simulated vehicles at ${w.ratePerVehicle} windows/s each` : "no simulated vehicles"}`
    : `${cfg.nodes} demo node(s), ${cfg.shards} shards, demo workload`;
  say(`vtox dev: ${what}, ${cfg.durationS ? `stopping ${cfg.durationS} s after the nodes are ready` : "until Ctrl-C"}`);

  // Signals are handled from the start: the server and the nodes run in their own process groups,
  // so an unhandled Ctrl-C during start-up would leave them running.
  const stop = new AbortController();
  let cluster: DevCluster | undefined;
  const onSignal = () => {
    if (stop.signal.aborted) say("vtox dev: still stopping (nodes are draining) ...");
    else if (!cluster) say("vtox dev: stopping as soon as the nodes have started (they are starting now) ...");
    else say("vtox dev: stopping (nodes drain, snapshot and release their shards) ...");
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    cluster = await DevCluster.start({ natsUrl: cfg.natsUrl, nodes: cfg.nodes, shards: cfg.shards, say, nodeArgs: [w.kind === "fleet" ? "--fleet" : "--demo"] });
    if (stop.signal.aborted) return 0;
    // The duration is the workload's: start-up time (slow on a busy machine) does not eat into it.
    if (cfg.durationS) timer = setTimeout(() => stop.abort(), cfg.durationS * 1000);
    say("");
    say(`  NATS         ${cluster.natsUrl}`);
    if (w.kind === "fleet") say(subscribeHint(cluster.natsUrl));
    else say(`  subjects     vtox.demo.greetings, vtox.demo.reports; actors vtox.actor.<kind>.<id>; dead letters vtox.dlq.>\n  watch        nats sub 'vtox.>' -s ${cluster.natsUrl}`);
    say(`  stop         Ctrl-C (nodes drain, snapshot and release their shards${cfg.natsUrl ? "" : "; the temporary nats-server and its store are removed"})`);
    say("");
    const nc = await connect({ servers: cluster.natsUrl.split(","), name: `vtox-dev-${w.kind}`, noAsyncTraces: true });
    try {
      return w.kind === "fleet" ? await fleet(nc, w, stop.signal, say) : await demo(nc, cfg.shards, stop.signal, say);
    } finally {
      await nc.close();
    }
  } catch (err) {
    console.error(`vtox dev: ${(err as Error).message}`);
    return 1;
  } finally {
    clearTimeout(timer);
    await cluster?.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    say("vtox dev: stopped");
  }
}

async function fleet(nc: Parameters<typeof runFleetWorkload>[0], w: Extract<DevConfig["workload"], { kind: "fleet" }>, signal: AbortSignal, say: (s: string) => void): Promise<number> {
  if (w.plan) {
    const byLabel = new Map<string, number>();
    for (const v of w.plan.vehicles) byLabel.set(v.label, (byLabel.get(v.label) ?? 0) + 1);
    say(`fleet: ${w.vehicles} simulated vehicles (${[...byLabel].map(([k, n]) => `${k} ${n}`).join(", ")}) publishing on vtox.telemetry.<vehicleId>; first summary in ${w.summaryEveryS} s`);
  }
  else say(`fleet: no simulated vehicles; publish TelemetryWindows on vtox.telemetry.<vehicleId> yourself`);
  const r = await runFleetWorkload(nc, { plan: w.plan, ratePerVehicle: w.ratePerVehicle, summaryEveryS: w.summaryEveryS }, signal, say);
  say(`fleet finished: ${r.accepted} windows accepted, ${r.final.windows} diagnosed, ${r.final.alarms.raised} alarms raised${r.failed ? `, ${r.failed} publishes failed (last: ${r.lastError})` : ""}`);
  if (w.plan && r.final.windows === 0) {
    console.error("vtox dev: the fleet made no progress (no window was diagnosed)");
    return 1;
  }
  return 0;
}

async function demo(nc: Parameters<typeof runDemo>[0], shards: number, signal: AbortSignal, say: (s: string) => void): Promise<number> {
  const p = await runDemo(nc, shards, signal, say);
  say(`demo finished: ${p.tellsSent} greetings told, counter/greetings = ${p.greetingsCounted}, ${p.publishesSeen} greeting events, ${p.reportsSeen} reminder reports`);
  if (p.greetingsCounted === 0 || p.publishesSeen === 0) {
    console.error("vtox dev: the demo made no progress (no greeting reached the counter)");
    return 1;
  }
  return 0;
}
