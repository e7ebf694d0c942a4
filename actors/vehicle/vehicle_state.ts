/**
 * The vehicle actor's state (snapshotted to KV by the runtime): profile, learned baseline,
 * latest HealthReport, a short history, the alarm tracks and recently seen windows.
 * @module
 */
import type { VehicleBaseline } from "../analyzers/mod.ts";
import type { BandMemory } from "./bearing_band_memory.ts";
import type { FaultKind, HealthStatus, VehicleProfile } from "../domain/mod.ts";
import type { AlarmTrack, HealthReportMessage, Publication } from "../fleet/mod.ts";

/** One entry of the short history. */
export interface HistoryEntry {
  windowTimestamp: number;
  status: HealthStatus;
  healthIndex: number;
  findings: FaultKind[];
}

/** The vehicle actor's state. */
export interface VehicleState {
  vehicleId: string;
  profile?: VehicleProfile;
  /** Where the profile came from: set by message, read from the profile bucket, or the default. */
  profileSource?: "message" | "bucket" | "default";
  baseline?: VehicleBaseline;
  /**
   * The bearing demodulation band of the last full band scan, the window count it was made at and
   * what it is valid for (vibration sample rate and bearing geometry: a change means a new scan).
   */
  bearingBand?: BandMemory;
  /** The latest HealthReport as published (verdicts; the evidence is in the results stream). */
  latest?: HealthReportMessage;
  /** Newest last, at most {@link HISTORY_SIZE}. */
  history: HistoryEntry[];
  alarms: Partial<Record<FaultKind, AlarmTrack>>;
  /** Windows diagnosed. */
  windows: number;
  /** Windows received again (same timestamp) and not diagnosed twice. */
  duplicates: number;
  /** Timestamps of the most recent windows (duplicate detection beyond the stream's dedupe window). */
  recent: number[];
  /**
   * Results of diagnosed windows that JetStream has not acknowledged yet, oldest first: a window is
   * recorded (in `recent`) when diagnosed, its results leave from here, so a results outage never
   * loses or dead-letters a window and a replayed window is never published again.
   */
  outbox?: OutboxEntry[];
}

/** One diagnosed window's results waiting to be stored. */
export interface OutboxEntry {
  windowTimestamp: number;
  publications: Publication[];
}

/** Entries kept in the history. */
export const HISTORY_SIZE = 20;
/** Window timestamps remembered for duplicate detection. */
export const RECENT_SIZE = 64;

/** Windows whose results may wait in the outbox; one more is refused (RESULT_PUBLISH_FAILED). */
export const OUTBOX_SIZE = 64;

/** The state of a vehicle never seen before. */
export function initialVehicleState(vehicleId: string): VehicleState {
  return { vehicleId, history: [], alarms: {}, windows: 0, duplicates: 0, recent: [] };
}
