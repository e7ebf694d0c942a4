import { beforeAll, describe, expect, it } from "vitest";
import {
  aggregate,
  analyzeFault,
  BASELINE_WINDOWS,
  diagnoseWindow,
  healthIndex,
  isBaselineReady,
  UnknownFaultError,
  updateBaseline,
  type VehicleBaseline,
} from "../../actors/analyzers/mod.ts";
import { decode, encode } from "cbor-x";
import { type Dsp, loadDsp } from "../../wasm/mod.ts";
import { DEFAULT_INDUCTION_PROFILE, windowOf } from "./simulated_window.ts";

let dsp: Dsp;
beforeAll(async () => {
  dsp = await loadDsp();
});

function learned(): VehicleBaseline {
  let b: VehicleBaseline | undefined;
  for (let i = 0; i < BASELINE_WINDOWS; i++) {
    const w = windowOf({ seed: 100 + i, timestamp: i * 60_000, supplyUnbalance: 0.008 });
    b = updateBaseline(b, dsp, w, DEFAULT_INDUCTION_PROFILE, diagnoseWindow(dsp, w, DEFAULT_INDUCTION_PROFILE, b));
  }
  return b!;
}

describe("per-vehicle baseline", () => {
  it("learns from the first healthy windows, then every analyzer says it used it", () => {
    const b = learned();
    expect(isBaselineReady(b)).toBe(true);
    expect(b.brokenBarLevelDb).toBeLessThan(-50);
    expect(b.insulationHistory.length).toBe(BASELINE_WINDOWS);
    const report = diagnoseWindow(dsp, windowOf({ seed: 200, timestamp: 10 * 60_000 }), DEFAULT_INDUCTION_PROFILE, b);
    for (const d of Object.values(report.diagnoses)) expect(d.basis, d.fault).toBe("baseline");
    expect(report.status).toBe("normal");
  });
  it("is not used before it is complete (basis absolute)", () => {
    const w = windowOf();
    const partial = updateBaseline(undefined, dsp, w, DEFAULT_INDUCTION_PROFILE, diagnoseWindow(dsp, w, DEFAULT_INDUCTION_PROFILE));
    expect(analyzeFault("turn_fault", dsp, w, DEFAULT_INDUCTION_PROFILE, partial).basis).toBe("absolute");
  });
  it("does not learn from a window that raised a finding", () => {
    const w = windowOf({ faults: [{ kind: "broken_bar", severity: 0.7 }] });
    const b = updateBaseline(undefined, dsp, w, DEFAULT_INDUCTION_PROFILE, diagnoseWindow(dsp, w, DEFAULT_INDUCTION_PROFILE));
    expect(b.windows).toBe(0);
    expect(b.brokenBarLevelDb).toBeUndefined();
  });
  it("still detects a fault against the baseline", () => {
    const d = analyzeFault("broken_bar", dsp, windowOf({ seed: 300, faults: [{ kind: "broken_bar", severity: 0.4 }] }), DEFAULT_INDUCTION_PROFILE, learned());
    expect(d.basis).toBe("baseline");
    expect(d.status).toBe("warning");
    expect(d.features.rise_over_baseline.value as number).toBeGreaterThan(6);
  });
  it("survives a CBOR round trip as plain data", () => {
    const b = learned();
    expect(decode(encode(b))).toEqual(b);
  });
});

describe("aggregator", () => {
  it("takes the worst status, lists findings worst first and lowers the health index", () => {
    const w = windowOf({ faults: [{ kind: "bearing", severity: 0.8, defect: "outer_race" }, { kind: "insulation", severity: 0.3 }] });
    const r = diagnoseWindow(dsp, w, DEFAULT_INDUCTION_PROFILE);
    expect(r.status).toBe("fault");
    expect(r.findings).toEqual(["bearing", "insulation"]);
    expect(r.healthIndex).toBeLessThan(40);
    expect(r.summary).toMatch(/bearing: fault/);
  });
  it("is unknown when no analyzer could judge the window", () => {
    const w = { vehicleId: "ev1", motorId: "m1", timestamp: 0, sampleRateHz: 1000, vibration: new Float32Array(100) };
    const r = diagnoseWindow(dsp, w, DEFAULT_INDUCTION_PROFILE);
    expect(r.status).toBe("unknown");
    expect(r.healthIndex).toBe(100);
    expect(r.summary).toMatch(/No analyzer could judge/);
    expect(Object.values(r.diagnoses).every((d) => d.reason)).toBe(true);
  });
  it("health index: 100 when healthy, 100·(1−worst)·Π(1−½·others)", () => {
    const mk = (severity: number, status: "normal" | "warning" | "fault") => ({ severity, status }) as never;
    expect(healthIndex([mk(0, "normal"), mk(0, "normal")])).toBe(100);
    expect(healthIndex([mk(0.6, "fault"), mk(0.2, "warning")])).toBeCloseTo(100 * 0.4 * 0.9, 5);
  });
  it("rejects an unknown fault kind with a named error", () => {
    expect(() => analyzeFault("rotor_rub" as never, dsp, windowOf(), DEFAULT_INDUCTION_PROFILE)).toThrow(UnknownFaultError);
  });
  it("aggregate() keeps the window's identity", () => {
    const w = windowOf({ timestamp: 1234 });
    const r = diagnoseWindow(dsp, w, DEFAULT_INDUCTION_PROFILE);
    const again = aggregate(w, r.diagnoses);
    expect([again.vehicleId, again.motorId, again.windowTimestamp]).toEqual(["ev-test", "m1", 1234]);
  });
});

describe("analyzer failures", () => {
  it("turn an exception on accepted data into an unavailable diagnosis naming the error, and count it", async () => {
    const { analysisFailures } = await import("../../actors/analyzers/mod.ts");
    const w = windowOf({ faults: [{ kind: "bearing", severity: 0.5, defect: "outer_race" }] });
    const broken = { ...w, vibration: w.vibration!.slice() };
    broken.vibration[100] = Number.NaN; // bypasses the edge schema, as a buggy producer would
    const before = analysisFailures.bearing;
    const d = analyzeFault("bearing", dsp, broken, DEFAULT_INDUCTION_PROFILE);
    expect(d.status).toBe("unavailable");
    expect(d.reason).toMatch(/DSP_INVALID_INPUT: .*NaN/);
    expect(analysisFailures.bearing).toBe(before + 1);
  });
  it("refuses phases of unequal length with a clear reason", () => {
    const w = windowOf();
    const d = analyzeFault("turn_fault", dsp, { ...w, currents: { ...w.currents!, b: w.currents!.b.subarray(0, 1000) } }, DEFAULT_INDUCTION_PROFILE);
    expect(d.status).toBe("insufficient_data");
    expect(d.reason).toMatch(/unequal lengths 32768\/1000\/32768/);
  });
});

describe("bearing against the baseline", () => {
  it("still names an outer-race defect that rises over the vehicle's own envelope lines", () => {
    const d = analyzeFault("bearing", dsp, windowOf({ seed: 400, faults: [{ kind: "bearing", severity: 0.4, defect: "outer_race" }] }), DEFAULT_INDUCTION_PROFILE, learned());
    expect(d.basis).toBe("baseline");
    expect(d.features.defect.value).toBe("outer_race");
    expect(d.features.line_rise_over_baseline.value as number).toBeGreaterThan(6);
  });
});
