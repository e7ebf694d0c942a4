import { beforeAll, describe, expect, it } from "vitest";
import { analyzeFault } from "../../actors/analyzers/mod.ts";
import { turnFaultScale } from "../../actors/domain/mod.ts";
import { type Dsp, loadDsp } from "../../wasm/mod.ts";
import { DEFAULT_INDUCTION_PROFILE, DEFAULT_PMSM_PROFILE, windowOf } from "./simulated_window.ts";

let dsp: Dsp;
beforeAll(async () => {
  dsp = await loadDsp();
});

describe("turn_fault analyzer", () => {
  for (const phase of ["a", "b", "c"] as const) {
    for (const profile of [DEFAULT_INDUCTION_PROFILE, DEFAULT_PMSM_PROFILE]) {
      it(`flags a phase-${phase} fault at severity 0.4 on ${profile.motorType}, names the phase, measures I2/I1`, () => {
        const w = windowOf({ profile, loadPercent: 60, faults: [{ kind: "turn_fault", severity: 0.4, phase }], seed: 31 });
        const d = analyzeFault("turn_fault", dsp, w, profile);
        expect(d.status).toBe("warning");
        expect(d.features.faulted_phase.value).toBe(phase.toUpperCase());
        expect(d.features.i2_i1.value as number).toBeCloseTo(turnFaultScale.toQuantity(0.4), 2);
        const third = String(d.features.third_harmonic.value).split("/").map(Number);
        const idx = ["a", "b", "c"].indexOf(phase);
        expect(third[idx]).toBeGreaterThan(Math.max(...third.filter((_, i) => i !== idx)));
        expect(d.features.park_ellipticity.value as number).toBeGreaterThan(0.1);
      });
    }
  }

  it("names the phase without voltages from the typical power-factor angle at the known load", () => {
    const w = windowOf({ voltages: false, loadPercent: 30, faults: [{ kind: "turn_fault", severity: 0.5, phase: "b" }], seed: 32 });
    const d = analyzeFault("turn_fault", dsp, w, DEFAULT_INDUCTION_PROFILE);
    expect(d.features.faulted_phase.value).toBe("B");
    expect(String(d.features.power_factor_angle.description)).toMatch(/typical/);
  });

  it("stays normal under a 1 % supply voltage unbalance (I2/I1 ≈ 3 %)", () => {
    const d = analyzeFault("turn_fault", dsp, windowOf({ supplyUnbalance: 0.01 }), DEFAULT_INDUCTION_PROFILE);
    expect(d.status).toBe("normal");
    expect(d.features.i2_i1.value as number).toBeGreaterThan(0.02);
    expect(d.features.voltage_unbalance.value as number).toBeCloseTo(0.01, 3);
  });

  it("refuses fewer than 10 cycles of the fundamental", () => {
    const w = windowOf({ samples: 256, vibrationSamples: 0, speedRpm: 300 }); // 0.25 s of a ≈ 10 Hz supply
    const d = analyzeFault("turn_fault", dsp, w, DEFAULT_INDUCTION_PROFILE);
    expect(d.status).toBe("insufficient_data");
    expect(d.reason).toMatch(/cycles/);
  });
});
