import { describe, expect, it } from "vitest";
import { ActorAddress, fnv1a32, InvalidAddressError, parseShardSet } from "../../actors/runtime/mod.ts";

describe("addresses and shards", () => {
  it("fnv1a32 matches the reference vectors", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("builds subjects and a stable shard from kind and id", () => {
    const a = ActorAddress.of("vehicle", "VIN-123");
    expect(a.subject).toBe("vtox.actor.vehicle.VIN-123");
    expect(a.shardOf(64)).toBe(fnv1a32("VIN-123") % 64);
    expect(a.mailboxSubject(64)).toBe(`vtox.mbox.${a.shardOf(64)}.vehicle.VIN-123`);
    expect(ActorAddress.parse("vtox.actor.vehicle.VIN-123").key).toBe("vehicle.VIN-123");
  });

  it.each(["", "a.b", "a b", "*", ">", "ü", "x".repeat(129)])("rejects the unsafe id %j", (id) => {
    expect(() => ActorAddress.of("vehicle", id)).toThrow(InvalidAddressError);
  });

  it("parses shard sets and rejects bad ones with the reason", () => {
    expect(parseShardSet("0-2,5", 8)).toEqual([0, 1, 2, 5]);
    expect(parseShardSet("all", 8)).toBe("all");
    expect(() => parseShardSet("0-9", 8)).toThrow(/outside 0..7/);
    expect(() => parseShardSet("two", 8)).toThrow(/expected e.g./);
  });
});

describe("server version check", () => {
  it("accepts 2.9 and newer and refuses older servers with the reason", async () => {
    const { checkServerVersion } = await import("../../actors/runtime/mod.ts");
    expect(() => checkServerVersion("2.9.10")).not.toThrow();
    expect(() => checkServerVersion("2.10.1")).not.toThrow();
    expect(() => checkServerVersion("2.8.4")).toThrow(/nats-server 2.8.4 is too old: VTOX needs 2.9 or newer/);
    expect(() => checkServerVersion(undefined)).toThrow(/Cannot check the nats-server version/);
  });
});
