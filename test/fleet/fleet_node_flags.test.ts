/**
 * Fleet node process flags: valid combinations become a configuration; every bad flag or value
 * is refused with a message naming it.
 */
import { expect, it } from "vitest";
import { FleetConfigError } from "../../actors/fleet/mod.ts";
import { fleetNodeConfig } from "../../cli/fleet/mod.ts";

it("builds a configuration from flags and NATS_URL", () => {
  expect(fleetNodeConfig(["--node-id", "n2", "--shard-count", "12", "--shards", "4-7", "--no-analyzers"], { NATS_URL: "nats://h:4333" })).toEqual({
    natsUrl: "nats://h:4333", nodeId: "n2", shardCount: 12, ownShards: [4, 5, 6, 7], replicas: 1, leaseTtlMs: 10_000, routerAckWaitMs: 30_000, analyzers: false,
  });
  expect(fleetNodeConfig(["--nats", "nats://a:1", "--replicas", "3", "--router-ack-wait-ms", "3000"], {})).toMatchObject({ ownShards: "all", replicas: 3, routerAckWaitMs: 3000, analyzers: true });
});

it("refuses bad flags naming them", () => {
  const cases: [string[], RegExp][] = [
    [[], /--nats <url> \(or NATS_URL\) is required/],
    [["--nats", "x", "--shard-count", "0"], /--shard-count must be an integer >= 1, got "0"/],
    [["--nats", "x", "--replicas", "2"], /--replicas must be 1, 3 or 5, got 2/],
    [["--nats", "x", "--lease-ttl-ms", "fast"], /--lease-ttl-ms must be an integer >= 100, got "fast"/],
    [["--nats", "x", "--shard-count", "8", "--shards", "6-9"], /^--shards: Invalid shard set: 6-9 is outside 0..7/],
    [["--nats", "x", "--color", "red"], /Unknown option '--color'/],
  ];
  for (const [args, re] of cases) {
    const err = (() => { try { fleetNodeConfig(args, {}); } catch (e) { return e; } })() as Error;
    expect(err, args.join(" ")).toBeInstanceOf(FleetConfigError);
    expect((err as FleetConfigError).code).toBe("FLEET_CONFIG_INVALID");
    expect(err.message).toMatch(re);
  }
});
