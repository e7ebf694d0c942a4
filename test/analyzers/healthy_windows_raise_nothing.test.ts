import { beforeAll, describe, expect, it } from "vitest";
import { diagnoseWindow } from "../../actors/analyzers/mod.ts";
import { type Dsp, loadDsp } from "../../wasm/mod.ts";
import { DEFAULT_INDUCTION_PROFILE, DEFAULT_PMSM_PROFILE, windowOf } from "./simulated_window.ts";

let dsp: Dsp;
beforeAll(async () => {
  dsp = await loadDsp();
});

describe("healthy motors raise nothing", () => {
  const cases: Array<[string, Parameters<typeof windowOf>[0]]> = [];
  for (const profile of [DEFAULT_INDUCTION_PROFILE, DEFAULT_PMSM_PROFILE]) {
    const n = profile.motorType === "pmsm" ? 1000 : 2000;
    cases.push(
      [`${profile.motorType}: 1 % supply unbalance`, { profile, supplyUnbalance: 0.01, speedRpm: n }],
      [`${profile.motorType}: 3 % noise`, { profile, noise: 0.03, speedRpm: n * 0.6, seed: 2 }],
      [`${profile.motorType}: 4 % inverter harmonics`, { profile, harmonics: 0.04, speedRpm: n * 0.8, seed: 3 }],
      [`${profile.motorType}: 2 % speed change in the window`, { profile, speedChangeRpm: n * 0.02, loadPercent: 60, seed: 4 }],
      [`${profile.motorType}: 10 % load`, { profile, loadPercent: 10, speedRpm: n * 0.4, seed: 5 }],
      [`${profile.motorType}: everything at once`, { profile, supplyUnbalance: 0.01, noise: 0.03, harmonics: 0.04, speedChangeRpm: -n * 0.02, loadPercent: 100, seed: 6 }],
    );
  }
  it.each(cases)("%s", (_name, overrides) => {
    const report = diagnoseWindow(dsp, windowOf(overrides), overrides!.profile!);
    const flagged = Object.values(report.diagnoses).filter((d) => d.status === "warning" || d.status === "fault");
    expect(flagged.map((d) => `${d.fault}: ${d.conclusion}`)).toEqual([]);
    expect(report.status).toBe("normal");
    expect(report.healthIndex).toBeGreaterThan(80);
  });
});
