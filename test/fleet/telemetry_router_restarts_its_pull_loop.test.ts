/**
 * The telemetry router's pull loop survives its consumer going away: the iterator's error is
 * reported (not an unhandled rejection that kills the node), the consumer is recreated and
 * windows published afterwards are routed.
 */
import { expect, it } from "vitest";
import { jetstream } from "@nats-io/jetstream";
import { planFleet, TELEMETRY_ROUTER_CONSUMER, TELEMETRY_STREAM, telemetrySubject, TelemetryRouter } from "../../actors/fleet/mod.ts";
import { useFleetNats, waitUntil } from "./fleet_fixtures.ts";

const env = useFleetNats();

it("recreates a deleted router consumer and keeps routing", async () => {
  const { nc } = env;
  const node = await env.startNode({ nodeId: "rr", shards: 2, router: false });
  const errors: string[] = [];
  const js = jetstream(nc);
  const router = await TelemetryRouter.start({
    js, jsm: node.system.topology.jsm, client: node.system.client, nc, restartDelayMs: 50,
    onLoopError: (err) => errors.push(err.message),
  });
  try {
    await node.system.ready();
    const plan = planFleet({ vehicles: 1, faults: "healthy=1", idPrefix: "rr", windowsPerClass: 1 });
    const id = plan.vehicles[0]!.vehicleId;
    await js.publish(telemetrySubject(id), plan.windowBytes(0, 0, 1_000));
    await waitUntil("first window routed", () => router.counts.routed === 1, 30_000);

    await node.system.topology.jsm.consumers.delete(TELEMETRY_STREAM, TELEMETRY_ROUTER_CONSUMER);
    await waitUntil("the pull loop restarted", () => router.counts.restarts >= 1, 30_000);
    expect(errors.length).toBeGreaterThanOrEqual(1);

    await js.publish(telemetrySubject(id), plan.windowBytes(0, 0, 2_000));
    // The recreated consumer delivers from the start of the stream: both windows are routed again
    // (the tell msgIDs and the vehicle's recent windows keep the diagnoses at one per window).
    await waitUntil("the window after the restart routed", () => router.counts.routed >= 2, 30_000);
    await waitUntil("both windows diagnosed once", () => node.counters.windows === 2, 30_000);
  } finally {
    await router.stop();
    await node.stop();
  }
}, 90_000);
