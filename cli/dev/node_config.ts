/**
 * `vtox node` configuration: one parser for every node role (fleet, demo, your own kinds), from
 * flags first, then the VTOX environment variables, then defaults. Every bad value is a
 * {@link UsageError} naming the flag or variable it came from and the value.
 * @module
 */
import { DEFAULT_MAX_BACKLOG, DEFAULT_SPILL_AFTER_MS } from "../../actors/fleet/mod.ts";
import { parseShardSet } from "../../actors/runtime/mod.ts";
import { formatHelp, parseFlags, UsageError, type FlagSpecs } from "../flags/mod.ts";
import { checkFleetShardCount } from "./fleet_shard_count.ts";
import { intSetting, setting } from "./setting.ts";

/** Deployment modes (VTOX_CLUSTER_MODE). */
export type ClusterMode = "development" | "testing" | "production";

/**
 * What a node hosts: the fleet (vehicle actors reading their telemetry partitions, the five analyzer actors),
 * the demo kinds, or the kinds exported by a module.
 */
export type NodeRole =
  | {
    kind: "fleet";
    analyzers: boolean;
    /** Analyses queued on this node's analyzer actors before it answers peers busy and may spill its own. */
    analyzerBacklog: number;
    /** Queued analysis work, ms, past which this node spills its own analyses to a lighter peer. */
    spillAfterMs: number;
  }
  | { kind: "demo" }
  | { kind: "kinds"; module: string };

/** A validated node configuration. */
export interface NodeConfig {
  role: NodeRole;
  natsUrl: string;
  nodeId: string;
  shardCount: number;
  ownShards: number[] | "all" | "none";
  mode: ClusterMode;
  replicas: number;
  idleMs: number;
  leaseTtlMs: number;
  maxInflight: number;
}

/** The flags of `vtox node`; they drive parsing and `--help`. */
export const NODE_FLAGS: FlagSpecs = {
  fleet: { type: "boolean", help: "role: fleet node — vehicle actors (reading their telemetry partitions), analyzer actors (the default)" },
  demo: { type: "boolean", help: "role: the demo kinds (counter, greeter) instead of the fleet" },
  kinds: { type: "string", value: "<module>", help: "role: your own kinds, a module exporting `kinds: ActorKind[]`" },
  nats: { type: "string", value: "<url>", help: "NATS server URL(s), comma-separated (env NATS_URL, default nats://127.0.0.1:4222)" },
  "node-id": { type: "string", value: "<id>", help: "unique node id, [A-Za-z0-9_=-] (env VTOX_NODE_ID, default node-<random>)" },
  shards: { type: "string", value: "<set>", help: "shards this node owns: all | 0-21 | 0-15,32 (env VTOX_SHARDS, default all)" },
  "shard-count": { type: "string", value: "<n>", help: "cluster-wide shard count; never change it later (env VTOX_SHARD_COUNT, default 64)" },
  mode: { type: "string", value: "<mode>", help: "development | testing | production (env VTOX_CLUSTER_MODE, default development)" },
  replicas: { type: "string", value: "<n>", help: "stream/bucket replicas 1 | 3 | 5 (default 1, production 3)" },
  "idle-ms": { type: "string", value: "<ms>", help: "passivate actors idle this long (default 300000)" },
  "lease-ttl-ms": { type: "string", value: "<ms>", help: "shard lease TTL: a standby takes over this long after the owner dies (default 10000)" },
  "max-inflight": { type: "string", value: "<n>", help: "in-flight messages per shard (default 1024)" },
  "no-analyzers": { type: "boolean", help: "fleet: run no analyzer actors on this node" },
  "analyzer-backlog": { type: "string", value: "<n>", help: `fleet: analyses queued here before peers get busy answers and this node may spill (default ${DEFAULT_MAX_BACKLOG})` },
  "spill-after-ms": { type: "string", value: "<ms>", help: `fleet: spill own analyses to a lighter peer only past this much queued work (default ${DEFAULT_SPILL_AFTER_MS}; a large value never spills)` },
  help: { type: "boolean", help: "print this help" },
};

/** `vtox node --help`. */
export const NODE_USAGE = formatHelp(
  "vtox node [--fleet | --demo | --kinds <module>] [flags]",
  "Starts one VTOX node: it owns the given shards of the cluster and hosts the actors of its role.\n" +
    "Prints a `ready` line when serving; SIGINT/SIGTERM stop it gracefully (drain, snapshot, release).",
  NODE_FLAGS,
);

