import { describe, expect, it } from "vitest";
import { nodeConfig } from "../../cli/dev/node_config.ts";
import { splitShards } from "../../cli/dev/dev_cluster.ts";

describe("vtox node flags and environment", () => {
  it("reads flags first, then VTOX environment variables, then defaults", () => {
    const cfg = nodeConfig(["--node-id", "n7", "--shards", "0-3"], { NATS_URL: "nats://10.0.0.1:4333", VTOX_SHARD_COUNT: "16", VTOX_CLUSTER_MODE: "production" });
    expect(cfg).toMatchObject({ nodeId: "n7", ownShards: [0, 1, 2, 3], shardCount: 16, natsUrl: "nats://10.0.0.1:4333", mode: "production", replicas: 3 });
    expect(nodeConfig([], { VTOX_SHARDS: "all", VTOX_NODE_ID: "env-node" })).toMatchObject({ nodeId: "env-node", ownShards: "all", shardCount: 64, replicas: 1 });
  });

  it.each([
    [["--shard-count", "0"], {}, /--shard-count \/ VTOX_SHARD_COUNT must be an integer in 1..4096, got "0"/],
    [["--shards", "60-70"], {}, /--shards \/ VTOX_SHARDS: .*outside 0..63/],
    [["--node-id", "bad id"], {}, /--node-id \/ VTOX_NODE_ID must be .* got "bad id"/],
    [[], { VTOX_CLUSTER_MODE: "prod" }, /must be development, testing or production, got "prod"/],
    [["--nats", "http://x"], {}, /--nats \/ NATS_URL must be like nats:\/\/host:port/],
    [["--replicas", "2"], {}, /--replicas must be 1, 3 or 5, got 2/],
    [["--bogus", "1"], {}, /unknown flag --bogus/],
    [["--node-id"], {}, /flag --node-id needs a value/],
  ])("rejects %j %j with a clear error", (args, env, message) => {
    expect(() => nodeConfig(args as string[], env as Record<string, string>)).toThrow(message as RegExp);
  });

  it("splits shards into contiguous ranges per dev node", () => {
    expect(splitShards(64, 3)).toEqual(["0-20", "21-41", "42-63"]);
    expect(splitShards(2, 3)).toEqual(["none", "0-0", "1-1"]);
  });
});
