/**
 * Summarises per-window HealthReports into one recording-level verdict. A status holds for the
 * recording when a strict majority of the windows that could be judged reach it (the same
 * debounce an alarm uses: one noisy window does not make a fault, and one clean window does not
 * clear one).
 * @module
 */
import { FAULT_KINDS, type Diagnosis, type DiagnosisStatus, type FaultKind, type HealthReport, type HealthStatus } from "../domain/mod.ts";

const VERDICTS = ["normal", "warning", "fault"] as const;
type Verdict = typeof VERDICTS[number];

/** One fault's verdict over the whole recording. */
export interface FaultSummary {
  fault: FaultKind;
  status: DiagnosisStatus;
  /** How many windows gave each status. */
  windowStatuses: Partial<Record<DiagnosisStatus, number>>;
  /** Median severity over the windows that support the status. */
  severity: number;
  /** Median confidence of the supporting windows, times the share of judged windows that support it. */
  confidence: number;
  /** Majority value of each text feature over the supporting windows (e.g. bearing `defect`). */
  features: Record<string, string>;
  /** Conclusion of the most confident supporting window. */
  conclusion: string;
  /** Why no verdict could be given, when none could. */
  reason?: string;
}

/** The recording-level result. */
export interface RecordingVerdict {
  status: HealthStatus;
  /** Median health index of the windows that could be judged. */
  healthIndex: number;
  /** Faults at warning or fault, worst first. */
  findings: FaultKind[];
  summary: string;
  diagnoses: Record<FaultKind, FaultSummary>;
  windows: number;
}

/**
 * Combines the reports of consecutive windows of one recording.
 *
 * @example
 * ```ts
 * const verdict = summariseRecording(windows.map((w) => diagnoseWindow(dsp, w, profile)));
 * verdict.diagnoses.bearing.status; // "fault" when most windows say so
 * ```
 */
export function summariseRecording(reports: HealthReport[]): RecordingVerdict {
  if (reports.length === 0) throw new RangeError("summariseRecording needs at least one window report");
  const diagnoses = {} as Record<FaultKind, FaultSummary>;
  for (const fault of FAULT_KINDS) diagnoses[fault] = summariseFault(fault, reports.map((r) => r.diagnoses[fault]).filter((d): d is Diagnosis => d !== undefined));
  const statuses = FAULT_KINDS.map((f) => diagnoses[f].status);
  const status: HealthStatus = statuses.includes("fault") ? "fault" : statuses.includes("warning") ? "warning" : statuses.includes("normal") ? "normal" : "unknown";
  const findings = FAULT_KINDS.filter((f) => diagnoses[f].status === "fault" || diagnoses[f].status === "warning").sort(
    (a, b) => rank(diagnoses[b].status) - rank(diagnoses[a].status) || diagnoses[b].severity - diagnoses[a].severity,
  );
  const judged = reports.filter((r) => r.status !== "unknown");
  const healthIndex = median((judged.length ? judged : reports).map((r) => r.healthIndex));
  return { status, healthIndex, findings, summary: describeVerdict(status, findings, diagnoses, reports.length), diagnoses, windows: reports.length };
}

function summariseFault(fault: FaultKind, ds: Diagnosis[]): FaultSummary {
  const windowStatuses: Partial<Record<DiagnosisStatus, number>> = {};
  for (const d of ds) windowStatuses[d.status] = (windowStatuses[d.status] ?? 0) + 1;
  const judged = ds.filter((d) => (VERDICTS as readonly string[]).includes(d.status));
  if (judged.length === 0) {
    const counts = Object.entries(windowStatuses).sort((a, b) => b[1] - a[1] || (a[0] === "insufficient_data" ? -1 : 1));
    const status = (counts[0]?.[0] ?? "unavailable") as DiagnosisStatus;
    const example = ds.find((d) => d.status === status);
    return {
      fault,
      status,
      windowStatuses,
      severity: 0,
      confidence: 0,
      features: {},
      conclusion: example?.conclusion ?? "No window produced a diagnosis.",
      reason: example?.reason ?? "no window produced a diagnosis",
    };
  }
  let status: Verdict = "normal";
  for (const level of ["fault", "warning"] as const) {
    const reaching = judged.filter((d) => rank(d.status) >= rank(level)).length;
    if (reaching * 2 > judged.length) {
      status = level;
      break;
    }
  }
  const supporting = status === "normal" ? judged : judged.filter((d) => rank(d.status) >= rank(status));
  const best = supporting.reduce((a, b) => (b.confidence > a.confidence ? b : a));
  return {
    fault,
    status,
    windowStatuses,
    severity: median(supporting.map((d) => d.severity)),
    confidence: median(supporting.map((d) => d.confidence)) * (supporting.length / judged.length),
    features: majorityTextFeatures(supporting),
    conclusion: best.conclusion,
  };
}

function majorityTextFeatures(ds: Diagnosis[]): Record<string, string> {
  const votes = new Map<string, Map<string, number>>();
  for (const d of ds) {
    for (const [name, f] of Object.entries(d.features ?? {})) {
      if (typeof f?.value !== "string") continue;
      const m = votes.get(name) ?? new Map<string, number>();
      m.set(f.value, (m.get(f.value) ?? 0) + 1);
      votes.set(name, m);
    }
  }
  const out: Record<string, string> = {};
  for (const [name, m] of votes) out[name] = [...m.entries()].sort((a, b) => b[1] - a[1])[0][0];
  return out;
}

function describeVerdict(status: HealthStatus, findings: FaultKind[], d: Record<FaultKind, FaultSummary>, windows: number): string {
  const judgedWindows = (f: FaultKind) => VERDICTS.reduce((n, s) => n + (d[f].windowStatuses[s] ?? 0), 0);
  if (status === "unknown") {
    return `No analyzer could judge any of the ${windows} window(s): ${FAULT_KINDS.map((f) => `${f} ${d[f].status}`).join(", ")}.`;
  }
  if (findings.length === 0) return `Normal over ${windows} window(s): no analyzer found a fault in a majority of the windows it could judge.`;
  return findings
    .map((f) => {
      const reaching = (d[f].windowStatuses.fault ?? 0) + (d[f].status === "warning" ? d[f].windowStatuses.warning ?? 0 : 0);
      const detail = Object.entries(d[f].features).map(([k, v]) => `${k}=${v}`).join(", ");
      return `${f} ${d[f].status}${detail ? ` (${detail})` : ""} in ${reaching} of ${judgedWindows(f)} judged window(s)`;
    })
    .join("; ") + ".";
}

function rank(s: DiagnosisStatus): number {
  return s === "fault" ? 2 : s === "warning" ? 1 : 0;
}

function median(v: number[]): number {
  if (v.length === 0) return 0;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
