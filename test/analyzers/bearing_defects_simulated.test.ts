import { beforeAll, describe, expect, it } from "vitest";
import { analyzeFault } from "../../actors/analyzers/mod.ts";
import { bearingDefectFrequencies, BEARING_6205 } from "../../actors/domain/mod.ts";
import { type Dsp, loadDsp } from "../../wasm/mod.ts";
import { DEFAULT_INDUCTION_PROFILE, DEFAULT_PMSM_PROFILE, windowOf } from "./simulated_window.ts";

let dsp: Dsp;
beforeAll(async () => {
  dsp = await loadDsp();
});

const LINE = { outer_race: "BPFO", inner_race: "BPFI", ball: "2xBSF" } as const;

describe("bearing analyzer on simulated impulses", () => {
  for (const defect of ["outer_race", "inner_race", "ball"] as const) {
    for (const [profile, speed] of [[DEFAULT_INDUCTION_PROFILE, 1440], [DEFAULT_PMSM_PROFILE, 900]] as const) {
      it(`names ${defect} at severity 0.3 on ${profile.motorType} at ${speed} rpm, line at the geometric frequency`, () => {
        const w = windowOf({ profile, speedRpm: speed, faults: [{ kind: "bearing", severity: 0.3, defect }], seed: 21 });
        const d = analyzeFault("bearing", dsp, w, profile);
        expect(d.status).toBe("warning");
        expect(d.features.defect.value).toBe(defect);
        const f = bearingDefectFrequencies(BEARING_6205, speed / 60);
        const expected = defect === "outer_race" ? f.bpfo : defect === "inner_race" ? f.bpfi : 2 * f.bsf;
        const line = d.frequencies.find((x) => x.label === `1x ${LINE[defect]} (envelope)`)!;
        expect(line.expectedHz).toBeCloseTo(expected, 2);
        expect(Math.abs(line.foundHz! - expected) / expected).toBeLessThan(0.01);
        expect(line.level!).toBeGreaterThan(10);
      });
    }
  }

  it("reads a stronger defect as more severe", () => {
    const sev = [0.3, 0.6, 0.9].map((s) =>
      analyzeFault("bearing", dsp, windowOf({ faults: [{ kind: "bearing", severity: s, defect: "outer_race" }], seed: 5 }), DEFAULT_INDUCTION_PROFILE).severity
    );
    expect(sev[1]).toBeGreaterThan(sev[0]);
    expect(sev[2]).toBeGreaterThan(sev[1]);
    expect(sev[2]).toBeGreaterThanOrEqual(0.5);
  });

  it("refuses without geometry, without speed, and on too short a record", () => {
    const w = windowOf({ faults: [{ kind: "bearing", severity: 0.8, defect: "outer_race" }] });
    const { bearing: _b, ...noGeometry } = DEFAULT_INDUCTION_PROFILE;
    expect(analyzeFault("bearing", dsp, w, noGeometry).reason).toMatch(/geometry/);
    const noSpeed = { ...w, speedRpm: undefined };
    expect(analyzeFault("bearing", dsp, noSpeed, DEFAULT_INDUCTION_PROFILE).reason).toMatch(/speed/);
    const short = { ...w, vibration: w.vibration!.subarray(0, 1000) };
    const d = analyzeFault("bearing", dsp, short, DEFAULT_INDUCTION_PROFILE);
    expect(d.status).toBe("insufficient_data");
    expect(d.reason).toMatch(/too few/);
  });
});
