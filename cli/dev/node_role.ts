/**
 * Starts what a node hosts, by role: the fleet (vehicle actors, analyzer actors
 * — `cli/fleet/`), the demo kinds, or the kinds of a module. The fleet is loaded only for fleet
 * nodes, so a demo node needs neither the WASM core nor the fleet streams.
 * @module
 */
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import type { NatsConnection } from "@nats-io/nats-core";
import { ActorSystem, jsonLogger, type ActorKind } from "../../actors/runtime/mod.ts";
import { UsageError } from "../flags/mod.ts";
import type { NodeConfig } from "./node_config.ts";

/** A started role: its actor system, a one-line description, and its graceful stop. */
export interface RunningRole {
  system: ActorSystem;
  /** e.g. `fleet (vehicle actors, analyzers on, backlog bound 64, spill past 50 ms of queued work)`. */
  describe: string;
  /** Stops routing and analyzers and shuts the system down (drain, snapshot, release); not the connection. */
  stop(): Promise<void>;
}

/**
 * Starts the role of `cfg` on `nc`. A `--kinds` module that cannot be loaded is a {@link UsageError}.
 *
 * @example
 * ```ts
 * const role = await startNodeRole(nodeConfig(["--demo"], process.env), nc);
 * await role.system.settled(60_000);
 * await role.stop();
 * ```
 */
export async function startNodeRole(cfg: NodeConfig, nc: NatsConnection): Promise<RunningRole> {
  const logger = jsonLogger({ node: cfg.nodeId }, (process.env.VTOX_LOG as "info") || "info");
  const common = { nodeId: cfg.nodeId, shards: cfg.shardCount, ownShards: cfg.ownShards, replicas: cfg.replicas, idleMs: cfg.idleMs, leaseTtlMs: cfg.leaseTtlMs, logger };
  if (cfg.role.kind === "fleet") {
    const { startFleetNode } = await import("../fleet/fleet_node.ts");
    const { analyzers, analyzerBacklog, spillAfterMs } = cfg.role;
    const node = await startFleetNode({ nc, ...common, maxInflightPerShard: cfg.maxInflight, analyzers, analyzerBacklog, spillAfterMs });
    // Read back from the analyzer actors: the ready line shows the limits in force.
    const a = node.analyzers;
    const limits = a ? `on, backlog bound ${a.maxBacklog}, spill past ${a.spillAfterMs} ms of queued work` : "off";
    return { system: node.system, describe: `fleet (vehicle actors, analyzers ${limits})`, stop: () => node.stop() };
  }
  const kinds = cfg.role.kind === "demo" ? (await import("./demo_kinds.ts")).kinds : await loadKinds(cfg.role.module);
  const system = await ActorSystem.start({ nc, ...common, kinds, maxInflightPerShard: cfg.maxInflight });
  return { system, describe: `${cfg.role.kind === "demo" ? "demo" : cfg.role.module} (kinds ${kinds.map((k) => k.kind).join(",")})`, stop: () => system.shutdown() };
}

async function loadKinds(module: string): Promise<ActorKind<any>[]> {
  let kinds: unknown;
  try {
    kinds = (await import(pathToFileURL(resolve(module)).href)).kinds;
  } catch (err) {
    throw new UsageError(`cannot load --kinds ${module}: ${(err as Error).message}`, { cause: err });
  }
  if (!Array.isArray(kinds) || kinds.length === 0) throw new UsageError(`--kinds ${module} does not export a non-empty \`kinds\` array`);
  return kinds as ActorKind<any>[];
}
