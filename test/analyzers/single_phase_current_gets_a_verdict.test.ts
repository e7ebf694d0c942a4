/**
 * Motor current signature analysis is single-phase by nature: a window with only one measured
 * phase (the others empty, "not measured") still gets broken-bar and eccentricity verdicts from
 * that phase, and the turn-fault analyzer says plainly that it needs all three.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeFault, diagnoseWindow } from "../../actors/analyzers/mod.ts";
import type { TelemetryWindow, ThreePhase } from "../../actors/domain/mod.ts";
import { type Dsp, loadDsp } from "../../wasm/mod.ts";
import { DEFAULT_INDUCTION_PROFILE, windowOf } from "./simulated_window.ts";

let dsp: Dsp;
beforeAll(async () => {
  dsp = await loadDsp();
});

const none = new Float32Array(0);

/** Keeps only the named phase of the currents (the others become empty) and drops voltages and vibration. */
function onlyPhase(w: TelemetryWindow, phase: keyof ThreePhase): TelemetryWindow {
  const currents: ThreePhase = { a: none, b: none, c: none };
  currents[phase] = w.currents![phase];
  return { ...w, currents, voltages: undefined, vibration: undefined, vibrationSampleRateHz: undefined };
}

describe("a single measured phase", () => {
  it.each([0.4, 0.7])("finds broken bars at severity %s from phase a alone, at the injected level", (severity) => {
    const w = onlyPhase(windowOf({ seed: 31, faults: [{ kind: "broken_bar", severity }] }), "a");
    const d = analyzeFault("broken_bar", dsp, w, DEFAULT_INDUCTION_PROFILE);
    expect(["warning", "fault"]).toContain(d.status);
    expect(d.severity).toBeCloseTo(severity, 1);
  });

  it("finds broken bars when only phase b was measured", () => {
    const w = onlyPhase(windowOf({ seed: 32, faults: [{ kind: "broken_bar", severity: 0.6 }] }), "b");
    const d = analyzeFault("broken_bar", dsp, w, DEFAULT_INDUCTION_PROFILE);
    expect(d.status).toBe("fault");
    expect(d.severity).toBeCloseTo(0.6, 1);
  });

  it("finds eccentricity from the rotation sidebands of phase a alone (no vibration channel)", () => {
    const w = onlyPhase(windowOf({ seed: 33, faults: [{ kind: "eccentricity", severity: 0.6, variant: "dynamic" }] }), "a");
    const d = analyzeFault("eccentricity", dsp, w, DEFAULT_INDUCTION_PROFILE);
    expect(d.status).toBe("fault");
    expect(d.severity).toBeCloseTo(0.6, 1);
    expect(d.features.variant.value).toBe("dynamic or mixed");
  });

  it("keeps a healthy single-phase motor normal for broken bars and eccentricity", () => {
    const w = onlyPhase(windowOf({ seed: 34, supplyUnbalance: 0.01, harmonics: 0.04 }), "a");
    for (const fault of ["broken_bar", "eccentricity"] as const) {
      expect(analyzeFault(fault, dsp, w, DEFAULT_INDUCTION_PROFILE).status).toBe("normal");
    }
  });

  it("turn_fault answers insufficient_data: it needs three phase currents", () => {
    const w = onlyPhase(windowOf({ seed: 35, faults: [{ kind: "turn_fault", severity: 0.6, phase: "a" }] }), "a");
    const d = analyzeFault("turn_fault", dsp, w, DEFAULT_INDUCTION_PROFILE);
    expect(d.status).toBe("insufficient_data");
    expect(d.reason).toMatch(/^needs three phase currents, got 1/);
  });

  it("two measured phases are still not enough for the turn-fault analyzer", () => {
    const w = windowOf({ seed: 36 });
    const d = analyzeFault("turn_fault", dsp, { ...w, currents: { ...w.currents!, c: none } }, DEFAULT_INDUCTION_PROFILE);
    expect(d.reason).toMatch(/^needs three phase currents, got 2/);
  });

  it("a whole report on a single-phase broken-bar window names broken_bar and has no unavailable analyzer", () => {
    const w = onlyPhase(windowOf({ seed: 37, faults: [{ kind: "broken_bar", severity: 0.6 }] }), "a");
    const r = diagnoseWindow(dsp, w, DEFAULT_INDUCTION_PROFILE);
    expect(r.findings).toEqual(["broken_bar"]);
    for (const d of Object.values(r.diagnoses)) expect(d.status).not.toBe("unavailable");
  });

  it("still refuses measured phases of unequal length, naming the lengths", () => {
    const w = windowOf({ seed: 38 });
    const d = analyzeFault("broken_bar", dsp, { ...w, currents: { a: w.currents!.a, b: w.currents!.b.subarray(0, 1000), c: none } }, DEFAULT_INDUCTION_PROFILE);
    expect(d.status).toBe("insufficient_data");
    expect(d.reason).toMatch(/unequal lengths 32768\/1000\/0/);
  });
});
