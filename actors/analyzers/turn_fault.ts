/**
 * Stator inter-turn short circuit. Shorted turns unbalance the winding, so the phase currents
 * acquire a negative-sequence component at the fundamental: I2/I1 measures it (symmetrical
 * components). Park's vector locus turns from a circle into an ellipse; the faulted phase carries
 * a 3rd harmonic. The phase is named from the angle of I2 relative to I1: the shorted turns add a
 * current in phase with their phase voltage, so after removing the power-factor angle an excess in
 * phase A puts I2 in line with I1 (0°/180°), in B at 120°/300°, in C at 240°/60°.
 * Without a baseline all unbalance is attributed to the winding (conservative); with one, the
 * vehicle's own inherent unbalance (sensors, supply) is subtracted as a phasor.
 * @module
 */
import { type Diagnosis, statusForSeverity, turnFaultScale, typicalPowerFactorAngle } from "../domain/mod.ts";
import type { AnalysisContext } from "./analysis_context.ts";
import { currentSpectrum } from "./current_spectrum.ts";
import { insufficientData, round, verdict } from "./verdict.ts";

/** Cycles of the fundamental the phasors need. */
export const MIN_CYCLES = 10;

/** Complex number helpers for phasor arithmetic. */
interface Complex {
  re: number;
  im: number;
}
const polar = (m: number, a: number): Complex => ({ re: m * Math.cos(a), im: m * Math.sin(a) });
const add = (...z: Complex[]): Complex => z.reduce((s, x) => ({ re: s.re + x.re, im: s.im + x.im }), { re: 0, im: 0 });
const mul = (x: Complex, y: Complex): Complex => ({ re: x.re * y.re - x.im * y.im, im: x.re * y.im + x.im * y.re });
const div = (x: Complex, y: Complex): Complex => {
  const d = y.re * y.re + y.im * y.im;
  return { re: (x.re * y.re + x.im * y.im) / d, im: (x.im * y.re - x.re * y.im) / d };
};
const A = polar(1, (2 * Math.PI) / 3);
const A2 = polar(1, (-2 * Math.PI) / 3);

/** Complex negative-to-positive sequence ratio of three phasors; handles reversed phase order. */
export function negativeSequenceRatio(mags: readonly number[], angles: readonly number[]): { ratio: Complex; reversed: boolean } {
  const [pa, pb, pc] = [0, 1, 2].map((i) => polar(mags[i], angles[i]));
  const i1 = add(pa, mul(A, pb), mul(A2, pc));
  const i2 = add(pa, mul(A2, pb), mul(A, pc));
  const m1 = Math.hypot(i1.re, i1.im);
  const m2 = Math.hypot(i2.re, i2.im);
  // Wired a-c-b: the roles swap; the ratio keeps its meaning with the conjugate angle convention.
  return m2 > m1 ? { ratio: div(i1, i2), reversed: true } : { ratio: div(i2, i1), reversed: false };
}

/** Positive-sequence phasor of three phasors. */
export function positiveSequence(mags: readonly number[], angles: readonly number[]): Complex {
  const [pa, pb, pc] = [0, 1, 2].map((i) => polar(mags[i], angles[i]));
  return add(pa, mul(A, pb), mul(A2, pc));
}

/** The phase whose excess current explains a negative-sequence ratio angle. */
export function phaseFromAngle(angleRad: number): "a" | "b" | "c" {
  const deg = (((angleRad * 180) / Math.PI) % 180 + 180) % 180;
  const dist = (x: number) => Math.min(Math.abs(deg - x), 180 - Math.abs(deg - x));
  const candidates: Array<["a" | "b" | "c", number]> = [["a", dist(0)], ["b", dist(120)], ["c", dist(60)]];
  candidates.sort((x, y) => x[1] - y[1]);
  return candidates[0][0];
}

