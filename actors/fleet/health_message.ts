/**
 * The HealthReport as published on `vtox.health.<vehicleId>` and kept as the vehicle's latest:
 * each of the five diagnoses reduced to its verdict. The evidence (features, frequencies,
 * suggestions) travels once, on `vtox.diagnosis.<vehicleId>.<fault>` with the same window
 * timestamp; repeating it in the report doubled the bytes encoded, stored and snapshotted per window.
 * @module
 */
import type { Diagnosis, FaultKind, HealthReport } from "../domain/mod.ts";

/** One fault type's verdict in a published HealthReport. */
export type DiagnosisVerdict = Pick<Diagnosis, "status" | "severity" | "confidence" | "basis" | "conclusion" | "reason">;

/** A HealthReport whose diagnoses are verdicts (see the module doc). */
export interface HealthReportMessage extends Omit<HealthReport, "diagnoses"> {
  diagnoses: Record<FaultKind, DiagnosisVerdict>;
}

/**
 * Reduces a HealthReport to what is published on `vtox.health.<vehicleId>`.
 *
 * @example
 * ```ts
 * const msg = healthReportMessage(aggregate(window, diagnoses));
 * msg.diagnoses.bearing.status; // "fault"; the evidence is on vtox.diagnosis.<id>.bearing
 * ```
 */
export function healthReportMessage(report: HealthReport): HealthReportMessage {
  const diagnoses = {} as Record<FaultKind, DiagnosisVerdict>;
  for (const [fault, d] of Object.entries(report.diagnoses) as [FaultKind, Diagnosis][]) {
    const v: DiagnosisVerdict = { status: d.status, severity: d.severity, confidence: d.confidence, basis: d.basis, conclusion: d.conclusion };
    if (d.reason !== undefined) v.reason = d.reason;
    diagnoses[fault] = v;
  }
  return { ...report, diagnoses };
}
