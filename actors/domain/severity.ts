/**
 * The ONE place that says what a fault severity 0–1 means physically. The simulator injects a
 * fault by turning its severity into the stated quantity; the analyzer measures the quantity and
 * turns it back into a severity. "Severity 0.3" therefore means the same line level, the same
 * I2/I1, the same Ω/V to both sides.
 *
 * Common status thresholds for every fault: warning at severity ≥ {@link WARNING_SEVERITY},
 * fault at ≥ {@link FAULT_SEVERITY}; each scale below is chosen so these thresholds fall on the
 * physical criteria cited in docs/diagnosis.md.
 * @module
 */
import type { FaultKind } from "./motor.ts";

/** Severity at and above which an analyzer reports `warning`. */
export const WARNING_SEVERITY = 0.2;
/** Severity at and above which an analyzer reports `fault`. */
export const FAULT_SEVERITY = 0.5;

/** Clamps to [0, 1]; NaN becomes 0. */
export function clampSeverity(s: number): number {
  if (!(s > 0)) return 0;
  return s > 1 ? 1 : s;
}

/** The status a severity maps to on the common scale. */
export function statusForSeverity(s: number): "normal" | "warning" | "fault" {
  if (s >= FAULT_SEVERITY) return "fault";
  if (s >= WARNING_SEVERITY) return "warning";
  return "normal";
}

/**
 * The current-signature sideband scale both rotor faults share (one MCSA practice: healthy ≳ 50 dB
 * below the fundamental, alarm in the 40s): `L = -54 + 30·severity` dB re fundamental.
 */
function sidebandLevelScale() {
  return {
    unit: "dB",
    toQuantity: (severity: number): number => -54 + 30 * clampSeverity(severity),
    toSeverity: (levelDb: number): number => clampSeverity((levelDb + 54) / 30),
  };
}

/**
 * Broken rotor bars: level of the stronger (1 ± 2s)f sideband relative to the fundamental,
 * in dB: `L = -54 + 30·severity`. Severity 0.2 → −48 dB (the top of the "one bar" band 40–48 dB
 * below), 0.5 → −39 dB, 0.6 → −36 dB ("several bars"), 1 → −24 dB. Healthy motors read ≤ −50 dB.
 */
export const brokenBarScale = {
  quantity: "lower/upper (1±2s)f sideband level relative to the fundamental",
  ...sidebandLevelScale(),
  /** Indicative number of broken bars for a sideband level (DESIGN §6 bands). */
  barsFor(levelDb: number): string {
    if (levelDb < -50) return "none";
    if (levelDb < -40) return "about one bar";
    if (levelDb < -36) return "one or two bars";
    return "several bars";
  },
};

/**
 * Eccentricity, current signature: level of the stronger f·[1 ± (1−s)/p] sideband relative to the
 * fundamental, dB: `L = -54 + 30·severity` (mixed and dynamic eccentricity; static eccentricity
 * alone produces these lines ~10 dB weaker, see {@link STATIC_ECCENTRICITY_SIDEBAND_DB}).
 */
export const eccentricitySidebandScale = {
  quantity: "strongest f·[1 ± (1−s)/p] sideband level relative to the fundamental",
  ...sidebandLevelScale(),
};

/** How much weaker (dB) the rotation sidebands are for purely static eccentricity. */
export const STATIC_ECCENTRICITY_SIDEBAND_DB = -10;

/**
 * Eccentricity, vibration signature: RMS vibration velocity of the 1× and 2× rotation lines
 * together, mm/s: `v = 9·severity`. Severity 0.2 → 1.8 mm/s and 0.5 → 4.5 mm/s, the B/C and C/D
 * zone boundaries of ISO 20816-1 for small machines (class I), used as a guide.
 */
export const eccentricityVibrationScale = {
  quantity: "RMS velocity of the 1x + 2x rotation vibration lines",
  unit: "mm/s",
  toQuantity: (severity: number): number => 9 * clampSeverity(severity),
  toSeverity: (velocityMmS: number): number => clampSeverity(velocityMmS / 9),
};

/**
 * Bearing defects: energy of the defect impulses relative to the background vibration energy,
 * as an RMS ratio in dB: `E = -18 + 30·severity` (severity 0.2 → −12 dB, 0.5 → −3 dB,
 * 1 → +12 dB). Measured by the analyzer from the envelope of the resonance band the impulses
 * excite (the defect line family's share of the envelope, calibrated on the simulator — see
 * docs/diagnosis.md for the derivation and its limits).
 */
export const bearingScale = {
  quantity: "defect impulse energy relative to background vibration (RMS ratio)",
  unit: "dB",
  toQuantity: (severity: number): number => -18 + 30 * clampSeverity(severity),
  toSeverity: (energyDb: number): number => clampSeverity((energyDb + 18) / 30),
};

/**
 * Stator turn fault: negative-sequence current caused by the fault, I2/I1 (ratio, not %):
 * `I2/I1 = 0.3·severity`. Severity 0.2 → 6 %, 0.5 → 15 %. On the ITSC rig (real data) 20 % of
 * the turns of a phase shorted gives ≈ 9.4 %, 40 % gives ≈ 14 %; healthy reads 2.3–3.8 %.
 */
export const turnFaultScale = {
  quantity: "negative-sequence current ratio I2/I1 at the fundamental",
  unit: "ratio",
  toQuantity: (severity: number): number => 0.3 * clampSeverity(severity),
  toSeverity: (ratio: number): number => clampSeverity(ratio / 0.3),
};

/** Third-harmonic current (fraction of the fundamental) a turn fault adds to its phase per unit severity. */
export const TURN_FAULT_THIRD_HARMONIC_PER_SEVERITY = 0.04;

/**
 * Insulation: R_iso per volt of maximum working voltage, as a multiple of the ISO 6469-3
 * minimum (100 Ω/V DC, 500 Ω/V AC): `R/R_min = 10^(1.25 − 2.5·severity)`. Severity 0 → 17.8×,
 * 0.2 → 5.6×, 0.5 → 1× (the ISO limit: fault), 1 → 0.056×.
 */
export const insulationScale = {
  quantity: "insulation resistance per volt relative to the ISO 6469-3 minimum",
  unit: "x minimum",
  toQuantity: (severity: number): number => Math.pow(10, 1.25 - 2.5 * clampSeverity(severity)),
  toSeverity: (multipleOfMinimum: number): number =>
    multipleOfMinimum > 0 ? clampSeverity((1.25 - Math.log10(multipleOfMinimum)) / 2.5) : 1,
  /** ISO 6469-3 minimum insulation resistance per volt. */
  minimumOhmPerVolt: (circuit: "dc" | "ac"): number => (circuit === "ac" ? 500 : 100),
};

/** A one-line statement of each fault's severity scale, for docs and features. */
export const SEVERITY_SCALES: Record<FaultKind, string> = {
  broken_bar: "sideband (1±2s)f level L dB re fundamental: L = -54 + 30·severity",
  eccentricity: "sideband f[1±(1-s)/p] level L dB re fundamental: L = -54 + 30·severity; or 1x+2x velocity v = 9·severity mm/s",
  bearing: "defect impulse energy re background E dB: E = -18 + 30·severity",
  turn_fault: "fault negative-sequence current I2/I1 = 0.3·severity",
  insulation: "R_iso/(U_max·R_min per volt) = 10^(1.25 - 2.5·severity), R_min = 100 Ω/V DC, 500 Ω/V AC",
};
