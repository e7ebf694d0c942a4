/**
 * A vehicle actor scans every bearing band on its first window and every BAND_SCAN_EVERY windows
 * after; in between it passes the band its last scan chose, and the analyzer weighs the SK band
 * against that band alone. Every window of a vehicle with a bearing defect still finds it, and
 * the diagnosis on vtox.diagnosis.<id>.bearing says which kind of scan it came from.
 */
import { beforeAll, expect, it } from "vitest";
import { BAND_SCAN_EVERY } from "../../actors/analyzers/mod.ts";
import { planFleet, RESULTS_STREAM, runFleetSimulator, VEHICLE_KIND, type FleetPlan } from "./fleet_test_api.ts";
import { readStream, useFleetNode, waitUntil, type StoredMessage } from "./fleet_fixtures.ts";

const WINDOWS = BAND_SCAN_EVERY + 2;
const env = useFleetNode({ nodeId: "t1", shards: 4 });
let plan: FleetPlan;
let bearing: StoredMessage[];

beforeAll(async () => {
  const { nc, node } = env;
  plan = planFleet({ vehicles: 1, faults: "bearing=1", windowsPerClass: 3 });
  let accepted = 0;
  // One window at a time: the vehicle's windows are diagnosed in order either way, but a slow rate
  // keeps the test's meaning plain.
  const p = await runFleetSimulator(nc, { vehicles: 1, faults: "", plan, rate: 20, windows: WINDOWS, onAccepted: () => accepted++ });
  expect(p.failed).toBe(0);
  await waitUntil("every window diagnosed", () => node.counters.windows >= accepted, 60_000);
  bearing = (await readStream(nc, RESULTS_STREAM))
    .filter((m) => m.subject === `vtox.diagnosis.${plan.vehicles[0]!.vehicleId}.bearing`)
    .sort((a, b) => a.value.windowTimestamp - b.value.windowTimestamp);
}, 120_000);

it("scans fully on the first window and every BAND_SCAN_EVERY windows, and remembers in between", () => {
  expect(bearing).toHaveLength(WINDOWS);
  const scans = bearing.map((m) => m.value.features.band_scan.value);
  expect(scans).toEqual(Array.from({ length: WINDOWS }, (_, i) => (i % BAND_SCAN_EVERY === 0 ? "full" : "remembered")));
});

it("finds the injected bearing defect in every window, scanned or remembered", () => {
  const injected = plan.vehicles[0]!.injection!;
  expect(injected).toMatchObject({ kind: "bearing", defect: "outer_race" });
  for (const m of bearing) {
    expect(["warning", "fault"]).toContain(m.value.status);
    expect(m.value.features.defect.value).toBe("outer_race");
  }
});

it("keeps the band of its last full scan in its state", async () => {
  const summary = await env.node.system.ref(VEHICLE_KIND, plan.vehicles[0]!.vehicleId).ask<any>("summary");
  const last = bearing[BAND_SCAN_EVERY]!.value.features;
  expect(summary.bearingBand).toMatchObject({ lowHz: last.band_low.value, highHz: last.band_high.value, window: BAND_SCAN_EVERY });
  expect(summary.bearingBand.validFor).toMatch(/^12000:/);
});
