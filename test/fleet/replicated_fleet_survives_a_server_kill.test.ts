/**
 * The fleet on a 3-server cluster with R3 streams and buckets: while telemetry flows, the server
 * the fleet node is connected to is SIGKILLed (its client reconnects, stream and consumer leaders
 * move). Every window the telemetry stream accepted still gets exactly one HealthReport in the
 * results stream, and each vehicle's reports stay in the order its windows were stored in the
 * telemetry stream (its msgIDs name the windows). (A publish
 * whose ack was lost in the failover may still have been stored and reported: at most as many
 * reports for unacknowledged windows as publishes failed.)
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { planFleet, RESULTS_STREAM, runFleetSimulator, TELEMETRY_STREAM } from "../../actors/fleet/mod.ts";
import { startFleetNode, type FleetNode } from "../../cli/fleet/mod.ts";
import { startNatsCluster } from "../harness/mod.ts";
import { collectingLogger, readStream, waitUntil } from "./fleet_fixtures.ts";

let cluster: Awaited<ReturnType<typeof startNatsCluster>>;
let nc: NatsConnection;
let publisher: NatsConnection;
let node: FleetNode;

beforeAll(async () => {
  cluster = await startNatsCluster(3);
  nc = await connect({ servers: cluster.urls });
  publisher = await connect({ servers: cluster.urls });
  node = await startFleetNode({ nc, replicas: 3, shards: 4, leaseTtlMs: 4_000, statusPeriodMs: 0, logger: collectingLogger() });
  await node.system.ready(60_000);
}, 120_000);
afterAll(async () => {
  await node?.stop();
  await publisher?.close();
  await nc?.close();
  await cluster?.stop();
});

it("every accepted window gets exactly one report, in order, when a server dies under the fleet", async () => {
  const plan = planFleet({ vehicles: 8, faults: "healthy=3,bearing=1", windowsPerClass: 1 });
  const accepted = new Set<string>();
  const stop = new AbortController();
  const sim = runFleetSimulator(publisher, {
    vehicles: 8, faults: "", plan, rate: 16, signal: stop.signal,
    onAccepted: (vehicleId, ts) => accepted.add(`${vehicleId}.${ts}`),
  });
  await new Promise((r) => setTimeout(r, 2_000));
  const connectedPort = Number(new URL(`nats://${nc.getServer()}`).port);
  const victim = cluster.cluster.servers.find((s) => s.port === connectedPort) ?? cluster.cluster.servers[0]!;
  await victim.kill();
  // Long enough for the leaders to move and windows to be accepted again after the kill.
  await new Promise((r) => setTimeout(r, 12_000));
  stop.abort();
  const published = await sim;
  expect(accepted.size).toBeGreaterThan(40);
  let health: { key: string; vehicleId: string; ts: number }[] = [];
  await waitUntil("a report for every accepted window", async () => {
    const results = await readStream(nc, RESULTS_STREAM).catch(() => []);
    health = results.filter((m) => m.subject.startsWith("vtox.health.")).map((m) => {
      const r = m.value as { vehicleId: string; windowTimestamp: number };
      return { key: `${r.vehicleId}.${r.windowTimestamp}`, vehicleId: r.vehicleId, ts: r.windowTimestamp };
    });
    const have = new Set(health.map((h) => h.key));
    return [...accepted].every((k) => have.has(k));
  }, 150_000);
  const counts = new Map<string, number>();
  for (const h of health) counts.set(h.key, (counts.get(h.key) ?? 0) + 1);
  expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
  expect([...counts.keys()].filter((k) => !accepted.has(k)).length).toBeLessThanOrEqual(published.failed);
  // Stored order, not timestamp order: a publish retried across the failover (no responders while
  // the telemetry stream elected a leader) is stored after windows its vehicle sent later.
  let telemetry: Awaited<ReturnType<typeof readStream>> = [];
  // Creating the reading consumer may time out while the cluster still settles: ask again.
  await waitUntil("the telemetry stream to be readable", async () => (telemetry = await readStream(nc, TELEMETRY_STREAM).catch(() => [])).length > 0, 60_000);
  const storedAt = new Map(telemetry.map((m) => [m.msgId, m.seq]));
  for (const v of plan.vehicles) {
    const keys = health.filter((h) => h.vehicleId === v.vehicleId).map((h) => h.key);
    expect(keys.every((k) => storedAt.has(k)), `${v.vehicleId}'s reported windows are stored`).toBe(true);
    expect(keys, `${v.vehicleId}'s reports in stored order`).toEqual([...keys].sort((a, b) => storedAt.get(a)! - storedAt.get(b)!));
  }
  await victim.restart();
}, 240_000);
