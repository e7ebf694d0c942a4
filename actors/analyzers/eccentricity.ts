/**
 * Air-gap eccentricity. A rotor that is not centred modulates the air-gap permeance at the
 * rotation frequency fr = f(1−s)/p, putting current sidebands at f·[1 ± k(1−s)/p] (PMSM:
 * f(1 ± k/p)); dynamic eccentricity (the narrow gap turns with the rotor) shakes the housing at 1×
 * rotation, static eccentricity (narrow gap fixed in space) pulls twice per revolution (2×) and
 * gives much weaker sidebands; mixed eccentricity shows both and the strongest sidebands.
 * Severity is the larger of the sideband scale and the 1×+2× velocity scale (ISO 20816 zones as
 * a guide).
 * @module
 */
import {
  type Diagnosis,
  eccentricitySidebandScale,
  eccentricityVibrationScale,
  type ExaminedFrequency,
  statusForSeverity,
} from "../domain/mod.ts";
import type { AnalysisContext } from "./analysis_context.ts";
import type { Peak } from "../../wasm/mod.ts";
import { currentSpectrum, sidebandPairs } from "./current_spectrum.ts";
import { lineAboveFloor, velocityMmS, vibrationSpectrum } from "./vibration_spectrum.ts";
import { insufficientData, round, verdict } from "./verdict.ts";

/** With a baseline, the sideband level must rise this much (dB) over the vehicle's own to alarm. */
export const BASELINE_RISE_DB = 6;
/** With a baseline, the 1×+2× velocity must reach this multiple of the vehicle's own to alarm. */
export const BASELINE_VELOCITY_FACTOR = 2;

