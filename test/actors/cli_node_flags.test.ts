/**
 * `vtox node` and `vtox dev` read flags first, then the VTOX environment variables, then defaults;
 * every bad value is refused with a UsageError naming the flag or variable it came from.
 */
import { describe, expect, it } from "vitest";
import { nodeConfig } from "../../cli/dev/node_config.ts";
import { devConfig } from "../../cli/dev/dev_config.ts";
import { splitShards } from "../../cli/dev/dev_cluster.ts";
import { UsageError } from "../../cli/flags/mod.ts";

function refusal(f: () => unknown): UsageError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).code).toBe("CLI_USAGE");
    return err as UsageError;
  }
  throw new Error("expected a UsageError, nothing was thrown");
}

describe("vtox node flags and environment", () => {
  it("reads flags first, then VTOX environment variables, then defaults", () => {
    const cfg = nodeConfig(["--node-id", "n7", "--shards", "0-3", "--demo"], { NATS_URL: "nats://10.0.0.1:4333", VTOX_SHARD_COUNT: "16", VTOX_CLUSTER_MODE: "production", VTOX_NODE_ID: "ignored" });
    expect(cfg).toMatchObject({ role: { kind: "demo" }, nodeId: "n7", ownShards: [0, 1, 2, 3], shardCount: 16, natsUrl: "nats://10.0.0.1:4333", mode: "production", replicas: 3 });
    expect(nodeConfig(["--kinds", "my/kinds.ts"], { VTOX_SHARDS: "all", VTOX_NODE_ID: "env-node" })).toMatchObject({
      role: { kind: "kinds", module: "my/kinds.ts" }, nodeId: "env-node", ownShards: "all", shardCount: 64, replicas: 1, natsUrl: "nats://127.0.0.1:4222",
      idleMs: 300_000, leaseTtlMs: 10_000, maxInflight: 1024,
    });
    // An empty variable counts as unset (`NATS_URL= vtox node`).
    expect(nodeConfig([], { NATS_URL: "", VTOX_SHARD_COUNT: "" })).toMatchObject({ natsUrl: "nats://127.0.0.1:4222", shardCount: 64 });
    expect(nodeConfig([], {}).nodeId).toMatch(/^node-[0-9a-f]{8}$/);
  });

  it.each([
    [["--shard-count", "0"], {}, /^--shard-count must be an integer in 1\.\.4096, got "0"$/],
    [[], { VTOX_SHARD_COUNT: "lots" }, /^VTOX_SHARD_COUNT must be an integer in 1\.\.4096, got "lots"$/],
    [["--shards", "60-70"], {}, /^--shards: .*outside 0\.\.63/],
    [[], { VTOX_SHARDS: "9-2" }, /^VTOX_SHARDS: /],
    [["--node-id", "bad id"], {}, /^--node-id must be 1-64 characters .* got "bad id"$/],
    [[], { VTOX_NODE_ID: "a.b" }, /^VTOX_NODE_ID must be 1-64 characters .* got "a\.b"$/],
    [[], { VTOX_CLUSTER_MODE: "prod" }, /^VTOX_CLUSTER_MODE must be development, testing or production, got "prod"$/],
    [["--nats", "http://x"], {}, /^--nats must be like nats:\/\/host:port, got "http:\/\/x"$/],
    [[], { NATS_URL: "nats://a:1,http://b" }, /^NATS_URL must be like nats:\/\/host:port, got "http:\/\/b"$/],
    [["--replicas", "2"], {}, /^--replicas must be 1, 3 or 5, got 2$/],
    [["--idle-ms", "5"], {}, /^--idle-ms must be an integer >= 10, got "5"$/],
    [["--bogus", "1"], {}, /^vtox node: unknown flag --bogus \(see vtox node --help\)$/],
    [["--node-id"], {}, /^vtox node: --node-id needs a value <id>/],
    [["extra"], {}, /^vtox node: unexpected argument "extra"/],
    [["--demo", "--kinds", "k.ts"], {}, /^--demo and --kinds both choose the node role/],
    [["--kinds", ""], {}, /^--kinds needs a module path/],
  ])("refuses %j %j naming the flag or variable", (args, env, message) => {
    expect(refusal(() => nodeConfig(args as string[], env as Record<string, string>)).message).toMatch(message as RegExp);
  });

  it("splits shards into contiguous ranges per dev node", () => {
    expect(splitShards(64, 3)).toEqual(["0-20", "21-41", "42-63"]);
    expect(splitShards(2, 3)).toEqual(["none", "0-0", "1-1"]);
  });
});

describe("vtox dev flags and environment", () => {
  it("defaults to the fleet workload (npm start) on 3 nodes with its own nats-server", () => {
    const cfg = devConfig(["--fleet"], { NATS_URL: "" });
    expect(cfg).toMatchObject({ nodes: 3, shards: 64, natsUrl: undefined, durationS: undefined, workload: { kind: "fleet", vehicles: 20, ratePerVehicle: 0.5, summaryEveryS: 3 } });
    const w = cfg.workload as Extract<typeof cfg.workload, { kind: "fleet" }>;
    expect(w.plan!.vehicles).toHaveLength(20);
    expect(devConfig([], {}).workload.kind).toBe("fleet");
  });

  it("reads VTOX_CLUSTER_WORKERS, VTOX_SHARD_COUNT and NATS_URL; flags win", () => {
    expect(devConfig(["--demo", "--duration", "6"], { VTOX_CLUSTER_WORKERS: "2", VTOX_SHARD_COUNT: "12", NATS_URL: "nats://h:4333" }))
      .toEqual({ nodes: 2, shards: 12, natsUrl: "nats://h:4333", durationS: 6, workload: { kind: "demo" } });
    expect(devConfig(["--nodes", "5", "--nats", "nats://x:1", "--vehicles", "0"], { VTOX_CLUSTER_WORKERS: "2", NATS_URL: "nats://h:4333" }))
      .toMatchObject({ nodes: 5, natsUrl: "nats://x:1", workload: { kind: "fleet", vehicles: 0, plan: undefined } });
  });

  it.each([
    [["--nodes", "zero"], {}, /^--nodes must be an integer in 1\.\.64, got "zero"$/],
    [[], { VTOX_CLUSTER_WORKERS: "65" }, /^VTOX_CLUSTER_WORKERS must be an integer in 1\.\.64, got "65"$/],
    [["--duration", "-5"], {}, /^vtox dev: --duration needs a value/],
    [["--duration", "0"], {}, /^--duration must be an integer in 1\.\.86400, got "0"$/],
    [["--rate", "0"], {}, /^--rate must be a number > 0 and <= 100, got "0"$/],
    [["--faults", "bearing=x"], {}, /Invalid --faults mix "bearing=x"/],
    [["--demo", "--vehicles", "4"], {}, /^--vehicles applies to the fleet workload only, not to --demo$/],
    [["--demo", "--fleet"], {}, /^--fleet and --demo both choose the workload/],
    [[], { NATS_URL: "localhost" }, /^NATS_URL must be like nats:\/\/host:port, got "localhost"$/],
  ])("refuses %j %j naming the flag or variable", (args, env, message) => {
    expect(refusal(() => devConfig(args as string[], env as Record<string, string>)).message).toMatch(message as RegExp);
  });
});
