/**
 * `vtox dev`: a local development cluster — its own nats-server on a free port unless NATS_URL is
 * given, N node processes (default 3), progress and URLs printed, Ctrl-C stops everything. With
 * `--demo` a small workload shows actors working; `--duration <s>` stops by itself (exit 0 only
 * when the demo made progress).
 * @module
 */
import { connect } from "@nats-io/transport-node";
import { DevCluster } from "../dev/dev_cluster.ts";
import { runDemo } from "../dev/demo_workload.ts";
import { CliConfigError, parseFlags, positiveInt } from "../dev/node_config.ts";

const USAGE = `usage: vtox dev [flags]
  --nodes <n>          node processes to start            (env VTOX_CLUSTER_WORKERS, default 3)
  --shard-count <n>    cluster-wide shard count           (env VTOX_SHARD_COUNT, default 64)
  --nats <url>         use this NATS instead of starting one (env NATS_URL)
  --demo               run the demo workload
  --duration <s>       stop after this many seconds (default: run until Ctrl-C)`;

/** Runs `vtox dev`. */
export async function run(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  let nodes: number, shards: number, duration: number | undefined, natsUrl: string | undefined, demo: boolean;
  try {
    const f = parseFlags(args, ["nodes", "shard-count", "nats", "duration"], ["demo"]);
    nodes = positiveInt("--nodes / VTOX_CLUSTER_WORKERS", f.get("nodes") ?? process.env.VTOX_CLUSTER_WORKERS ?? "3", 1, 64);
    shards = positiveInt("--shard-count / VTOX_SHARD_COUNT", f.get("shard-count") ?? process.env.VTOX_SHARD_COUNT ?? "64", 1, 4096);
    duration = f.has("duration") ? positiveInt("--duration", f.get("duration")!, 1, 86_400) : undefined;
    natsUrl = f.get("nats") ?? process.env.NATS_URL;
    demo = f.has("demo");
  } catch (err) {
    if (err instanceof CliConfigError) {
      console.error(`vtox dev: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  const say = (s: string) => console.log(s);
  say(`vtox dev: ${nodes} node(s), ${shards} shards${demo ? ", demo workload" : ""}${duration ? `, stopping after ${duration} s` : ""}`);
  const cluster = await DevCluster.start({ natsUrl, nodes, shards, say });
  const stop = new AbortController();
  say("");
  say(`  NATS:        ${cluster.natsUrl}   (e.g. \`nats sub 'vtox.>' -s ${cluster.natsUrl}\`)`);
  say(`  actors:      vtox.actor.<kind>.<id> (raw CBOR envelopes accepted), asks on vtox.ask.<shard>, dead letters on vtox.dlq.>`);
  say(`  stop:        Ctrl-C (nodes drain, snapshot and release their shards; the dev nats-server is removed)`);
  say("");
  const onSignal = () => {
    say("vtox dev: stopping ...");
    stop.abort();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const timer = duration ? setTimeout(() => stop.abort(), duration * 1000) : undefined;
  let code = 0;
  try {
    if (demo) {
      const nc = await connect({ servers: cluster.natsUrl, name: "vtox-dev-demo", noAsyncTraces: true });
      const p = await runDemo(nc, shards, stop.signal, say);
      await nc.close();
      say(`demo finished: ${p.tellsSent} greetings told, counter/greetings = ${p.greetingsCounted}, ${p.publishesSeen} greeting events, ${p.reportsSeen} reminder reports`);
      if (p.greetingsCounted === 0 || p.publishesSeen === 0) {
        console.error("vtox dev: the demo made no progress (no greeting reached the counter)");
        code = 1;
      }
    } else {
      await new Promise<void>((r) => stop.signal.addEventListener("abort", () => r(), { once: true }));
    }
  } finally {
    clearTimeout(timer);
    await cluster.stop();
    say("vtox dev: stopped");
  }
  return code;
}
