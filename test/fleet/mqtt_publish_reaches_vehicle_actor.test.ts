/**
 * MQTT 3.1.1 (the `mqtt` package) publishing a telemetry window to `vtox/telemetry/<vehicleId>`
 * through nats-server's MQTT listener reaches the vehicle actor (the server's partition mapping
 * applies to MQTT publishes too), which diagnoses it; a malformed MQTT payload is rejected by its
 * vehicle actor at once (no retry) with a reason on `vtox.dlq.receive.vehicle.<id>`, kept as the
 * bytes that were sent, and counted. The shipped MQTT server config is valid for nats-server and
 * carries the telemetry mapping.
 */
import { expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import mqtt from "mqtt";
import { DLQ_HEADERS, DLQ_STREAM } from "../../actors/runtime/mod.ts";
import { planFleet, TELEMETRY_MAPPING_CONFIG, telemetryMqttTopic, VEHICLE_KIND } from "../../actors/fleet/mod.ts";
import { freePort, repoRoot } from "../harness/mod.ts";
import { readStream, useFleetNode, waitUntil } from "./fleet_fixtures.ts";

let mqttPort: number;
const env = useFleetNode({ nodeId: "mq1", shards: 4 }, async () => {
  mqttPort = await freePort();
  return { serverName: "vtox-mqtt-test", mqttPort };
});

it("delivers an MQTT 3.1.1 window to the vehicle actor, which publishes its health", async () => {
  const { node } = env;
  const plan = planFleet({ vehicles: 1, faults: "turn_fault=1", idPrefix: "mq", windowsPerClass: 1 });
  const vehicleId = plan.vehicles[0]!.vehicleId;
  const ts = Date.now();
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { protocolVersion: 4, clientId: "vtox-edge-1", reconnectPeriod: 0 });
  try {
    await client.publishAsync(telemetryMqttTopic(vehicleId), Buffer.from(plan.windowBytes(0, 0, ts)), { qos: 1 });
  } finally {
    await client.endAsync();
  }
  const ref = node.system.ref(VEHICLE_KIND, vehicleId);
  let report: any = null;
  await waitUntil("the vehicle actor's health report", async () => {
    report = await ref.ask("health", undefined, { timeoutMs: 2_000 });
    return report !== null;
  }, 30_000);
  expect(report.vehicleId).toBe(vehicleId);
  expect(report.windowTimestamp).toBe(ts);
  expect(report.findings).toContain("turn_fault");
  const summary = await ref.ask<any>("summary");
  expect(summary.windows).toBe(1);
});

it("rejects a malformed MQTT payload with a reason on vtox.dlq.receive.vehicle.<id> and counts it", async () => {
  const { nc, node } = env;
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { protocolVersion: 4, clientId: "vtox-edge-2", reconnectPeriod: 0 });
  try {
    await client.publishAsync(telemetryMqttTopic("mq-bad"), Buffer.from("timestamp,Ia,Ib,Ic\n0,1,2,3\n"), { qos: 1 });
  } finally {
    await client.endAsync();
  }
  await waitUntil("the rejection to be counted", () => node.counters.rejected >= 1, 15_000);
  await waitUntil("the dead letter", async () => (await readStream(nc, DLQ_STREAM)).some((m) => m.subject === "vtox.dlq.receive.vehicle.mq-bad"), 15_000);
  const dead = (await readStream(nc, DLQ_STREAM)).filter((m) => m.subject === "vtox.dlq.receive.vehicle.mq-bad");
  expect(dead).toHaveLength(1);
  expect(node.counters.rejected).toBe(1);
  const jsm = await (await import("@nats-io/jetstream")).jetstreamManager(nc);
  const stored = await jsm.streams.getMessage(DLQ_STREAM, { seq: dead[0]!.seq });
  expect(new TextDecoder().decode(stored!.data)).toBe("timestamp,Ia,Ib,Ic\n0,1,2,3\n");
  expect(stored!.header.get(DLQ_HEADERS.subject)).toBe("vtox.actor.vehicle.mq-bad");
  expect(stored!.header.get(DLQ_HEADERS.code)).toBe("TELEMETRY_INVALID");
  expect(stored!.header.get(DLQ_HEADERS.reason)).toMatch(/^vehicle\.mq-bad rejected window \(VTOX_TELEMETRY\.\d+\): Cannot diagnose window for mq-bad: Cannot decode telemetry window/);
});

it("ships an MQTT server config that nats-server accepts", () => {
  const r = spawnSync(process.env.NATS_SERVER_BIN ?? "nats-server", ["-t", "-c", join(repoRoot, "deploy/nats/vtox-mqtt.conf")], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout + r.stderr).toMatch(/configuration file .*vtox-mqtt\.conf is valid/);
  expect(readFileSync(join(repoRoot, "deploy/nats/vtox-mqtt.conf"), "utf8")).toContain(TELEMETRY_MAPPING_CONFIG);
});