const FLEET_ONLY = ["no-analyzers", "analyzer-backlog", "spill-after-ms"] as const;

/**
 * Builds the node configuration from flags and `env`.
 *
 * @example
 * ```ts
 * nodeConfig(["--node-id", "n1", "--shards", "0-21"], { NATS_URL: "nats://10.0.0.5:4222" });
 * // { role: { kind: "fleet", analyzers: true }, nodeId: "n1", ownShards: [0, ..., 21], ... }
 * ```
 */
export function nodeConfig(args: string[], env: Record<string, string | undefined>): NodeConfig {
  const { values: v } = parseFlags(args, NODE_FLAGS, "node", 0);
  const role = nodeRole(v, env);
  const mode = setting("mode", v.mode, "VTOX_CLUSTER_MODE", env, "development");
  if (!["development", "testing", "production"].includes(mode.value!)) {
    throw new UsageError(`${mode.source} must be development, testing or production, got ${JSON.stringify(mode.value)}`);
  }
  const shardCount = intSetting(setting("shard-count", v["shard-count"], "VTOX_SHARD_COUNT", env, "64"), 1, 4096);
  if (role.kind === "fleet") checkFleetShardCount(shardCount);
  const id = setting("node-id", v["node-id"], "VTOX_NODE_ID", env, `node-${crypto.randomUUID().slice(0, 8)}`);
  if (!/^[A-Za-z0-9_=-]{1,64}$/.test(id.value!)) throw new UsageError(`${id.source} must be 1-64 characters of A-Z a-z 0-9 _ = -, got ${JSON.stringify(id.value)}`);
  const shards = setting("shards", v.shards, "VTOX_SHARDS", env, "all");
  let ownShards: NodeConfig["ownShards"];
  try {
    ownShards = parseShardSet(shards.value!, shardCount);
  } catch (err) {
    throw new UsageError(`${shards.source}: ${(err as Error).message}`, { cause: err });
  }
  const replicas = intSetting(setting("replicas", v.replicas, undefined, env, mode.value === "production" ? "3" : "1"), 1, 5);
  if (![1, 3, 5].includes(replicas)) throw new UsageError(`--replicas must be 1, 3 or 5, got ${replicas}`);
  const nats = setting("nats", v.nats, "NATS_URL", env, "nats://127.0.0.1:4222");
  for (const u of nats.value!.split(",")) {
    if (!/^(nats|tls|ws|wss):\/\/[^\s/]+$|^[^\s/:]+:\d+$/.test(u.trim())) throw new UsageError(`${nats.source} must be like nats://host:port, got ${JSON.stringify(u)}`);
  }
  return {
    role, natsUrl: nats.value!, nodeId: id.value!, shardCount, ownShards, mode: mode.value as ClusterMode, replicas,
    idleMs: intSetting(setting("idle-ms", v["idle-ms"], undefined, env, "300000"), 10),
    leaseTtlMs: intSetting(setting("lease-ttl-ms", v["lease-ttl-ms"], undefined, env, "10000"), 100),
    maxInflight: intSetting(setting("max-inflight", v["max-inflight"], undefined, env, "1024"), 1, 100_000),
  };
}

function nodeRole(v: Record<string, unknown>, env: Record<string, string | undefined>): NodeRole {
  const chosen = [v.fleet && "--fleet", v.demo && "--demo", v.kinds !== undefined && "--kinds"].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`${chosen.join(" and ")} both choose the node role; give one of --fleet (default), --demo, --kinds <module>`);
  if (v.demo || v.kinds !== undefined) {
    const other = v.demo ? "--demo" : "--kinds";
    const stray = FLEET_ONLY.find((f) => v[f] !== undefined);
    if (stray) throw new UsageError(`--${stray} applies to fleet nodes only, not to a ${other} node`);
    if (v.kinds === "") throw new UsageError("--kinds needs a module path, got an empty string");
    return v.demo ? { kind: "demo" } : { kind: "kinds", module: v.kinds as string };
  }
  return {
    kind: "fleet", analyzers: !v["no-analyzers"],
    analyzerBacklog: intSetting(setting("analyzer-backlog", v["analyzer-backlog"], undefined, env, String(DEFAULT_MAX_BACKLOG)), 1, 100_000),
    spillAfterMs: intSetting(setting("spill-after-ms", v["spill-after-ms"], undefined, env, String(DEFAULT_SPILL_AFTER_MS)), 0),
  };
}
