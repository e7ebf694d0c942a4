import { beforeAll, describe, expect, it } from "vitest";
import { analyzeFault } from "../../actors/analyzers/mod.ts";
import { eccentricitySidebandScale } from "../../actors/domain/mod.ts";
import { type Dsp, loadDsp } from "../../wasm/mod.ts";
import { DEFAULT_INDUCTION_PROFILE, DEFAULT_PMSM_PROFILE, windowOf } from "./simulated_window.ts";

let dsp: Dsp;
beforeAll(async () => {
  dsp = await loadDsp();
});

describe("eccentricity analyzer", () => {
  it.each(["dynamic", "static", "mixed"] as const)("flags %s eccentricity at severity 0.4 and names the variant", (variant) => {
    const w = windowOf({ faults: [{ kind: "eccentricity", severity: 0.4, variant }], seed: 11 });
    const d = analyzeFault("eccentricity", dsp, w, DEFAULT_INDUCTION_PROFILE);
    expect(d.status).toBe("warning");
    expect(d.severity).toBeGreaterThan(0.3);
    expect(d.features.variant.value).toBe(variant);
  });

  it("finds the current sidebands at f ± fr (fr = f(1−s)/p) at the scale's level", () => {
    const w = windowOf({ faults: [{ kind: "eccentricity", severity: 0.6, variant: "mixed" }], seed: 12 });
    const d = analyzeFault("eccentricity", dsp, w, DEFAULT_INDUCTION_PROFILE);
    const lower = d.frequencies.find((f) => f.label.startsWith("lower sideband") && f.label.endsWith("k=1"))!;
    const f = d.features.supply_frequency.value as number;
    expect(lower.expectedHz).toBeCloseTo(f - 1440 / 60, 2);
    expect(Math.abs(lower.foundHz! - lower.expectedHz)).toBeLessThan(0.1);
    expect(d.features.sideband_level.value as number).toBeCloseTo(eccentricitySidebandScale.toQuantity(0.6), 0);
  });

  it("uses f(1 ± k/p) on a PMSM and flags dynamic eccentricity there too", () => {
    const w = windowOf({ profile: DEFAULT_PMSM_PROFILE, faults: [{ kind: "eccentricity", severity: 0.5, variant: "dynamic" }] });
    const d = analyzeFault("eccentricity", dsp, w, DEFAULT_PMSM_PROFILE);
    expect(d.status).toBe("fault");
    const upper = d.frequencies.find((f) => f.label.startsWith("upper sideband f(1 ∓ k/p), k=1"))!;
    expect(upper.expectedHz).toBeCloseTo(80 + 20, 1);
  });

  it("judges from the current alone when there is no vibration channel", () => {
    const w = windowOf({ vibrationSamples: 0, faults: [{ kind: "eccentricity", severity: 0.6, variant: "dynamic" }] });
    const d = analyzeFault("eccentricity", dsp, w, DEFAULT_INDUCTION_PROFILE);
    expect(d.status).toBe("fault");
    expect(d.features.velocity_1x_2x).toBeUndefined();
    expect(d.features.variant.value).toBe("dynamic or mixed");
  });
});
