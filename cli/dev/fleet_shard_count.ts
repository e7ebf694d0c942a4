/**
 * A fleet's shard count must divide the telemetry stream's partition count: shard `s` reads
 * partitions `s, s + shards, …` (actors/runtime/partitioned_input.ts). Checked with the flags, so
 * `vtox node --shard-count 12` says so at once instead of failing in the actor system.
 * @module
 */
import { TELEMETRY_PARTITIONS } from "../../actors/fleet/mod.ts";
import { UsageError } from "../flags/mod.ts";

/** Throws a UsageError unless `shards` divides {@link TELEMETRY_PARTITIONS}. */
export function checkFleetShardCount(shards: number): void {
  if (TELEMETRY_PARTITIONS % shards !== 0) {
    const ok = [...Array(TELEMETRY_PARTITIONS).keys()].map((i) => i + 1).filter((n) => TELEMETRY_PARTITIONS % n === 0);
    throw new UsageError(`--shard-count of a fleet must divide the telemetry stream's ${TELEMETRY_PARTITIONS} partitions (one of ${ok.join(", ")}), got ${shards}`);
  }
}
