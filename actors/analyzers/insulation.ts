/**
 * HV insulation to chassis. ISO 6469-3 requires the insulation resistance of a circuit, divided by
 * its maximum working voltage, to be at least 100 Ω/V (DC) or 500 Ω/V (AC). The weaker of HV+ and
 * HV− to chassis sets the leakage path. Severity is the log distance from healthy to the limit
 * (actors/domain/severity.ts): at the limit the verdict is `fault`. With a baseline the analyzer
 * also reports the fall from the vehicle's own healthy value and the recent trend.
 * @module
 */
import { type Diagnosis, insulationScale, statusForSeverity } from "../domain/mod.ts";
import type { AnalysisContext } from "./analysis_context.ts";
import { insufficientData, round, verdict } from "./verdict.ts";

/** With a baseline, a fall below this fraction of the vehicle's own healthy R_iso warns even above the ISO margin. */
export const BASELINE_FALL_FRACTION = 0.3;

/** Least-squares slope of log10(R) per day over the history; undefined with fewer than 3 points or no time span. */
export function insulationTrendPerDay(history: ReadonlyArray<{ t: number; ohm: number }>): number | undefined {
  if (history.length < 3) return undefined;
  const xs = history.map((h) => h.t / 86_400_000);
  const ys = history.map((h) => Math.log10(Math.max(h.ohm, 1)));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
  }
  return sxx > 0 ? sxy / sxx : undefined;
}

/** Analyzes one window's insulation readings. */
export function analyzeInsulation(ctx: AnalysisContext): Diagnosis {
  const { window, profile, baseline } = ctx;
  if (!window.insulation) return insufficientData("insulation", "the window carries no insulation-resistance reading (HV+/HV− to chassis)");
  const { hvPlusOhm, hvMinusOhm } = window.insulation;
  const rIso = Math.min(hvPlusOhm, hvMinusOhm);
  const uMax = profile.maxWorkingVoltageV;
  const perVolt = rIso / uMax;
  const minimum = insulationScale.minimumOhmPerVolt(profile.insulationCircuit);
  const multiple = perVolt / minimum;
  const severity = insulationScale.toSeverity(multiple);
  const leakage = window.leakageCurrentMa ?? (rIso > 0 ? (uMax / rIso) * 1000 : Infinity);
  const weaker = hvPlusOhm <= hvMinusOhm ? "HV+" : "HV−";
  const features: Diagnosis["features"] = {
    r_iso: { value: rIso, unit: "Ω", description: `weaker side (${weaker}) to chassis` },
    r_iso_per_volt: { value: round(perVolt, 1), unit: "Ω/V", description: `R_iso / ${uMax} V max working voltage` },
    iso_6469_3_minimum: { value: minimum, unit: "Ω/V", description: `${profile.insulationCircuit.toUpperCase()} circuit` },
    margin: { value: round(multiple, 3), unit: "x minimum" },
    leakage_current: { value: round(leakage, 4), unit: "mA", description: window.leakageCurrentMa !== undefined ? "measured" : "U_max / R_iso" },
  };
  let basis: "absolute" | "baseline" = "absolute";
  let status = statusForSeverity(severity);
  if (baseline?.insulationOhm !== undefined) {
    basis = "baseline";
    const fraction = rIso / baseline.insulationOhm;
    features.fraction_of_baseline = { value: round(fraction, 3), unit: "ratio", description: `of the vehicle's own ${Math.round(baseline.insulationOhm)} Ω` };
    if (status === "normal" && fraction < BASELINE_FALL_FRACTION) status = "warning";
    const trend = insulationTrendPerDay([...baseline.insulationHistory, { t: window.timestamp, ohm: rIso }]);
    if (trend !== undefined) features.trend = { value: round(trend, 4), unit: "decades/day", description: "slope of log10(R_iso) over recent windows" };
  }
  const sev = status === "warning" && severity < 0.2 ? 0.2 : severity;
  return verdict({
    fault: "insulation",
    score: round(perVolt, 1),
    severity: sev,
    confidence: 0.95,
    basis,
    status,
    features,
    frequencies: [],
    conclusion: status === "fault"
      ? `R_iso ${round(perVolt, 1)} Ω/V (${weaker}) is below the ISO 6469-3 minimum of ${minimum} Ω/V: insulation failure, leakage ${round(leakage, 2)} mA.`
      : status === "warning"
      ? `R_iso ${round(perVolt, 1)} Ω/V (${weaker}) is ${round(multiple, 2)}× the ISO 6469-3 minimum of ${minimum} Ω/V and falling: degraded insulation.`
      : `R_iso ${round(perVolt, 0)} Ω/V is ${round(multiple, 1)}× the ISO 6469-3 minimum of ${minimum} Ω/V.`,
    suggestions: status === "fault"
      ? ["Isolate the HV system; do not charge or drive", `Locate the fault on the ${weaker} side (connectors, cable chafing, coolant ingress)`]
      : status === "warning"
      ? [`Inspect ${weaker} connectors and cables for moisture and damage`, "Re-measure with the system warm and dry; trend daily"]
      : [],
  });
}
