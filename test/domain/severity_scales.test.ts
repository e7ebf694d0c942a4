import { describe, expect, it } from "vitest";
import {
  BEARING_6205,
  bearingDefectFrequencies,
  bearingScale,
  brokenBarScale,
  eccentricitySidebandScale,
  eccentricityVibrationScale,
  FAULT_SEVERITY,
  insulationScale,
  statusForSeverity,
  turnFaultScale,
  WARNING_SEVERITY,
} from "../../actors/domain/mod.ts";
import { brokenBarSidebands, eccentricitySidebands, slipFromSpeed } from "../../actors/domain/mod.ts";

const scales = { brokenBarScale, eccentricitySidebandScale, eccentricityVibrationScale, bearingScale, turnFaultScale, insulationScale };

describe("severity scales", () => {
  for (const [name, scale] of Object.entries(scales)) {
    it(`${name}: severity → quantity → severity is the identity on [0, 1]`, () => {
      for (let s = 0; s <= 1.0001; s += 0.05) expect(scale.toSeverity(scale.toQuantity(s))).toBeCloseTo(Math.min(s, 1), 9);
    });
  }
  it("puts the thresholds on the stated physical criteria", () => {
    expect(brokenBarScale.toQuantity(WARNING_SEVERITY)).toBeCloseTo(-48, 9); // top of the one-bar band
    expect(eccentricityVibrationScale.toQuantity(WARNING_SEVERITY)).toBeCloseTo(1.8, 9); // ISO 20816-1 B/C
    expect(eccentricityVibrationScale.toQuantity(FAULT_SEVERITY)).toBeCloseTo(4.5, 9); // ISO 20816-1 C/D
    expect(insulationScale.toQuantity(FAULT_SEVERITY)).toBeCloseTo(1, 9); // the ISO 6469-3 minimum
    expect(turnFaultScale.toQuantity(WARNING_SEVERITY)).toBeCloseTo(0.06, 9);
    expect(insulationScale.minimumOhmPerVolt("dc")).toBe(100);
    expect(insulationScale.minimumOhmPerVolt("ac")).toBe(500);
  });
  it("clamps out-of-range quantities and maps statuses", () => {
    expect(brokenBarScale.toSeverity(-80)).toBe(0);
    expect(brokenBarScale.toSeverity(0)).toBe(1);
    expect(insulationScale.toSeverity(0)).toBe(1);
    expect(turnFaultScale.toSeverity(Number.NaN)).toBe(0);
    expect([0.1, 0.2, 0.49, 0.5].map(statusForSeverity)).toEqual(["normal", "warning", "warning", "fault"]);
  });
});

describe("line frequencies", () => {
  it("bearing defect multiples of the 6205 match the CWRU reference", () => {
    const f = bearingDefectFrequencies(BEARING_6205, 1);
    expect(f.bpfo).toBeCloseTo(3.5848, 3);
    expect(f.bpfi).toBeCloseTo(5.4152, 3);
    expect(2 * f.bsf).toBeCloseTo(4.7135, 3);
    expect(f.ftf).toBeCloseTo(0.39828, 3);
  });
  it("slip, broken-bar and eccentricity sidebands follow the textbook formulas", () => {
    expect(slipFromSpeed("induction", 50, 2, 1440)).toBeCloseTo(0.04, 12);
    expect(slipFromSpeed("pmsm", 50, 2, 1440)).toBe(0);
    expect(brokenBarSidebands(50, 0.04, 1)).toEqual({ lower: 46, upper: 54 });
    const e = eccentricitySidebands(50, 0.04, 2, 1);
    expect(e.lower).toBeCloseTo(26, 9);
    expect(e.upper).toBeCloseTo(74, 9);
  });
});
