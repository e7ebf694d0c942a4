/**
 * Broken rotor bars (induction motors only): a broken bar makes the rotor field asymmetric, which
 * modulates the stator current at twice the slip frequency, giving sidebands at (1 ± 2ks)·f.
 * Their level in dB below the fundamental measures the damage (healthy ≳ 50 dB below, one bar
 * ≈ 40–48, several < 36). Slip comes from the measured supply frequency and the shaft speed. The
 * analyzer refuses when slip or resolution cannot separate the sidebands from the fundamental.
 * @module
 */
import { brokenBarScale, brokenBarSidebands, type Diagnosis, slipFromSpeed, statusForSeverity } from "../domain/mod.ts";
import type { AnalysisContext } from "./analysis_context.ts";
import { currentSpectrum, sidebandPairs } from "./current_spectrum.ts";
import { insufficientData, notApplicable, round, verdict } from "./verdict.ts";

/** The sidebands must lie at least this many bins from the fundamental (Hann main lobe + skirt). */
export const MIN_SIDEBAND_BINS = 8;
/** Slip range of a motoring induction machine the analysis accepts. */
export const MAX_SLIP = 0.15;
/** With a baseline, a warning also needs this rise over the vehicle's own level, dB. */
export const BASELINE_RISE_DB = 6;

