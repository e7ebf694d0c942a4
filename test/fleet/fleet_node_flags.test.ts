/**
 * `vtox node` runs a fleet node by default (`--fleet` says so explicitly): its own flags
 * (`--no-analyzers`, `--analyzer-backlog`, `--spill-after-ms`) join the common node flags and
 * environment, and are refused on a node of another role.
 */
import { expect, it } from "vitest";
import { DEFAULT_SPILL_AFTER_MS } from "../../actors/fleet/mod.ts";
import { nodeConfig } from "../../cli/dev/node_config.ts";
import { UsageError } from "../../cli/flags/mod.ts";

it("is a fleet node by default, with the common flags and environment", () => {
  const env = { NATS_URL: "nats://h:4333", VTOX_NODE_ID: "n2", VTOX_SHARD_COUNT: "16", VTOX_SHARDS: "4-7" };
  expect(nodeConfig(["--no-analyzers"], env)).toEqual({
    role: { kind: "fleet", analyzers: false, analyzerBacklog: 64, spillAfterMs: DEFAULT_SPILL_AFTER_MS }, natsUrl: "nats://h:4333", nodeId: "n2", shardCount: 16, ownShards: [4, 5, 6, 7],
    mode: "development", replicas: 1, idleMs: 300_000, leaseTtlMs: 10_000, maxInflight: 1024,
  });
  expect(nodeConfig(["--fleet", "--nats", "nats://a:1", "--replicas", "3", "--max-inflight", "64"], env))
    .toMatchObject({ role: { kind: "fleet", analyzers: true }, natsUrl: "nats://a:1", ownShards: [4, 5, 6, 7], replicas: 3, maxInflight: 64 });
  expect(nodeConfig(["--analyzer-backlog", "128", "--spill-after-ms", "0"], env).role)
    .toEqual({ kind: "fleet", analyzers: true, analyzerBacklog: 128, spillAfterMs: 0 });
});

it("refuses bad fleet flags and fleet flags on other roles, naming them", () => {
  const cases: [string[], RegExp][] = [
    [["--no-analyzers=yes"], /^vtox node: --no-analyzers is a switch and takes no value/],
    [["--demo", "--no-analyzers"], /^--no-analyzers applies to fleet nodes only, not to a --demo node$/],
    [["--kinds", "k.ts", "--no-analyzers"], /^--no-analyzers applies to fleet nodes only, not to a --kinds node$/],
    [["--demo", "--spill-after-ms", "10"], /^--spill-after-ms applies to fleet nodes only, not to a --demo node$/],
    [["--analyzer-backlog", "0"], /^--analyzer-backlog must be an integer in 1\.\.100000, got "0"$/],
    [["--spill-after-ms=-5"], /^--spill-after-ms must be an integer >= 0, got "-5"$/],
    [["--spill-after-ms", "soon"], /^--spill-after-ms must be an integer >= 0, got "soon"$/],
    [["--router-ack-wait-ms", "3000"], /^vtox node: unknown flag --router-ack-wait-ms/],
    [["--shard-count", "12"], /^--shard-count of a fleet must divide the telemetry stream's 64 partitions \(one of 1, 2, 4, 8, 16, 32, 64\), got 12$/],
    [["--fleet", "--demo"], /^--fleet and --demo both choose the node role; give one of --fleet \(default\), --demo, --kinds <module>$/],
    [["--fleet", "--color", "red"], /^vtox node: unknown flag --color/],
  ];
  for (const [args, re] of cases) {
    const err = (() => { try { nodeConfig(args, {}); } catch (e) { return e; } })() as Error;
    expect(err, args.join(" ")).toBeInstanceOf(UsageError);
    expect((err as UsageError).code).toBe("CLI_USAGE");
    expect(err.message, args.join(" ")).toMatch(re);
  }
});
