/**
 * `vtox node`: connects to NATS, starts an actor system owning the configured shards and hosting
 * the configured kinds, prints a `ready` line, and shuts down gracefully on SIGINT/SIGTERM
 * (drain, snapshot, ack, release leases).
 * @module
 */
import { connect } from "@nats-io/transport-node";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { ActorSystem, type ActorKind } from "../../actors/runtime/mod.ts";
import { CliConfigError, NODE_USAGE, nodeConfig } from "../dev/node_config.ts";

/** Longest a graceful shutdown may take before the node gives up and exits 1. */
const SHUTDOWN_MS = 20_000;

/** Runs `vtox node`; resolves with the exit code after shutdown. */
export async function run(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(NODE_USAGE);
    return 0;
  }
  let cfg;
  try {
    cfg = nodeConfig(args, process.env);
  } catch (err) {
    if (err instanceof CliConfigError) {
      console.error(`vtox node: ${err.message}\n\n${NODE_USAGE}`);
      return 2;
    }
    throw err;
  }
  let kinds: ActorKind<any>[];
  try {
    const mod = cfg.kindsModule
      ? await import(pathToFileURL(resolve(cfg.kindsModule)).href)
      : await import("../dev/demo_kinds.ts");
    kinds = mod.kinds;
    if (!Array.isArray(kinds) || kinds.length === 0) throw new Error("it does not export a non-empty `kinds` array");
  } catch (err) {
    console.error(`vtox node: cannot load --kinds ${cfg.kindsModule}: ${(err as Error).message}`);
    return 2;
  }
  const nc = await connect({ servers: cfg.natsUrl.split(","), name: `vtox-node-${cfg.nodeId}`, maxReconnectAttempts: -1, noAsyncTraces: true }).catch((err) => {
    console.error(`vtox node: cannot connect to NATS at ${cfg.natsUrl}: ${(err as Error).message}`);
    return undefined;
  });
  if (!nc) return 1;
  let system: ActorSystem;
  try {
    system = await ActorSystem.start({
      nc, nodeId: cfg.nodeId, shards: cfg.shardCount, ownShards: cfg.ownShards, kinds, replicas: cfg.replicas,
      idleMs: cfg.idleMs, leaseTtlMs: cfg.leaseTtlMs, maxInflightPerShard: cfg.maxInflight,
    });
  } catch (err) {
    // e.g. a shard count different from the cluster's, or JetStream not enabled on the server.
    console.error(`vtox node ${cfg.nodeId}: cannot start: ${(err as Error).message}`);
    await nc.close();
    return 1;
  }
  const wanted = cfg.ownShards === "all" ? cfg.shardCount : cfg.ownShards === "none" ? 0 : cfg.ownShards.length;
  let stopping: Promise<void> | undefined;
  const stop = (why: string) => (stopping ??= (async () => {
    console.log(`vtox node ${cfg.nodeId}: ${why}, shutting down (drain, snapshot, release)`);
    // Without NATS a graceful stop cannot finish; do not hang forever (the next owner replays).
    const deadline = new Promise<"late">((r) => setTimeout(() => r("late"), SHUTDOWN_MS).unref());
    const done = (async () => {
      await system.shutdown();
      await nc.drain().catch(() => {});
    })();
    if ((await Promise.race([done, deadline])) === "late") {
      console.error(`vtox node ${cfg.nodeId}: graceful shutdown did not finish in ${SHUTDOWN_MS / 1000} s (NATS unreachable?); exiting`);
      await nc.close().catch(() => {});
      process.exit(1);
    }
  })());
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  const supervisorFailed = system.supervisor?.done.then(() => 0, (err) => {
    console.error(`vtox node ${cfg.nodeId}: shard supervisor gave up: ${(err as Error).message}`);
    return 1;
  });
  const settled = await system.settled(60_000).catch((err) => {
    console.error(`vtox node: ${(err as Error).message}`);
    return { owned: system.ownedShards(), waiting: [] as number[] };
  });
  const standby = settled.waiting.length ? ` (standby for ${settled.waiting.length} held by other nodes; taken when their leases expire)` : "";
  console.log(`vtox node ${cfg.nodeId} ready: owns ${settled.owned.length}/${wanted} shards of ${cfg.shardCount}${standby}, kinds ${kinds.map((k) => k.kind).join(",")}, NATS ${cfg.natsUrl}`);
  const code = await Promise.race([
    new Promise<number>((r) => nc.closed().then(() => r(0))),
    (supervisorFailed ?? new Promise<number>(() => {})).then(async (c) => {
      if (c !== 0) await stop("supervisor failure");
      return c;
    }),
  ]);
  await stopping;
  return code;
}
