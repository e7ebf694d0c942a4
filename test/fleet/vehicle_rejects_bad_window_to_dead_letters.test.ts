/**
 * A window told straight to a vehicle actor that is not a valid window (malformed bytes, another
 * vehicle's window, a body that is not bytes) is not dropped: it is counted once and dead-lettered
 * at once (a rejection is not retried) with the reason and the code TELEMETRY_INVALID; the actor
 * keeps serving valid windows.
 */
import { expect, it } from "vitest";
import { DLQ_HEADERS, DLQ_STREAM } from "../../actors/runtime/mod.ts";
import { planFleet, VEHICLE_KIND } from "../../actors/fleet/mod.ts";
import { readStream, useFleetNode, waitUntil } from "./fleet_fixtures.ts";
import { jetstreamManager } from "@nats-io/jetstream";

const env = useFleetNode({ nodeId: "rej1", shards: 2 });

it("dead-letters bad window tells with the reason, counts each once, and keeps diagnosing", async () => {
  const { nc, node } = env;
  const plan = planFleet({ vehicles: 2, faults: "healthy=1", idPrefix: "rj", windowsPerClass: 1 });
  const ref = node.system.ref(VEHICLE_KIND, "rj-0");
  await ref.tell("window", new Uint8Array([0xff, 0xfe, 0x00]));
  await ref.tell("window", plan.windowBytes(1, 0, 1_000));
  await ref.tell("window", { samples: [1, 2, 3] });
  await ref.tell("window", plan.windowBytes(0, 0, 2_000));
  await waitUntil("the valid window to be diagnosed", () => node.counters.windows >= 1, 30_000);
  await waitUntil("three dead letters", async () => (await readStream(nc, DLQ_STREAM)).length >= 3, 30_000);
  expect(node.counters.rejected).toBe(3);
  const dead = await readStream(nc, DLQ_STREAM);
  expect(dead.map((d) => d.subject)).toEqual(["vtox.dlq.receive.vehicle.rj-0", "vtox.dlq.receive.vehicle.rj-0", "vtox.dlq.receive.vehicle.rj-0"]);
  const jsm = await jetstreamManager(nc);
  const reasons = await Promise.all(dead.map(async (d) => (await jsm.streams.getMessage(DLQ_STREAM, { seq: d.seq }))!.header.get(DLQ_HEADERS.reason)));
  expect(reasons[0]).toMatch(/Cannot diagnose window for rj-0: Cannot decode telemetry window/);
  expect(reasons[1]).toMatch(/Cannot diagnose window for rj-0: it belongs to vehicle "rj-1"/);
  expect(reasons[2]).toMatch(/Cannot diagnose window for rj-0: body must be the CBOR bytes of a telemetry window/);
  for (const d of dead) expect((await jsm.streams.getMessage(DLQ_STREAM, { seq: d.seq }))!.header.get(DLQ_HEADERS.code)).toBe("TELEMETRY_INVALID");
  const health = await ref.ask<any>("health");
  expect(health).toMatchObject({ vehicleId: "rj-0", windowTimestamp: 2_000, status: "normal" });
});