/** Analyzes one window for broken rotor bars. */
export function analyzeBrokenBar(ctx: AnalysisContext): Diagnosis {
  const { dsp, window, profile, baseline } = ctx;
  if (profile.motorType !== "induction") {
    return notApplicable("broken_bar", "broken rotor bars exist only in induction (squirrel-cage) motors; this motor is a PMSM");
  }
  const cs = currentSpectrum(dsp, window);
  if (!cs.ok) return insufficientData("broken_bar", cs.reason);
  const s = cs.spectrum;
  const f = s.fundamental.freqHz;
  if (window.speedRpm === undefined) {
    return insufficientData("broken_bar", "no shaft speed in the window: slip, hence the sideband frequencies (1 ± 2s)f, cannot be computed", {
      supply_frequency: { value: round(f, 3), unit: "Hz" },
    });
  }
  const slip = slipFromSpeed("induction", f, profile.polePairs, window.speedRpm);
  const features: Diagnosis["features"] = {
    supply_frequency: { value: round(f, 3), unit: "Hz", description: "strongest line of the current spectrum" },
    slip: { value: round(slip, 5), unit: "ratio", description: "1 − p·n/(60·f)" },
    resolution: { value: round(s.df, 4), unit: "Hz", description: `fs/N with N = ${s.n}` },
  };
  if (!(slip > 0 && slip < MAX_SLIP)) {
    return insufficientData("broken_bar", `slip ${round(slip * 100, 2)} % (speed ${window.speedRpm} rpm, supply ${round(f, 2)} Hz, ${profile.polePairs} pole pairs) is outside the motoring range 0–${MAX_SLIP * 100} %: speed and supply frequency disagree or the motor is unloaded/generating`, features);
  }
  const offset = 2 * slip * f;
  if (offset < MIN_SIDEBAND_BINS * s.df) {
    const needS = MIN_SIDEBAND_BINS / offset;
    return insufficientData("broken_bar", `the sidebands lie ${round(offset, 3)} Hz from the ${round(f, 2)} Hz fundamental (slip ${round(slip * 100, 2)} %), but the resolution is ${round(s.df, 4)} Hz; at least ${MIN_SIDEBAND_BINS} bins are needed: record ≥ ${round(needS, 1)} s or measure at higher load`, features);
  }
  if (s.fundamentalDriftHz > offset / 4) {
    return insufficientData("broken_bar", `the supply frequency moved ${round(s.fundamentalDriftHz, 3)} Hz within the window (speed/load change), more than a quarter of the ${round(offset, 3)} Hz sideband offset: the sidebands are smeared`, features);
  }
  const tol = Math.max(1.5 * s.df, 0.1 * offset);
  const [k1, k2] = sidebandPairs(s.fundamentalAmplitude, dsp.sidebandsDb(s.mean, s.df, f, [-offset, offset, -2 * offset, 2 * offset], tol));
  const level = Math.max(k1.levelsDb[0], k1.levelsDb[1]);
  const severity = brokenBarScale.toSeverity(level);
  features.lower_sideband = { value: round(k1.levelsDb[0], 2), unit: "dB", description: "(1−2s)f re fundamental" };
  features.upper_sideband = { value: round(k1.levelsDb[1], 2), unit: "dB", description: "(1+2s)f re fundamental" };
  features.lower_sideband_k2 = { value: round(k2.levelsDb[0], 2), unit: "dB", description: "(1−4s)f re fundamental" };
  features.upper_sideband_k2 = { value: round(k2.levelsDb[1], 2), unit: "dB", description: "(1+4s)f re fundamental" };
  features.sideband_level = { value: round(level, 2), unit: "dB", description: "stronger k=1 sideband; scale L = −54 + 30·severity" };
  features.bars_estimate = { value: brokenBarScale.barsFor(level), description: "DESIGN §6 bands: ≳50 dB below none, 40–48 one bar, < 36 several" };
  const sb1 = brokenBarSidebands(f, slip, 1);
  const sb2 = brokenBarSidebands(f, slip, 2);
  const frequencies = [
    { label: "fundamental f", expectedHz: round(f, 3), foundHz: round(k1.carrier.freqHz, 3), level: round(k1.carrier.amplitude, 4), unit: "A" },
    { label: "lower sideband (1-2s)f", expectedHz: round(sb1.lower, 3), foundHz: round(k1.sidebands[0].freqHz, 3), level: round(k1.levelsDb[0], 2), unit: "dB" },
    { label: "upper sideband (1+2s)f", expectedHz: round(sb1.upper, 3), foundHz: round(k1.sidebands[1].freqHz, 3), level: round(k1.levelsDb[1], 2), unit: "dB" },
    { label: "lower sideband (1-4s)f", expectedHz: round(sb2.lower, 3), foundHz: round(k2.sidebands[0].freqHz, 3), level: round(k2.levelsDb[0], 2), unit: "dB" },
    { label: "upper sideband (1+4s)f", expectedHz: round(sb2.upper, 3), foundHz: round(k2.sidebands[1].freqHz, 3), level: round(k2.levelsDb[1], 2), unit: "dB" },
  ];
  let status: "normal" | "warning" | "fault" | undefined;
  let basis: "absolute" | "baseline" = "absolute";
  if (baseline?.brokenBarLevelDb !== undefined) {
    basis = "baseline";
    const rise = level - baseline.brokenBarLevelDb;
    features.rise_over_baseline = { value: round(rise, 2), unit: "dB", description: `over the vehicle's own ${round(baseline.brokenBarLevelDb, 1)} dB` };
    // A motor whose inherent asymmetry already shows must rise above its own level to alarm.
    if (rise < BASELINE_RISE_DB) status = "normal";
  }
  const margin = Math.min(1, offset / s.df / 40);
  const flagged = (status ?? statusForSeverity(severity)) !== "normal";
  return verdict({
    fault: "broken_bar",
    score: round(level, 2),
    severity,
    confidence: 0.55 + 0.35 * margin + (basis === "baseline" ? 0.1 : 0),
    basis,
    status,
    features,
    frequencies,
    conclusion: flagged
      ? `Sidebands at (1±2s)f = ${round(sb1.lower, 2)}/${round(sb1.upper, 2)} Hz stand ${round(-level, 1)} dB below the ${round(f, 2)} Hz fundamental (${brokenBarScale.barsFor(level)}): rotor cage asymmetry, likely broken bars.`
      : `The (1±2s)f sidebands are ${round(-level, 1)} dB below the fundamental: the rotor cage looks intact.`,
    suggestions: flagged
      ? ["Confirm at a steady load above 50 %", "Plan rotor inspection; trend the sideband level weekly", "Check for load torque oscillation at 2sf that can mimic bars"]
      : [],
  });
}