/** Analyzes one window for a stator turn fault. */
export function analyzeTurnFault(ctx: AnalysisContext): Diagnosis {
  const { dsp, window, baseline } = ctx;
  const cs = currentSpectrum(dsp, window);
  if (!cs.ok) return insufficientData("turn_fault", cs.reason);
  const s = cs.spectrum;
  if (s.measured.length < 3) {
    // Symmetrical components compare the three phases: one or two phases cannot show an unbalance.
    return insufficientData("turn_fault", `needs three phase currents, got ${s.measured.length}: symmetrical components compare the three phases`, {
      supply_frequency: { value: round(s.fundamental.freqHz, 3), unit: "Hz" },
    });
  }
  const c = window.currents!;
  const f = s.fundamental.freqHz;
  const cycles = (c.a.length / window.sampleRateHz) * f;
  if (cycles < MIN_CYCLES) {
    return insufficientData("turn_fault", `only ${round(cycles, 1)} cycles of the ${round(f, 2)} Hz fundamental; symmetrical components need ≥ ${MIN_CYCLES}`);
  }
  const sc = dsp.symmetricalComponents(c.a, c.b, c.c, window.sampleRateHz, f);
  const { ratio, reversed } = negativeSequenceRatio(sc.magnitudes, sc.anglesRad);
  const park = dsp.parkVector(c.a, c.b, c.c);
  const third = s.phases.map((ph) => {
    if (3 * f >= s.fs / 2) return NaN;
    // Fundamental and 3rd harmonic of the phase in one call (the spectrum is copied in once).
    const [fund, h3] = dsp.amplitudesAt(ph, s.df, [f, 3 * f], [2 * s.df, Math.max(2 * s.df, 0.01 * f)]);
    return fund!.amplitude > 0 ? h3!.amplitude / fund!.amplitude : NaN;
  });
  const measured = Math.hypot(ratio.re, ratio.im);
  let effective = ratio;
  let basis: "absolute" | "baseline" = "absolute";
  const features: Diagnosis["features"] = {
    supply_frequency: { value: round(f, 3), unit: "Hz" },
    i2_i1: { value: round(measured, 4), unit: "ratio", description: "negative/positive sequence current at the fundamental" },
    i1: { value: round(sc.i1, 4), unit: "A", description: "positive-sequence magnitude" },
    i2: { value: round(sc.i2, 4), unit: "A", description: "negative-sequence magnitude" },
    phase_magnitudes: { value: sc.magnitudes.map((m) => round(m, 3)).join("/"), unit: "A", description: "a/b/c at the fundamental" },
    park_ellipticity: { value: round(park.ellipticity, 4), unit: "ratio", description: "1 − minor/major axis of Park's vector locus" },
  };
  if (third.every(Number.isFinite)) {
    features.third_harmonic = { value: third.map((t) => round(t * 100, 3)).join("/"), unit: "% of fundamental", description: "a/b/c" };
  }
  if (reversed) features.phase_order = { value: "a-c-b", description: "negative sequence dominant: phases wired in reverse order" };
  let pfAngle = typicalPowerFactorAngle(ctx.profile.motorType, window.loadPercent);
  let pfSource = window.loadPercent !== undefined ? `typical for ${ctx.profile.motorType} at ${window.loadPercent} % load` : "assumed (no voltages, no load): 50°";
  if (window.voltages) {
    const vsc = dsp.symmetricalComponents(window.voltages.a, window.voltages.b, window.voltages.c, window.sampleRateHz, f);
    features.voltage_unbalance = { value: round(vsc.i1 > 0 ? Math.min(vsc.i2, vsc.i1) / Math.max(vsc.i1, vsc.i2) : 0, 4), unit: "ratio", description: "V2/V1 of the supply" };
    const v1 = positiveSequence(vsc.magnitudes, vsc.anglesRad);
    const i1 = positiveSequence(sc.magnitudes, sc.anglesRad);
    pfAngle = Math.atan2(v1.im, v1.re) - Math.atan2(i1.im, i1.re);
    pfSource = "measured from the phase voltages";
  }
  features.power_factor_angle = { value: round((pfAngle * 180) / Math.PI, 1), unit: "deg", description: pfSource };
  if (baseline?.turnFaultRe !== undefined && baseline.turnFaultIm !== undefined) {
    basis = "baseline";
    effective = { re: ratio.re - baseline.turnFaultRe, im: ratio.im - baseline.turnFaultIm };
    features.i2_i1_change = { value: round(Math.hypot(effective.re, effective.im), 4), unit: "ratio", description: `phasor change from the vehicle's own ${round(Math.hypot(baseline.turnFaultRe, baseline.turnFaultIm), 4)}` };
  }
  const change = Math.hypot(effective.re, effective.im);
  const severity = turnFaultScale.toSeverity(change);
  const status = statusForSeverity(severity);
  // The fault current is in phase with its phase voltage: remove the current's lag before naming the phase.
  const phase = phaseFromAngle(Math.atan2(effective.im, effective.re) - pfAngle);
  if (status !== "normal") features.faulted_phase = { value: phase.toUpperCase(), description: "from the angle of I2 relative to I1, less the power-factor angle" };
  const thirdNote = third.every(Number.isFinite) ? `; 3rd harmonic ${third.map((t) => round(t * 100, 2)).join("/")} % (a/b/c)` : "";
  return verdict({
    fault: "turn_fault",
    score: round(change, 4),
    severity,
    confidence: Math.min(1, 0.6 + cycles / 500) + (basis === "baseline" ? 0.1 : 0),
    basis,
    features,
    frequencies: [
      { label: "fundamental f (symmetrical components)", expectedHz: round(f, 3), foundHz: round(f, 3), level: round(measured, 4), unit: "I2/I1" },
      ...(3 * f < s.fs / 2 ? [{ label: "3rd harmonic 3f", expectedHz: round(3 * f, 3), level: round(Math.max(...third) * 100, 3), unit: "% of fundamental" }] : []),
    ],
    conclusion: status === "normal"
      ? `I2/I1 = ${round(change * 100, 2)} %${basis === "baseline" ? " change from baseline" : ""}: stator windings balanced.`
      : `I2/I1 = ${round(change * 100, 2)} %${basis === "baseline" ? " above the vehicle's baseline" : ""} with Park ellipticity ${round(park.ellipticity, 3)}${thirdNote}: inter-turn short circuit likely in phase ${phase.toUpperCase()}.`,
    suggestions: status === "normal" ? [] : [
      `Measure phase ${phase.toUpperCase()} winding resistance and surge-test the stator`,
      "Check the supply voltage balance first: a V2/V1 of 1 % alone raises I2/I1 by several %",
      status === "fault" ? "Derate or stop: shorted turns heat quickly and spread" : "Trend I2/I1 on every drive cycle",
    ],
  });
}
