/**
 * Exactly one HealthReport per window beyond the msgID dedupe windows: with 1 s dedupe windows on
 * the telemetry, mailbox and results streams, a node stops, the windows are replayed from the
 * start of the telemetry stream after the windows expired, and no report is published again (the
 * vehicle's snapshot records the last telemetry sequence it applied, and its last window timestamps).
 */
import { expect, it } from "vitest";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { planFleet, RESULTS_STREAM, TELEMETRY_STREAM, telemetrySubject, VEHICLE_KIND } from "../../actors/fleet/mod.ts";
import type { FleetNodeOptions } from "../../cli/fleet/mod.ts";
import { readStream, useFleetNats, waitUntil } from "./fleet_fixtures.ts";

const env = useFleetNats();

it("a replay after the dedupe windows expired publishes no second HealthReport", async () => {
  const { nc } = env;
  const o: Omit<FleetNodeOptions, "nc"> = { nodeId: "replay", shards: 2, duplicateWindowMs: 1_000, resultsDuplicateWindowMs: 1_000 };
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const plan = planFleet({ vehicles: 1, faults: "healthy=1", idPrefix: "rp", windowsPerClass: 1 });
  const id = plan.vehicles[0]!.vehicleId;
  const stamps = [1_000, 2_000, 3_000];
  const first = await env.startNode(o);
  try {
    await first.system.ready();
    for (const ts of stamps) await js.publish(telemetrySubject(id), plan.windowBytes(0, 0, ts));
    await waitUntil("three reports", async () => (await readStream(nc, RESULTS_STREAM)).filter((m) => m.subject === `vtox.health.${id}`).length === 3, 30_000);
  } finally {
    await first.stop();
  }
  const cfg = (await jsm.streams.info(RESULTS_STREAM)).config;
  expect(cfg.duplicate_window).toBe(1_000 * 1_000_000);
  // Past every dedupe window, then the whole telemetry stream is delivered again (without the
  // shard owners' partition consumers, the next owners start from the stream's first window).
  await new Promise((r) => setTimeout(r, 1_500));
  for await (const ci of jsm.consumers.list(TELEMETRY_STREAM)) await jsm.consumers.delete(TELEMETRY_STREAM, ci.name);
  const second = await env.startNode(o);
  try {
    await second.system.ready();
    // The runtime skips them by the input sequence in the vehicle's snapshot; they never reach it.
    await waitUntil("the replayed windows skipped as duplicates", () => second.system.metrics.get("duplicates_skipped") === 3, 30_000);
    expect((await second.system.ref(VEHICLE_KIND, id).ask<any>("summary")).duplicates).toBe(0);
    const reports = (await readStream(nc, RESULTS_STREAM)).filter((m) => m.subject === `vtox.health.${id}`).map((m) => m.value.windowTimestamp);
    expect(reports).toEqual(stamps);
    expect(second.counters.windows).toBe(0);
  } finally {
    await second.stop();
  }
}, 120_000);
