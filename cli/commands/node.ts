/**
 * `vtox node`: connects to NATS, starts the node's role (by default a fleet node: vehicle actors,
 * analyzer actors; or `--demo`, or `--kinds <module>`) owning the configured
 * shards, prints a `ready` line, and shuts down gracefully on SIGINT/SIGTERM (drain, snapshot,
 * ack, release leases).
 * @module
 */
import { connect } from "@nats-io/transport-node";
import { commandFailure } from "../flags/mod.ts";
import { NODE_USAGE, nodeConfig, type NodeConfig } from "../dev/node_config.ts";
import { startNodeRole, type RunningRole } from "../dev/node_role.ts";

/** Longest a graceful shutdown may take before the node gives up and exits 1. */
const SHUTDOWN_MS = 20_000;

/** Runs `vtox node`; resolves with the exit code after shutdown (2: bad flags or environment). */
export async function run(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(NODE_USAGE);
    return 0;
  }
  let cfg: NodeConfig;
  try {
    cfg = nodeConfig(args, process.env);
  } catch (err) {
    return commandFailure("node", err);
  }
  const nc = await connect({ servers: cfg.natsUrl.split(","), name: `vtox-node-${cfg.nodeId}`, maxReconnectAttempts: -1, noAsyncTraces: true }).catch((err) => {
    console.error(`vtox node: cannot connect to NATS at ${cfg.natsUrl}: ${(err as Error).message}`);
    return undefined;
  });
  if (!nc) return 1;
  let role: RunningRole;
  try {
    role = await startNodeRole(cfg, nc);
  } catch (err) {
    await nc.close();
    // A --kinds module that does not load is bad input (exit 2); anything else, e.g. a shard count
    // different from the cluster's or JetStream not enabled on the server, is a start failure.
    if ((err as { code?: string }).code === "CLI_USAGE") return commandFailure("node", err);
    console.error(`vtox node ${cfg.nodeId}: cannot start: ${(err as Error).message}`);
    return 1;
  }
  const { system } = role;
  const wanted = cfg.ownShards === "all" ? cfg.shardCount : cfg.ownShards === "none" ? 0 : cfg.ownShards.length;
  let stopping: Promise<void> | undefined;
  const stop = (why: string) => (stopping ??= (async () => {
    console.log(`vtox node ${cfg.nodeId}: ${why}, shutting down (drain, snapshot, release)`);
    // Without NATS a graceful stop cannot finish; do not hang forever (the next owner replays).
    const deadline = new Promise<"late">((r) => setTimeout(() => r("late"), SHUTDOWN_MS).unref());
    const done = (async () => {
      await role.stop();
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
  console.log(`vtox node ${cfg.nodeId} ready: owns ${settled.owned.length}/${wanted} shards of ${cfg.shardCount}${standby}, role ${role.describe}, NATS ${cfg.natsUrl}`);
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
