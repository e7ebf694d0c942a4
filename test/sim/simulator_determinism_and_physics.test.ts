import { beforeAll, describe, expect, it } from "vitest";
import {
  bearingDefectFrequencies,
  brokenBarScale,
  DEFAULT_INDUCTION_PROFILE,
  DEFAULT_PMSM_PROFILE,
  insulationScale,
  turnFaultScale,
} from "../../actors/domain/mod.ts";
import { parseTelemetryWindow } from "../../actors/domain/mod.ts";
import { type SimulationSpec, SimulationSpecError, simulateWindow } from "../../actors/sim/mod.ts";
import { type Dsp, loadDsp } from "../../wasm/mod.ts";

let dsp: Dsp;
beforeAll(async () => {
  dsp = await loadDsp();
});

const base: SimulationSpec = {
  vehicleId: "ev1", profile: DEFAULT_INDUCTION_PROFILE, seed: 42, sampleRateHz: 1024, samples: 32768,
  speedRpm: 1440, loadPercent: 100, noise: 0.005,
};

describe("simulateWindow", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const a = simulateWindow(base);
    const b = simulateWindow(base);
    const c = simulateWindow({ ...base, seed: 43 });
    expect(a.currents!.a).toEqual(b.currents!.a);
    expect(a.vibration).toEqual(b.vibration);
    expect(a.insulation).toEqual(b.insulation);
    expect(a.currents!.a).not.toEqual(c.currents!.a);
  });

  it("produces a window that passes the edge schema", () => {
    const w = simulateWindow({ ...base, faults: [{ kind: "bearing", severity: 0.5, defect: "ball" }] });
    expect(() => parseTelemetryWindow(w)).not.toThrow();
    expect(w.vibration!.length).toBe(16384);
    expect(w.voltages!.a.length).toBe(32768);
    expect(w.torqueNm).toBeGreaterThan(0);
  });

  it("puts broken-bar sidebands at (1−2s)f at the level the severity scale states", () => {
    const w = simulateWindow({ ...base, faults: [{ kind: "broken_bar", severity: 0.5 }] });
    const amp = dsp.amplitudeSpectrum(w.currents!.a, "hann");
    const slip = 0.04;
    const f = 48 / (1 - slip);
    const r = dsp.sidebandsDb(amp, 1024 / 32768, f, [-2 * slip * f], 0.05);
    expect(r.levelsDb[0]).toBeCloseTo(brokenBarScale.toQuantity(0.5), 0);
  });

  it("makes a turn fault's I2/I1 equal to the scale's value", () => {
    for (const phase of ["a", "b", "c"] as const) {
      const w = simulateWindow({ ...base, noise: 0, faults: [{ kind: "turn_fault", severity: 0.5, phase }] });
      const sc = dsp.symmetricalComponents(w.currents!.a, w.currents!.b, w.currents!.c, 1024, 48 / 0.96);
      expect(sc.unbalance).toBeCloseTo(turnFaultScale.toQuantity(0.5), 2);
    }
  });

  it("lowers R_iso to the scale's multiple of the ISO minimum", () => {
    const w = simulateWindow({ ...base, faults: [{ kind: "insulation", severity: 0.5 }] });
    const r = Math.min(w.insulation!.hvPlusOhm, w.insulation!.hvMinusOhm);
    const multiple = r / (100 * DEFAULT_INDUCTION_PROFILE.maxWorkingVoltageV);
    expect(multiple).toBeGreaterThan(insulationScale.toQuantity(0.5) * 0.9);
    expect(multiple).toBeLessThan(insulationScale.toQuantity(0.5) * 1.1);
  });

  it("spaces outer-race impulses at BPFO (envelope spectrum peak)", () => {
    const w = simulateWindow({ ...base, profile: DEFAULT_PMSM_PROFILE, speedRpm: 1200, faults: [{ kind: "bearing", severity: 0.8, defect: "outer_race" }] });
    const env = dsp.envelopeSpectrum(w.vibration!, 12000, 2500, 3500);
    const [top] = dsp.findPeaks(env.spectrum, env.df, 20, 500, 1);
    const bpfo = bearingDefectFrequencies(DEFAULT_PMSM_PROFILE.bearing!, 20).bpfo;
    expect(Math.abs(top.freqHz - bpfo)).toBeLessThan(2 * env.df);
  });

  it("rejects impossible specs with a named field", () => {
    const bad: Array<[Partial<SimulationSpec>, RegExp]> = [
      [{ sampleRateHz: -5 }, /sampleRateHz must be in 1\.\.1e6, got -5/],
      [{ speedRpm: 0 }, /speedRpm/],
      [{ samples: 3.5 }, /samples must be an integer/],
      [{ profile: DEFAULT_PMSM_PROFILE, faults: [{ kind: "broken_bar", severity: 0.5 }] }, /broken bars need an induction motor/],
      [{ faults: [{ kind: "bearing", severity: 1.5, defect: "ball" }] }, /faults\[0\]\.severity must be in 0\.\.1, got 1\.5/],
      [{ vehicleId: "a.b" }, /vehicleId/],
    ];
    for (const [patch, msg] of bad) {
      let err: unknown;
      try {
        simulateWindow({ ...base, ...patch });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SimulationSpecError);
      expect((err as SimulationSpecError).code).toBe("SIM_INVALID_SPEC");
      expect((err as Error).message).toMatch(msg);
    }
  });
});
