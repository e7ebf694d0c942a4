/**
 * `vtox node` configuration from flags and VTOX environment variables, validated with errors
 * naming the flag or variable and the bad value.
 * @module
 */
import { parseShardSet } from "../../actors/runtime/mod.ts";

/** Deployment modes (VTOX_CLUSTER_MODE). */
export type ClusterMode = "development" | "testing" | "production";

/** A validated node configuration. */
export interface NodeConfig {
  natsUrl: string;
  nodeId: string;
  shardCount: number;
  ownShards: number[] | "all" | "none";
  mode: ClusterMode;
  replicas: number;
  kindsModule: string | undefined;
  idleMs: number;
  leaseTtlMs: number;
  maxInflight: number;
}

/** A bad flag or environment variable. */
export class CliConfigError extends Error {
  readonly code = "CLI_CONFIG_INVALID";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "CliConfigError";
  }
}

/** Usage text of `vtox node`. */
export const NODE_USAGE = `usage: vtox node [flags]
  --nats <url>          NATS server URL(s), comma-separated   (env NATS_URL, default nats://127.0.0.1:4222)
  --node-id <id>        unique node id [A-Za-z0-9_=-]          (env VTOX_NODE_ID, default node-<random>)
  --shards <set>        shards this node owns: all | 0-15,32    (env VTOX_SHARDS, default all)
  --shard-count <n>     cluster-wide shard count               (env VTOX_SHARD_COUNT, default 64)
  --mode <mode>         development | testing | production     (env VTOX_CLUSTER_MODE, default development)
  --replicas <n>        stream/bucket replicas 1|3|5           (default 1, production 3)
  --kinds <module>      module exporting \`kinds: ActorKind[]\`  (default: the demo kinds)
  --idle-ms <ms>        passivate actors idle this long        (default 300000)
  --lease-ttl-ms <ms>   shard lease TTL                        (default 10000)
  --max-inflight <n>    in-flight bound per shard              (default 1024)`;

/** Parses `--flag value` pairs; throws {@link CliConfigError} for unknown or valueless flags. */
export function parseFlags(args: string[], known: string[], booleans: string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith("--")) throw new CliConfigError(`unexpected argument ${JSON.stringify(a)}; flags start with --`);
    const eq = a.indexOf("=");
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (!known.includes(name) && !booleans.includes(name)) throw new CliConfigError(`unknown flag --${name}; known: ${[...known, ...booleans].map((k) => "--" + k).join(" ")}`);
    if (booleans.includes(name)) {
      out.set(name, "true");
      continue;
    }
    const value = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined || (eq < 0 && value.startsWith("--"))) throw new CliConfigError(`flag --${name} needs a value`);
    out.set(name, value);
  }
  return out;
}

/** Parses a positive integer from a flag/env value. */
export function positiveInt(what: string, v: string, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliConfigError(`${what} must be an integer in ${min}..${max}, got ${JSON.stringify(v)}`);
  }
  return n;
}

/** Builds the node config from flags and `env`. */
export function nodeConfig(args: string[], env: Record<string, string | undefined>): NodeConfig {
  const f = parseFlags(args, ["nats", "node-id", "shards", "shard-count", "mode", "replicas", "kinds", "idle-ms", "lease-ttl-ms", "max-inflight"]);
  const mode = (f.get("mode") ?? env.VTOX_CLUSTER_MODE ?? "development") as ClusterMode;
  if (!["development", "testing", "production"].includes(mode)) {
    throw new CliConfigError(`--mode / VTOX_CLUSTER_MODE must be development, testing or production, got ${JSON.stringify(mode)}`);
  }
  const shardCount = positiveInt("--shard-count / VTOX_SHARD_COUNT", f.get("shard-count") ?? env.VTOX_SHARD_COUNT ?? "64", 1, 4096);
  const nodeId = f.get("node-id") ?? env.VTOX_NODE_ID ?? `node-${crypto.randomUUID().slice(0, 8)}`;
  if (!/^[A-Za-z0-9_=-]{1,64}$/.test(nodeId)) throw new CliConfigError(`--node-id / VTOX_NODE_ID must be 1-64 characters of A-Z a-z 0-9 _ = -, got ${JSON.stringify(nodeId)}`);
  let ownShards: NodeConfig["ownShards"];
  try {
    ownShards = parseShardSet(f.get("shards") ?? env.VTOX_SHARDS ?? "all", shardCount);
  } catch (err) {
    throw new CliConfigError(`--shards / VTOX_SHARDS: ${(err as Error).message}`, { cause: err });
  }
  const replicas = positiveInt("--replicas", f.get("replicas") ?? (mode === "production" ? "3" : "1"), 1, 5);
  if (![1, 3, 5].includes(replicas)) throw new CliConfigError(`--replicas must be 1, 3 or 5, got ${replicas}`);
  const natsUrl = f.get("nats") ?? env.NATS_URL ?? "nats://127.0.0.1:4222";
  for (const u of natsUrl.split(",")) {
    if (!/^(nats|tls|ws|wss):\/\/[^\s/]+$|^[^\s/:]+:\d+$/.test(u.trim())) throw new CliConfigError(`--nats / NATS_URL must be like nats://host:port, got ${JSON.stringify(u)}`);
  }
  return {
    natsUrl, nodeId, shardCount, ownShards, mode, replicas,
    kindsModule: f.get("kinds"),
    idleMs: positiveInt("--idle-ms", f.get("idle-ms") ?? "300000", 10),
    leaseTtlMs: positiveInt("--lease-ttl-ms", f.get("lease-ttl-ms") ?? "10000", 100),
    maxInflight: positiveInt("--max-inflight", f.get("max-inflight") ?? "1024", 1, 100_000),
  };
}
