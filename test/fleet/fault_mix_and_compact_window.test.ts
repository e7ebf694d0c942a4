/**
 * Fleet planning edges: the fault mix is parsed with errors naming the bad entry, vehicles are
 * assigned to classes deterministically by weight, and the compact Int16 window decodes through
 * the domain parser to within one quantisation step of the original.
 */
import { expect, it } from "vitest";
import { assignClasses, compactWindow, FleetConfigError, parseFaultMix, planFleet } from "../../actors/fleet/mod.ts";
import { DEFAULT_INDUCTION_PROFILE, parseTelemetryWindow } from "../../actors/domain/mod.ts";
import { decodeValue, encodeValue } from "../../actors/runtime/mod.ts";
import { simulateWindow } from "../../actors/sim/mod.ts";

it("rejects bad mixes naming what is wrong", () => {
  const cases: [string, RegExp][] = [
    ["", /it is empty/],
    ["bearing", /entry "bearing" is not <kind>\[:<variant>\]=<weight>/],
    ["rust=1", /unknown kind "rust"/],
    ["bearing:outer=1", /bearing variant must be one of outer_race, inner_race, ball, got "outer"/],
    ["broken_bar:a=1", /broken_bar takes no variant/],
    ["healthy=0,bearing=0", /every weight is 0/],
  ];
  for (const [text, re] of cases) {
    const err = (() => { try { parseFaultMix(text); } catch (e) { return e; } })() as FleetConfigError;
    expect(err, text).toBeInstanceOf(FleetConfigError);
    expect(err.code).toBe("FAULT_MIX_INVALID");
    expect(err.message).toMatch(re);
  }
});

it("assigns vehicles to classes by weight, the same way every time", () => {
  const mix = parseFaultMix("healthy=6,bearing:inner_race=2,broken_bar=1,turn_fault=1");
  const a = assignClasses(mix, 10).map((e) => e.label);
  expect(a).toEqual(["healthy", "healthy", "healthy", "healthy", "healthy", "healthy", "bearing", "bearing", "broken_bar", "turn_fault"]);
  const big = assignClasses(mix, 1001);
  expect(big).toHaveLength(1001);
  expect(big.filter((e) => e.label === "healthy").length).toBe(601);
  expect(assignClasses(mix, 7).map((e) => e.label)).toEqual(assignClasses(mix, 7).map((e) => e.label));
});

it("plans vehicles with subject-safe ids and induction motors for broken bars", () => {
  const plan = planFleet({ vehicles: 12, faults: "healthy=1,broken_bar=1", idPrefix: "bus", windowsPerClass: 1 });
  expect(plan.vehicles.map((v) => v.vehicleId).slice(0, 3)).toEqual(["bus-00", "bus-01", "bus-02"]);
  for (const v of plan.vehicles.filter((x) => x.label === "broken_bar")) expect(v.profile.motorType).toBe("induction");
  expect(() => planFleet({ vehicles: 0, faults: "healthy=1" })).toThrow(/vehicles must be an integer in 1..1000000, got 0/);
  expect(() => planFleet({ vehicles: 2, faults: "healthy=1", idPrefix: "a.b" })).toThrow(/idPrefix must match/);
  const w = parseTelemetryWindow(decodeValue(plan.windowBytes(3, 0, 1_700_000_000_000)));
  expect(w.vehicleId).toBe("bus-03");
  expect(w.timestamp).toBe(1_700_000_000_000);
  expect(w.currents!.a.length).toBe(4096);
  expect(w.vibration!.length).toBe(4096);
  expect(w.voltages).toBeUndefined();
});

it("decodes the compact Int16 window to within one quantisation step", () => {
  const w = simulateWindow({ vehicleId: "ev1", profile: DEFAULT_INDUCTION_PROFILE, seed: 3, sampleRateHz: 1024, samples: 4096, vibrationSampleRateHz: 12000, vibrationSamples: 4096, speedRpm: 1450, loadPercent: 70 });
  const c = compactWindow(w);
  const bytes = encodeValue(c);
  expect(bytes.length).toBeLessThan(encodeValue(w).length * 0.6);
  const back = parseTelemetryWindow(decodeValue(bytes));
  for (const [orig, dec, step] of [[w.currents!.a, back.currents!.a, c.currents!.scale], [w.vibration!, back.vibration!, c.vibrationScale!]] as const) {
    let worst = 0;
    for (let i = 0; i < orig.length; i++) worst = Math.max(worst, Math.abs(orig[i]! - dec[i]!));
    expect(worst).toBeLessThanOrEqual(step * 0.5 + 1e-6 * step + Math.abs(step) * 1e-3);
  }
});
