/**
 * The JSON `vtox diagnose` prints. One window: the HealthReport (or the one Diagnosis asked for
 * with `--fault`) plus a `recording` block saying what was read. Several windows: the
 * recording-level verdict, then every window's report.
 * @module
 */
import type { Diagnosis, FaultKind, HealthReport, TelemetryWindow } from "../../actors/domain/mod.ts";
import { summariseRecording, type FaultSummary, type RecordingVerdict } from "../../actors/recording/mod.ts";
import type { RecordingInfo } from "./recording_input.ts";

/** One window's place in the recording. */
export interface WindowRef {
  index: number;
  /** Start of the window from the start of the recording, s (CSV/f32) or its timestamp (CBOR). */
  startS?: number;
  timestamp: number;
}

/** Output for one window, all analyzers. */
export type SingleWindowOutput = HealthReport & { recording: RecordingInfo };
/** Output for one window, `--fault`. */
export type SingleDiagnosisOutput = Diagnosis & { recording: RecordingInfo };
/** Output for several windows, all analyzers. */
export type RecordingOutput = RecordingVerdict & { recording: RecordingInfo; windowReports: Array<WindowRef & { report: HealthReport }> };
/** Output for several windows, `--fault`. */
export type RecordingFaultOutput = FaultSummary & { recording: RecordingInfo; windowDiagnoses: Array<WindowRef & { diagnosis: Diagnosis }> };

/**
 * Assembles the printed result from the per-window reports.
 *
 * @example
 * ```ts
 * const out = diagnosisOutput(info, windows, reports, "bearing");
 * console.log(JSON.stringify(out, null, 2));
 * ```
 */
export function diagnosisOutput(
  info: RecordingInfo,
  windows: TelemetryWindow[],
  reports: HealthReport[],
  fault?: FaultKind,
): SingleWindowOutput | SingleDiagnosisOutput | RecordingOutput | RecordingFaultOutput {
  if (reports.length === 1) {
    return fault ? { ...reports[0].diagnoses[fault], recording: info } : { ...reports[0], recording: info };
  }
  const refs: WindowRef[] = windows.map((w, index) => ({
    index,
    ...(info.format === "cbor" ? {} : { startS: round((w.timestamp - windows[0].timestamp) / 1000) }),
    timestamp: w.timestamp,
  }));
  const verdict = summariseRecording(reports);
  if (fault) {
    return { ...verdict.diagnoses[fault], recording: info, windowDiagnoses: refs.map((r, i) => ({ ...r, diagnosis: reports[i].diagnoses[fault] })) };
  }
  return { ...verdict, recording: info, windowReports: refs.map((r, i) => ({ ...r, report: reports[i] })) };
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