/** Analyzes one window for eccentricity. */
export function analyzeEccentricity(ctx: AnalysisContext): Diagnosis {
  const { dsp, window, profile, baseline } = ctx;
  const cs = currentSpectrum(dsp, window);
  const vs = vibrationSpectrum(dsp, window);
  if (!cs.ok && typeof vs === "string") return insufficientData("eccentricity", `${cs.reason} and ${vs}`);
  const features: Diagnosis["features"] = {};
  const frequencies: ExaminedFrequency[] = [];
  const p = profile.polePairs;
  const f = cs.ok ? cs.spectrum.fundamental.freqHz : undefined;
  // Rotation frequency from the speed sensor; without one, from the supply frequency (slip unknown → wider search).
  const fr = window.speedRpm !== undefined && window.speedRpm > 0 ? window.speedRpm / 60 : f !== undefined ? f / p : undefined;
  if (fr === undefined) return insufficientData("eccentricity", "neither shaft speed nor supply frequency is known, so the rotation frequency is unknown");
  const frUncertain = window.speedRpm === undefined && profile.motorType === "induction";
  features.rotation_frequency = { value: round(fr, 3), unit: "Hz", description: window.speedRpm !== undefined ? "shaft speed / 60" : "f/p (no speed sensor)" };

  let sidebandSeverity = 0;
  let level: number | undefined;
  if (cs.ok && f !== undefined) {
    const s = cs.spectrum;
    if (fr - (frUncertain ? 0.06 * fr : 0) > 4 * s.df && f + fr < s.fs / 2) {
      const tol = Math.max(1.5 * s.df, (frUncertain ? 0.06 : 0.01) * fr);
      const [k1, k2] = sidebandPairs(s.fundamentalAmplitude, dsp.sidebandsDb(s.mean, s.df, f, [-fr, fr, -2 * fr, 2 * fr], tol));
      level = Math.max(k1.levelsDb[0], k1.levelsDb[1]);
      sidebandSeverity = eccentricitySidebandScale.toSeverity(level);
      features.supply_frequency = { value: round(f, 3), unit: "Hz" };
      features.lower_sideband = { value: round(k1.levelsDb[0], 2), unit: "dB", description: "f − fr re fundamental" };
      features.upper_sideband = { value: round(k1.levelsDb[1], 2), unit: "dB", description: "f + fr re fundamental" };
      features.sideband_level = { value: round(level, 2), unit: "dB", description: "stronger k=1 sideband; scale L = −54 + 30·severity" };
      const label = profile.motorType === "pmsm" ? "f(1 ∓ k/p)" : "f[1 ∓ k(1−s)/p]";
      frequencies.push(
        { label: `lower sideband ${label}, k=1`, expectedHz: round(f - fr, 3), foundHz: round(k1.sidebands[0].freqHz, 3), level: round(k1.levelsDb[0], 2), unit: "dB" },
        { label: `upper sideband ${label}, k=1`, expectedHz: round(f + fr, 3), foundHz: round(k1.sidebands[1].freqHz, 3), level: round(k1.levelsDb[1], 2), unit: "dB" },
        { label: `lower sideband ${label}, k=2`, expectedHz: round(f - 2 * fr, 3), foundHz: round(k2.sidebands[0].freqHz, 3), level: round(k2.levelsDb[0], 2), unit: "dB" },
        { label: `upper sideband ${label}, k=2`, expectedHz: round(f + 2 * fr, 3), foundHz: round(k2.sidebands[1].freqHz, 3), level: round(k2.levelsDb[1], 2), unit: "dB" },
      );
    } else {
      features.sideband_note = { value: `rotation frequency ${round(fr, 2)} Hz is not resolvable at ${round(s.df, 3)} Hz or lies above Nyquist` };
    }
  }

  let vibrationSeverity = 0;
  let v1 = 0;
  let v2 = 0;
  let velocity: number | undefined;
  if (typeof vs !== "string" && 2 * fr < vs.fs / 2 && fr > 3 * vs.df) {
    const tol = Math.max(1.5 * vs.df, (frUncertain ? 0.06 : 0.02) * fr);
    const [a1, a2] = dsp.amplitudesAt(vs.spectrum, vs.df, [fr, 2 * fr], [tol, tol]) as [Peak, Peak];
    v1 = velocityMmS(lineAboveFloor(vs.spectrum, vs.df, a1.freqHz, a1.amplitude), a1.freqHz);
    v2 = velocityMmS(lineAboveFloor(vs.spectrum, vs.df, a2.freqHz, a2.amplitude), a2.freqHz);
    velocity = Math.hypot(v1, v2);
    vibrationSeverity = eccentricityVibrationScale.toSeverity(velocity);
    features.velocity_1x = { value: round(v1, 3), unit: "mm/s", description: "RMS velocity at 1x rotation (noise floor removed)" };
    features.velocity_2x = { value: round(v2, 3), unit: "mm/s", description: "RMS velocity at 2x rotation" };
    features.velocity_1x_2x = { value: round(velocity, 3), unit: "mm/s", description: "sqrt(v1² + v2²); scale v = 9·severity (ISO 20816-1 B/C 1.8, C/D 4.5 mm/s)" };
    frequencies.push(
      { label: "1x rotation (vibration)", expectedHz: round(fr, 3), foundHz: round(a1.freqHz, 3), level: round(v1, 3), unit: "mm/s" },
      { label: "2x rotation (vibration)", expectedHz: round(2 * fr, 3), foundHz: round(a2.freqHz, 3), level: round(v2, 3), unit: "mm/s" },
    );
  }
  if (level === undefined && velocity === undefined) {
    return insufficientData("eccentricity", `the rotation frequency ${round(fr, 2)} Hz cannot be resolved in the current or vibration spectra`, features);
  }
  const severity = Math.max(sidebandSeverity, vibrationSeverity);
  let status: "normal" | "warning" | "fault" | undefined;
  let basis: "absolute" | "baseline" = "absolute";
  if (baseline && (baseline.eccentricityLevelDb !== undefined || baseline.eccentricityVelocityMmS !== undefined)) {
    basis = "baseline";
    const rise = level !== undefined && baseline.eccentricityLevelDb !== undefined ? level - baseline.eccentricityLevelDb : undefined;
    const ratio = velocity !== undefined && baseline.eccentricityVelocityMmS ? velocity / baseline.eccentricityVelocityMmS : undefined;
    if (rise !== undefined) features.sideband_rise_over_baseline = { value: round(rise, 2), unit: "dB" };
    if (ratio !== undefined) features.velocity_over_baseline = { value: round(ratio, 2), unit: "ratio" };
    const risen = (rise !== undefined && rise >= BASELINE_RISE_DB) || (ratio !== undefined && ratio >= BASELINE_VELOCITY_FACTOR);
    if (!risen) status = "normal";
  }
  const final = status ?? statusForSeverity(severity);
  const variant = final === "normal" ? "none" : classifyVariant(v1, v2, sidebandSeverity, vibrationSeverity, velocity !== undefined);
  features.variant = { value: variant, description: "dynamic: 1x + sidebands; static: 2x, weak sidebands; mixed: both" };
  features.sideband_severity = { value: round(sidebandSeverity, 3), unit: "0-1" };
  features.vibration_severity = { value: round(vibrationSeverity, 3), unit: "0-1" };
  return verdict({
    fault: "eccentricity",
    score: round(severity, 3),
    severity,
    confidence: (level !== undefined && velocity !== undefined ? 0.85 : 0.65) + (basis === "baseline" ? 0.1 : 0) - (frUncertain ? 0.1 : 0),
    basis,
    status,
    features,
    frequencies,
    conclusion: final === "normal"
      ? `Rotation sidebands${level !== undefined ? ` ${round(-level, 1)} dB below the fundamental` : ""}${velocity !== undefined ? `, 1x/2x vibration ${round(velocity, 2)} mm/s` : ""}: air gap looks even.`
      : `${variant[0].toUpperCase()}${variant.slice(1)} eccentricity: ${level !== undefined ? `sidebands at f ± fr stand ${round(-level, 1)} dB below the fundamental` : "no current data"}${velocity !== undefined ? `; 1x ${round(v1, 2)} mm/s, 2x ${round(v2, 2)} mm/s` : ""}.`,
    suggestions: final === "normal" ? [] : [
      "Check bearing wear and housing fits (dynamic/mixed), stator bore ovality and frame mounting (static)",
      "Measure the air gap at standstill if the level keeps rising",
    ],
  });
}

function classifyVariant(v1: number, v2: number, sbSev: number, vibSev: number, hasVibration: boolean): string {
  if (!hasVibration) return "dynamic or mixed";
  if (v2 > 2 * v1 && sbSev < vibSev) return "static";
  if (v1 > 2 * v2) return "dynamic";
  return "mixed";
}
