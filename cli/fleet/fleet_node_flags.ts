/**
 * Flags of a fleet node process (`cli/fleet/fleet_node_main.ts`, and what `vtox node --fleet`
 * would take), validated with errors naming the flag and the bad value.
 * @module
 */
import { parseArgs } from "node:util";
import { FleetConfigError } from "../../actors/fleet/mod.ts";
import { parseShardSet } from "../../actors/runtime/mod.ts";

/** Usage text. */
export const FLEET_NODE_USAGE = `usage: fleet node [flags]
  --nats <url>            NATS server URL(s), comma-separated (env NATS_URL)
  --node-id <id>          unique node id (default node-<random>)
  --shard-count <n>       cluster-wide shard count (default 64)
  --shards <set>          shards owned here: all | 0-15,32 (default all)
  --replicas <n>          stream replicas 1|3|5 (default 1)
  --lease-ttl-ms <ms>     shard lease TTL (default 10000)
  --router-ack-wait-ms <ms>  telemetry redelivery after a crash (default 30000)
  --no-analyzers          do not run analyzer actors here`;

/** A validated fleet node configuration. */
export interface FleetNodeConfig {
  natsUrl: string;
  nodeId: string | undefined;
  shardCount: number;
  ownShards: number[] | "all" | "none";
  replicas: number;
  leaseTtlMs: number;
  routerAckWaitMs: number;
  analyzers: boolean;
}

function int(name: string, v: string | undefined, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new FleetConfigError(`--${name} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
  return n;
}

/** Parses the flags; throws {@link FleetConfigError}. */
export function fleetNodeConfig(args: string[], env: Record<string, string | undefined>): FleetNodeConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args, strict: true, allowPositionals: false,
      options: {
        nats: { type: "string" }, "node-id": { type: "string" }, "shard-count": { type: "string" }, shards: { type: "string" },
        replicas: { type: "string" }, "lease-ttl-ms": { type: "string" }, "router-ack-wait-ms": { type: "string" },
        "no-analyzers": { type: "boolean" },
      },
    }));
  } catch (err) {
    throw new FleetConfigError((err as Error).message, { cause: err });
  }
  const natsUrl = values.nats ?? env.NATS_URL;
  if (!natsUrl) throw new FleetConfigError("--nats <url> (or NATS_URL) is required");
  const shardCount = int("shard-count", values["shard-count"], 64, 1);
  const replicas = int("replicas", values.replicas, 1, 1);
  if (![1, 3, 5].includes(replicas)) throw new FleetConfigError(`--replicas must be 1, 3 or 5, got ${replicas}`);
  let ownShards: number[] | "all" | "none";
  try {
    ownShards = parseShardSet(values.shards ?? "all", shardCount);
  } catch (err) {
    throw new FleetConfigError(`--shards: ${(err as Error).message}`, { cause: err });
  }
  return {
    natsUrl, nodeId: values["node-id"], shardCount, ownShards,
    replicas,
    leaseTtlMs: int("lease-ttl-ms", values["lease-ttl-ms"], 10_000, 100),
    routerAckWaitMs: int("router-ack-wait-ms", values["router-ack-wait-ms"], 30_000, 500),
    analyzers: !values["no-analyzers"],
  };
}
