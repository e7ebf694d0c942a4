/**
 * A fleet node as a process: `node --import tsx cli/fleet/fleet_node_main.ts --nats <url> ...`.
 * Prints `fleet node <id> ready: owns N shards` when serving and stops gracefully on
 * SIGINT/SIGTERM. Used by the development cluster and the process-level tests.
 * @module
 */
import { connect } from "@nats-io/transport-node";
import { FLEET_NODE_USAGE, fleetNodeConfig } from "./fleet_node_flags.ts";
import { startFleetNode } from "./fleet_node.ts";
import { jsonLogger } from "../../actors/runtime/mod.ts";

/** Runs a fleet node until a signal; resolves with the exit code. */
export async function runFleetNode(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(FLEET_NODE_USAGE);
    return 0;
  }
  let cfg;
  try {
    cfg = fleetNodeConfig(args, process.env);
  } catch (err) {
    console.error(`fleet node: ${(err as Error).message}\n\n${FLEET_NODE_USAGE}`);
    return 2;
  }
  const nc = await connect({ servers: cfg.natsUrl.split(","), name: `vtox-fleet-${cfg.nodeId ?? "node"}`, maxReconnectAttempts: -1, noAsyncTraces: true }).catch((err) => {
    console.error(`fleet node: cannot connect to NATS at ${cfg.natsUrl}: ${(err as Error).message}`);
    return undefined;
  });
  if (!nc) return 1;
  const logger = jsonLogger({ node: cfg.nodeId ?? "fleet" }, (process.env.VTOX_LOG as "info") ?? "info");
  const node = await startFleetNode({
    nc, shards: cfg.shardCount, ownShards: cfg.ownShards, replicas: cfg.replicas, leaseTtlMs: cfg.leaseTtlMs,
    analyzers: cfg.analyzers, routerAckWaitMs: cfg.routerAckWaitMs, logger, ...(cfg.nodeId ? { nodeId: cfg.nodeId } : {}),
  });
  await node.system.ready(60_000);
  console.log(`fleet node ${node.nodeId} ready: owns ${node.system.ownedShards().length} shards, analyzers ${cfg.analyzers ? "on" : "off"}`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  console.log(`fleet node ${node.nodeId}: stopping (drain, snapshot, release)`);
  await node.stop();
  await nc.drain().catch(() => {});
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runFleetNode(process.argv.slice(2));
}
