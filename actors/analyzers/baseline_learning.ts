/**
 * Learns a vehicle's baseline from its first healthy windows: the reference levels each analyzer
 * later compares against. Only windows whose report raised nothing teach the baseline.
 * @module
 */
import type { Dsp } from "../../wasm/mod.ts";
import type { HealthReport, TelemetryWindow, VehicleProfile } from "../domain/mod.ts";
import {
  BASELINE_WINDOWS,
  emptyBaseline,
  INSULATION_HISTORY,
  runningMean,
  type VehicleBaseline,
} from "./vehicle_baseline.ts";
import { currentSpectrum } from "./current_spectrum.ts";
import { negativeSequenceRatio } from "./turn_fault.ts";

function numericFeature(report: HealthReport, fault: keyof HealthReport["diagnoses"], name: string): number | undefined {
  const v = report.diagnoses[fault]?.features[name]?.value;
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/**
 * Returns an updated copy of the baseline. While learning (fewer than {@link BASELINE_WINDOWS}
 * healthy windows) it averages each analyzer's reference value from windows whose report is
 * `normal`; afterwards it only extends the insulation history (for the trend).
 *
 * @example
 * ```ts
 * let baseline: VehicleBaseline | undefined;
 * const report = diagnoseWindow(dsp, w, profile, baseline);
 * baseline = updateBaseline(baseline, dsp, w, profile, report);
 * ```
 */
export function updateBaseline(
  baseline: VehicleBaseline | undefined,
  dsp: Dsp,
  window: TelemetryWindow,
  _profile: VehicleProfile,
  report: HealthReport,
): VehicleBaseline {
  const b: VehicleBaseline = baseline ? { ...baseline, insulationHistory: [...baseline.insulationHistory] } : emptyBaseline();
  if (window.insulation) {
    b.insulationHistory.push({ t: window.timestamp, ohm: Math.min(window.insulation.hvPlusOhm, window.insulation.hvMinusOhm) });
    if (b.insulationHistory.length > INSULATION_HISTORY) b.insulationHistory.splice(0, b.insulationHistory.length - INSULATION_HISTORY);
  }
  if (b.windows >= BASELINE_WINDOWS || report.status !== "normal") return b;
  b.windows += 1;
  const bb = numericFeature(report, "broken_bar", "sideband_level");
  if (bb !== undefined) [b.brokenBarLevelDb, b.brokenBarCount] = runningMean(b.brokenBarLevelDb, b.brokenBarCount, bb);
  const ecc = numericFeature(report, "eccentricity", "sideband_level");
  if (ecc !== undefined) [b.eccentricityLevelDb, b.eccentricityCount] = runningMean(b.eccentricityLevelDb, b.eccentricityCount, ecc);
  const vel = numericFeature(report, "eccentricity", "velocity_1x_2x");
  if (vel !== undefined) [b.eccentricityVelocityMmS, b.eccentricityVelocityCount] = runningMean(b.eccentricityVelocityMmS, b.eccentricityVelocityCount, vel);
  const snr = Math.max(
    ...["BPFO_snr", "BPFI_snr", "2xBSF_snr"].map((n) => numericFeature(report, "bearing", n) ?? -Infinity),
  );
  if (Number.isFinite(snr)) [b.bearingLineSnrDb, b.bearingCount] = runningMean(b.bearingLineSnrDb, b.bearingCount, snr);
  const cs = currentSpectrum(dsp, window);
  if (cs.ok && cs.spectrum.measured.length === 3 && window.currents) {
    const sc = dsp.symmetricalComponents(window.currents.a, window.currents.b, window.currents.c, window.sampleRateHz, cs.spectrum.fundamental.freqHz);
    const { ratio } = negativeSequenceRatio(sc.magnitudes, sc.anglesRad);
    const n = (b.turnFaultCount ?? 0) + 1;
    b.turnFaultRe = (b.turnFaultRe ?? 0) + (ratio.re - (b.turnFaultRe ?? 0)) / n;
    b.turnFaultIm = (b.turnFaultIm ?? 0) + (ratio.im - (b.turnFaultIm ?? 0)) / n;
    b.turnFaultCount = n;
  }
  if (window.insulation) {
    const healthy = b.insulationHistory.map((h) => h.ohm).sort((x, y) => x - y);
    b.insulationOhm = healthy[Math.floor(healthy.length / 2)];
  }
  return b;
}
