/**
 * A profile bucket that fails (gone, or holding an entry that is not a profile) does not block
 * diagnosis, and is not silent either: the window is diagnosed with the profile in use (or the
 * default), the failure is logged with the vehicle and the reason, and counted.
 */
import { expect, it } from "vitest";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { planFleet, PROFILE_BUCKET, RESULTS_STREAM, telemetrySubject } from "../../actors/fleet/mod.ts";
import { collectingLogger, readStream, useFleetNats, waitUntil } from "./fleet_fixtures.ts";

const env = useFleetNats();

const reportsOf = async (id: string) => (await readStream(env.nc, RESULTS_STREAM)).filter((m) => m.subject === `vtox.health.${id}`);

it("an invalid bucket entry is logged and counted, and the window is diagnosed with the default profile", async () => {
  const { nc } = env;
  const logger = collectingLogger();
  const node = await env.startNode({ nodeId: "pbad", shards: 2, logger });
  try {
    await node.system.ready();
    const plan = planFleet({ vehicles: 1, faults: "healthy=1", idPrefix: "pbad", windowsPerClass: 1 });
    const id = plan.vehicles[0]!.vehicleId;
    await (await new Kvm(nc).open(PROFILE_BUCKET)).put(id, new Uint8Array([0xff, 0x00]));
    await jetstream(nc).publish(telemetrySubject(id), plan.windowBytes(0, 0, 1_000));
    await waitUntil("the report", async () => (await reportsOf(id)).length === 1, 30_000);
    expect(node.counters.profileReadErrors).toBe(1);
    expect(logger.lines.some((l) => l.includes("vehicle profile in the bucket is invalid") && l.includes(id))).toBe(true);
  } finally {
    await node.stop();
  }
}, 60_000);

it("a profile bucket that does not answer is logged and counted, and the window is still diagnosed", async () => {
  const { nc } = env;
  const logger = collectingLogger();
  const node = await env.startNode({ nodeId: "pgone", shards: 2, logger });
  try {
    await node.system.ready();
    await (await jetstreamManager(nc)).streams.delete(`KV_${PROFILE_BUCKET}`);
    const plan = planFleet({ vehicles: 1, faults: "healthy=1", idPrefix: "pgone", windowsPerClass: 1 });
    const id = plan.vehicles[0]!.vehicleId;
    await jetstream(nc).publish(telemetrySubject(id), plan.windowBytes(0, 0, 1_000));
    await waitUntil("the report", async () => (await reportsOf(id)).length === 1, 30_000);
    expect(node.counters.profileReadErrors).toBe(1);
    expect(logger.lines.some((l) => l.includes("vehicle profile unavailable") && l.includes(id))).toBe(true);
  } finally {
    await node.stop();
  }
}, 60_000);
