/**
 * Combines the five diagnoses of one window into a HealthReport: overall status (the worst
 * verdict; `unknown` when no analyzer could give one), a health index 0–100 and the findings.
 * @module
 */
import { type Diagnosis, FAULT_KINDS, type FaultKind, type HealthReport, type HealthStatus, type TelemetryWindow } from "../domain/mod.ts";

const VERDICTS = new Set(["normal", "warning", "fault"]);

/**
 * Health index = 100 · (1 − worst severity) · Π over the other findings (1 − ½·severity):
 * the worst fault dominates, further findings lower it more gently. Only real verdicts count.
 */
export function healthIndex(diagnoses: Diagnosis[]): number {
  const judged = diagnoses.filter((d) => VERDICTS.has(d.status));
  if (judged.length === 0) return 100;
  const sev = judged.map((d) => d.severity).sort((a, b) => b - a);
  let hi = 1 - sev[0];
  for (const s of sev.slice(1)) hi *= 1 - 0.5 * s;
  return Math.round(Math.max(0, Math.min(1, hi)) * 1000) / 10;
}

/**
 * Aggregates the five diagnoses of a window.
 *
 * @example
 * ```ts
 * const report = aggregate(window, { turn_fault, insulation, bearing, eccentricity, broken_bar });
 * report.status; // "warning"
 * ```
 */
export function aggregate(window: TelemetryWindow, diagnoses: Record<FaultKind, Diagnosis>): HealthReport {
  const all = FAULT_KINDS.map((k) => diagnoses[k]).filter((d): d is Diagnosis => d !== undefined);
  const findings = all
    .filter((d) => d.status === "warning" || d.status === "fault")
    .sort((a, b) => (a.status === b.status ? b.severity - a.severity : a.status === "fault" ? -1 : 1))
    .map((d) => d.fault);
  let status: HealthStatus;
  if (all.some((d) => d.status === "fault")) status = "fault";
  else if (all.some((d) => d.status === "warning")) status = "warning";
  else if (all.some((d) => d.status === "normal")) status = "normal";
  else status = "unknown";
  const refused = all.filter((d) => !VERDICTS.has(d.status) && d.status !== "not_applicable").map((d) => d.fault);
  const summary = findings.length > 0
    ? findings.map((f) => `${f}: ${diagnoses[f].status} (severity ${diagnoses[f].severity.toFixed(2)}) — ${diagnoses[f].conclusion}`).join(" ")
    : status === "unknown"
    ? "No analyzer could judge this window: " + all.map((d) => `${d.fault}: ${d.reason ?? d.status}`).join("; ")
    : `No fault found${refused.length > 0 ? `; not judged: ${refused.join(", ")}` : ""}.`;
  return {
    vehicleId: window.vehicleId,
    motorId: window.motorId,
    windowTimestamp: window.timestamp,
    generatedAt: Date.now(),
    status,
    healthIndex: healthIndex(all),
    diagnoses,
    findings,
    summary,
  };
}
