/**
 * A fleet node leaves its connection as it found it: after `stop()` no subscription it made
 * (analyzer queue groups, the vehicles' reply inbox and result-ack inbox, status) remains, and a
 * start that fails half-way stops what it had started (the analyzers) before rethrowing.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { planFleet, RESULTS_STREAM, telemetrySubject } from "../../actors/fleet/mod.ts";
import { startFleetNode } from "../../cli/fleet/mod.ts";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import { collectingLogger, readStream, waitUntil } from "./fleet_fixtures.ts";

let nats: NatsHarness;
beforeAll(async () => {
  nats = await startNats();
}, 60_000);
afterAll(async () => {
  await nats?.stop();
});

/**
 * The subjects of the client's live subscriptions (the client's own subscription table), without
 * the connection's request multiplexer (`<inbox>.*`, opened by the first `request()` and owned by
 * the connection for its lifetime).
 */
function subscriptionsOf(nc: NatsConnection): string[] {
  const protocol = (nc as unknown as { protocol: { subscriptions: { all(): { subject: string }[] }; muxSubscriptions: { baseInbox?: string } } }).protocol;
  const mux = protocol.muxSubscriptions.baseInbox;
  return protocol.subscriptions.all().map((s) => s.subject).filter((s) => !mux || s !== `${mux}*`).sort();
}

it("stop() removes every subscription the node made, including the vehicles' inboxes", async () => {
  const nc = await nats.connect();
  try {
    const before = subscriptionsOf(nc);
    const node = await startFleetNode({ nc, nodeId: "leak", shards: 2, logger: collectingLogger(), statusPeriodMs: 0 });
    await node.system.ready();
    const plan = planFleet({ vehicles: 1, faults: "healthy=1", idPrefix: "lk", windowsPerClass: 1 });
    const id = plan.vehicles[0]!.vehicleId;
    // A window forces the vehicle kind to open its reply inbox and its result publisher.
    await jetstream(nc).publish(telemetrySubject(id), plan.windowBytes(0, 0, 1_000));
    await waitUntil("the report", async () => (await readStream(nc, RESULTS_STREAM)).some((m) => m.subject === `vtox.health.${id}`), 30_000);
    expect(subscriptionsOf(nc).filter((s) => s.startsWith("_INBOX.")).length).toBeGreaterThan(0);
    await node.stop();
    expect(subscriptionsOf(nc)).toEqual(before);
  } finally {
    await nc.close();
  }
}, 60_000);

it("a start that fails after the analyzers subscribed stops them before rethrowing", async () => {
  const nc = await nats.connect();
  try {
    const before = subscriptionsOf(nc);
    // Shard 7 does not exist with 2 shards: the actor system refuses to start, after the analyzers did.
    await expect(startFleetNode({ nc, nodeId: "half", shards: 2, ownShards: [7], logger: collectingLogger(), statusPeriodMs: 0 })).rejects.toThrow(/shard/i);
    expect(subscriptionsOf(nc)).toEqual(before);
  } finally {
    await nc.close();
  }
}, 60_000);
