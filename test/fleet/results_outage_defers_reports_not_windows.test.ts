/**
 * A results outage does not dead-letter windows: while the results stream is gone, a diagnosed
 * window's results wait in the vehicle's snapshotted outbox (the window is accepted), a durable
 * reminder retries them, and once the stream is back each window has exactly one HealthReport
 * and nothing was dead-lettered.
 */
import { expect, it } from "vitest";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { ensureFleetStreams, planFleet, RESULTS_STREAM, telemetrySubject, VEHICLE_KIND } from "../../actors/fleet/mod.ts";
import { DLQ_STREAM } from "../../actors/runtime/mod.ts";
import { readStream, useFleetNats, waitUntil } from "./fleet_fixtures.ts";

const env = useFleetNats();

const healthOf = async (vehicleId: string) => (await readStream(env.nc, RESULTS_STREAM)).filter((m) => m.subject === `vtox.health.${vehicleId}`);

it("windows diagnosed while the results stream is missing get exactly one HealthReport once it is back", async () => {
  const { nc } = env;
  const node = await env.startNode({ nodeId: "outage", shards: 2, publishBudgetMs: 300 });
  try {
    await node.system.ready();
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const plan = planFleet({ vehicles: 1, faults: "healthy=1", idPrefix: "out", windowsPerClass: 1 });
    const id = plan.vehicles[0]!.vehicleId;
    await js.publish(telemetrySubject(id), plan.windowBytes(0, 0, 1_000));
    await waitUntil("the first report", async () => (await healthOf(id)).length === 1, 30_000);

    await jsm.streams.delete(RESULTS_STREAM);
    await js.publish(telemetrySubject(id), plan.windowBytes(0, 0, 2_000));
    await js.publish(telemetrySubject(id), plan.windowBytes(0, 0, 3_000));
    await waitUntil("both windows diagnosed with their results waiting", () => node.counters.windows === 3 && node.counters.resultsDeferred >= 1, 30_000);
    const waiting = await node.system.ref(VEHICLE_KIND, id).ask<any>("summary");
    expect(waiting.resultsWaiting).toBe(2);

    await ensureFleetStreams(nc);
    await waitUntil("the waiting reports stored", async () => (await healthOf(id)).length === 2, 60_000);
    await waitUntil("the outbox emptied", async () => (await node.system.ref(VEHICLE_KIND, id).ask<any>("summary")).resultsWaiting === 0, 30_000);
    const reports = (await healthOf(id)).map((m) => m.value.windowTimestamp).sort();
    expect(reports).toEqual([2_000, 3_000]);
    const diagnoses = (await readStream(nc, RESULTS_STREAM)).filter((m) => m.subject.startsWith(`vtox.diagnosis.${id}.`));
    expect(diagnoses).toHaveLength(10);
    const dlq = await jsm.streams.info(DLQ_STREAM);
    expect(dlq.state.messages).toBe(0);
    expect(node.counters.windows).toBe(3);
  } finally {
    await node.stop();
  }
}, 120_000);
