/**
 * The bearing band scan compares bands on the race and ball families and reads the cage line in
 * the winning band only: asking `defectFamilyEvidence` for some families gives exactly those
 * entries of the full evaluation, in the same order.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { bearingDefectFrequencies } from "../../actors/domain/mod.ts";
import { BEARING_DEFECTS, defectFamilyEvidence } from "../../actors/analyzers/bearing_lines.ts";
import { type Dsp, loadDsp } from "../../wasm/mod.ts";
import { DEFAULT_INDUCTION_PROFILE, windowOf } from "./simulated_window.ts";

let dsp: Dsp;
beforeAll(async () => {
  dsp = await loadDsp();
});

describe("defectFamilyEvidence with a family filter", () => {
  it("returns the same evidence as the full evaluation for the families asked", () => {
    const w = windowOf({ seed: 51, faults: [{ kind: "bearing", severity: 0.6, defect: "ball" }] });
    const freqs = bearingDefectFrequencies(DEFAULT_INDUCTION_PROFILE.bearing!, 1440 / 60);
    const env = dsp.envelopeSpectrum(w.vibration!, w.vibrationSampleRateHz!, 2500, 3500);
    const all = defectFamilyEvidence(dsp, env.spectrum, env.df, freqs);
    expect(all.map((f) => f.defect)).toEqual(BEARING_DEFECTS);
    const races = defectFamilyEvidence(dsp, env.spectrum, env.df, freqs, ["outer_race", "inner_race", "ball"]);
    const cage = defectFamilyEvidence(dsp, env.spectrum, env.df, freqs, ["cage"]);
    expect([...races, ...cage]).toEqual(all);
  });
});
