import { beforeAll, describe, expect, it } from "vitest";
import { analyzeFault } from "../../actors/analyzers/mod.ts";
import { brokenBarScale, type Diagnosis } from "../../actors/domain/mod.ts";
import { RATED_SLIP } from "../../actors/sim/mod.ts";
import { type Dsp, loadDsp } from "../../wasm/mod.ts";
import { DEFAULT_INDUCTION_PROFILE, DEFAULT_PMSM_PROFILE, windowOf } from "./simulated_window.ts";

let dsp: Dsp;
beforeAll(async () => {
  dsp = await loadDsp();
});

const line = (d: Diagnosis, label: string) => d.frequencies.find((f) => f.label.startsWith(label))!;

describe("broken_bar analyzer", () => {
  it.each([0.3, 0.5, 0.8])("flags severity %s with the (1−2s)f line at the scale's level and frequency", (severity) => {
    const w = windowOf({ faults: [{ kind: "broken_bar", severity }], seed: Math.round(severity * 100) });
    const d = analyzeFault("broken_bar", dsp, w, DEFAULT_INDUCTION_PROFILE);
    expect(["warning", "fault"]).toContain(d.status);
    expect(d.basis).toBe("absolute");
    expect(d.severity).toBeCloseTo(severity, 1);
    const slip = RATED_SLIP * 0.8;
    const f = (1440 / 60) * 2 / (1 - slip);
    const lower = line(d, "lower sideband (1-2s)f");
    expect(lower.expectedHz).toBeCloseTo((1 - 2 * slip) * f, 1);
    expect(Math.abs(lower.foundHz! - lower.expectedHz)).toBeLessThan(0.1);
    expect(lower.level!).toBeCloseTo(brokenBarScale.toQuantity(severity), 0);
    expect(d.features.slip.value as number).toBeCloseTo(slip, 4);
  });

  it("reports the intact cage on a healthy motor as normal with sidebands ≥ 50 dB down", () => {
    const d = analyzeFault("broken_bar", dsp, windowOf({ supplyUnbalance: 0.01, harmonics: 0.04 }), DEFAULT_INDUCTION_PROFILE);
    expect(d.status).toBe("normal");
    expect(d.features.sideband_level.value as number).toBeLessThan(-50);
  });

  it("is not applicable to a PMSM", () => {
    const d = analyzeFault("broken_bar", dsp, windowOf({ profile: DEFAULT_PMSM_PROFILE }), DEFAULT_PMSM_PROFILE);
    expect(d.status).toBe("not_applicable");
    expect(d.reason).toMatch(/induction/);
  });

  it("refuses when the slip puts the sidebands inside the resolution, saying how long to record", () => {
    // 10 % load → slip 0.4 %, 2sf ≈ 0.39 Hz; 4 s at 1024 Hz resolves only 0.25 Hz bins.
    const w = windowOf({ loadPercent: 10, samples: 4096, faults: [{ kind: "broken_bar", severity: 0.8 }] });
    const d = analyzeFault("broken_bar", dsp, w, DEFAULT_INDUCTION_PROFILE);
    expect(d.status).toBe("insufficient_data");
    expect(d.reason).toMatch(/resolution .* record ≥ [\d.]+ s/);
  });

  it("refuses without a speed signal, since slip is unknown", () => {
    const w = windowOf({ faults: [{ kind: "broken_bar", severity: 0.8 }] });
    delete w.speedRpm;
    const d = analyzeFault("broken_bar", dsp, w, DEFAULT_INDUCTION_PROFILE);
    expect(d.status).toBe("insufficient_data");
    expect(d.reason).toMatch(/slip/);
  });

  it("refuses when the speed changed within the window enough to smear the sidebands", () => {
    const w = windowOf({ loadPercent: 30, speedChangeRpm: 30, faults: [{ kind: "broken_bar", severity: 0.8 }] });
    const d = analyzeFault("broken_bar", dsp, w, DEFAULT_INDUCTION_PROFILE);
    expect(d.status).toBe("insufficient_data");
    expect(d.reason).toMatch(/moved .* within the window/);
  });
});
