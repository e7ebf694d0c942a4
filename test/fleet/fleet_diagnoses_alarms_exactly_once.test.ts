/**
 * A simulated fleet with known injected faults on a real nats-server: every accepted window gets
 * exactly one HealthReport and five Diagnoses in the results stream, each vehicle's injected
 * fault is found on the documented subjects, a persisting fault raises one alarm (not one per
 * window), and a window sent twice is diagnosed once.
 */
import { beforeAll, expect, it } from "vitest";
import { jetstream } from "@nats-io/jetstream";
import {
  ALARMS_STREAM, FAULT_KINDS_FOR_TEST, planFleet, RESULTS_STREAM, runFleetSimulator, telemetrySubject, VEHICLE_KIND, type FleetPlan,
} from "./fleet_test_api.ts";
import { readStream, useFleetNode, waitUntil, type StoredMessage } from "./fleet_fixtures.ts";

const WINDOWS_PER_VEHICLE = 3;
const env = useFleetNode({ nodeId: "t1", shards: 8 });
let plan: FleetPlan;
let results: StoredMessage[];
let alarms: StoredMessage[];
const accepted: { vehicleId: string; ts: number }[] = [];

beforeAll(async () => {
  const { nc, node } = env;
  plan = planFleet({ vehicles: 6, faults: "healthy=1,broken_bar=1,eccentricity=1,bearing=1,turn_fault=1,insulation=1", windowsPerClass: 2 });
  const p = await runFleetSimulator(nc, {
    vehicles: 6, faults: "", plan, rate: 40, windows: 6 * WINDOWS_PER_VEHICLE,
    onAccepted: (vehicleId, ts) => accepted.push({ vehicleId, ts }),
  });
  expect(p.failed).toBe(0);
  await waitUntil("a health report for every accepted window", () => node.counters.windows >= accepted.length, 90_000);
  // A vehicle re-sends its first window (same timestamp) under a new telemetry msgID: it must not be diagnosed twice.
  const first = accepted[0]!;
  const idx = plan.vehicles.findIndex((v) => v.vehicleId === first.vehicleId);
  await jetstream(nc).publish(telemetrySubject(first.vehicleId), plan.windowBytes(idx, 0, first.ts), { msgID: `resend-${first.ts}` });
  await waitUntil("the resent window to be recognised", () => node.counters.duplicates >= 1, 30_000);
  // Give a (wrong) second diagnosis the time it would need to show up.
  await new Promise((r) => setTimeout(r, 1_500));
  results = await readStream(nc, RESULTS_STREAM);
  alarms = await readStream(nc, ALARMS_STREAM);
}, 180_000);

it("stores exactly one HealthReport and five Diagnoses per accepted window", () => {
  expect(accepted).toHaveLength(6 * WINDOWS_PER_VEHICLE);
  const health = results.filter((m) => m.subject.startsWith("vtox.health."));
  const keys = health.map((m) => `${m.value.vehicleId}.${m.value.windowTimestamp}`);
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys.sort()).toEqual(accepted.map((a) => `${a.vehicleId}.${a.ts}`).sort());
  const diag = results.filter((m) => m.subject.startsWith("vtox.diagnosis."));
  expect(diag).toHaveLength(accepted.length * 5);
  const dkeys = new Set(diag.map((m) => `${m.value.vehicleId}.${m.value.windowTimestamp}.${m.value.fault}`));
  expect(dkeys.size).toBe(diag.length);
  for (const m of results) {
    expect(m.contentType).toBe("application/cbor");
    expect(m.msgId).toMatch(/^[A-Za-z0-9_-]+\.\d+\.(health|diagnosis\.[a-z_]+)$/);
  }
});

it("finds each vehicle's injected fault on vtox.health.<id> and vtox.diagnosis.<id>.<fault>", () => {
  for (const v of plan.vehicles) {
    const reports = results.filter((m) => m.subject === `vtox.health.${v.vehicleId}`).map((m) => m.value);
    expect(reports).toHaveLength(WINDOWS_PER_VEHICLE);
    for (const r of reports) {
      if (v.label === "healthy") {
        expect(r.status, `${v.vehicleId} healthy: ${r.summary}`).toBe("normal");
      } else {
        expect(r.findings, `${v.vehicleId} with ${v.label}: ${r.summary}`).toContain(v.label);
        const d = results.find((m) => m.subject === `vtox.diagnosis.${v.vehicleId}.${v.label}` && m.value.windowTimestamp === r.windowTimestamp);
        expect(["warning", "fault"]).toContain(d!.value.status);
        // The report carries the verdict; the evidence travels once, on the diagnosis subject.
        expect(r.diagnoses[v.label]).toEqual({ status: d!.value.status, severity: d!.value.severity, confidence: d!.value.confidence, basis: d!.value.basis, conclusion: d!.value.conclusion });
        expect(Object.keys(d!.value.features).length).toBeGreaterThan(0);
      }
    }
  }
  expect(FAULT_KINDS_FOR_TEST.every((f) => plan.vehicles.some((v) => v.label === f))).toBe(true);
});

it("raises one alarm per persisting fault on vtox.alarm.<id>.<fault>, never re-raised every window", () => {
  for (const v of plan.vehicles) {
    const mine = alarms.filter((m) => m.subject.startsWith(`vtox.alarm.${v.vehicleId}.`)).map((m) => m.value);
    if (v.label === "healthy") {
      expect(mine).toEqual([]);
      continue;
    }
    const raised = mine.filter((a) => a.fault === v.label && a.event === "raised");
    expect(raised, `${v.vehicleId}: ${JSON.stringify(mine.map((a) => [a.fault, a.event]))}`).toHaveLength(1);
    expect(raised[0]!.vehicleId).toBe(v.vehicleId);
    expect(mine.filter((a) => a.event === "raised").length).toBeLessThan(WINDOWS_PER_VEHICLE * 5);
    // An alarm id names its episode; every later event of the episode refers to the same id.
    for (const a of mine.filter((x) => x.fault === v.label)) expect(a.alarmId).toBe(raised[0]!.alarmId);
  }
});

it("learns the healthy vehicle's baseline from its windows' samples (fetched from the telemetry stream)", async () => {
  const { node } = env;
  const healthy = plan.vehicles.find((v) => v.label === "healthy")!;
  const summary = await node.system.ref(VEHICLE_KIND, healthy.vehicleId).ask<any>("summary");
  expect(summary.windows).toBe(WINDOWS_PER_VEHICLE);
  expect(summary.baselineWindows).toBe(WINDOWS_PER_VEHICLE);
  // The turn-fault reference comes from the current samples, so it proves the samples were read.
  expect(summary.baselineTurnFaultRef).toBe(WINDOWS_PER_VEHICLE);
  const faulty = plan.vehicles.find((v) => v.label === "bearing")!;
  expect((await node.system.ref(VEHICLE_KIND, faulty.vehicleId).ask<any>("summary")).baselineWindows).toBe(0);
});

it("diagnoses a window sent twice only once", () => {
  const { node } = env;
  expect(node.counters.windows).toBe(accepted.length);
  const first = accepted[0]!;
  const health = results.filter((m) => m.subject === `vtox.health.${first.vehicleId}` && m.value.windowTimestamp === first.ts);
  expect(health).toHaveLength(1);
});
