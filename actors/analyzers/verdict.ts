/**
 * Builds Diagnosis values: the explicit non-verdicts (insufficient data, not applicable) and
 * verdicts whose status follows the common severity thresholds of actors/domain/severity.ts.
 * @module
 */
import { clampSeverity, type Diagnosis, type ExaminedFrequency, type FaultKind, type Feature, statusForSeverity } from "../domain/mod.ts";

/** A refusal: the data cannot support a verdict, and `reason` says why. */
export function insufficientData(fault: FaultKind, reason: string, features: Record<string, Feature> = {}, frequencies: ExaminedFrequency[] = []): Diagnosis {
  return {
    fault,
    status: "insufficient_data",
    score: 0,
    severity: 0,
    confidence: 0,
    basis: "absolute",
    features,
    frequencies,
    conclusion: `No ${fault.replace("_", " ")} verdict: ${reason}`,
    suggestions: [],
    reason,
  };
}

/** The fault cannot occur on this machine (e.g. broken bars on a PMSM). */
export function notApplicable(fault: FaultKind, reason: string): Diagnosis {
  return { ...insufficientData(fault, reason), status: "not_applicable", conclusion: `Not applicable: ${reason}` };
}

/** An analyzer failed on data it accepted; the failure is reported, never hidden. */
export function unavailable(fault: FaultKind, reason: string): Diagnosis {
  return { ...insufficientData(fault, reason), status: "unavailable", conclusion: `Analysis unavailable: ${reason}` };
}

/**
 * Fields of a verdict: a {@link Diagnosis} without `reason` (verdicts need none), whose status
 * comes from the severity unless `status` overrides it (used when the baseline criterion is
 * stricter than the absolute one).
 */
export type VerdictFields = Omit<Diagnosis, "status" | "reason"> & { status?: "normal" | "warning" | "fault" };

/** A verdict on the common severity scale. */
export function verdict(v: VerdictFields): Diagnosis {
  const severity = clampSeverity(v.severity);
  return {
    fault: v.fault,
    status: v.status ?? statusForSeverity(severity),
    score: Number.isFinite(v.score) ? v.score : 0,
    severity: round(severity, 4),
    confidence: round(Math.min(1, Math.max(0, v.confidence)), 3),
    basis: v.basis,
    features: v.features,
    frequencies: v.frequencies,
    conclusion: v.conclusion,
    suggestions: v.suggestions,
  };
}

/** 10^digits for the digit counts analyzers round to (Math.pow per call showed in profiles). */
const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8];

/** Rounds for readable JSON output. */
export function round(x: number, digits = 3): number {
  if (!Number.isFinite(x)) return x;
  const f = POW10[digits] ?? Math.pow(10, digits);
  return Math.round(x * f) / f;
}

/** Decibels of an amplitude ratio, floored at −200 dB for zero. */
export function toDb(ratio: number): number {
  return ratio > 0 ? 20 * Math.log10(ratio) : -200;
}
