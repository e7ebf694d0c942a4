/**
 * Diagnosis (one analyzer's verdict on one window) and HealthReport (the five combined).
 * The VTOX result shape, made honest: every verdict says which features, at which frequencies,
 * against which criterion (absolute physics or the vehicle's own baseline) it rests on.
 * @module
 */
import type { DiagnosisStatus, FaultKind, HealthStatus } from "./motor.ts";

/** A measured feature with its unit, e.g. `{ value: -42.1, unit: "dB" }`. */
export interface Feature {
  value: number | string | boolean;
  unit?: string;
  /** What the feature is, in a few words. */
  description?: string;
}

/** A frequency an analyzer examined and what it found there. */
export interface ExaminedFrequency {
  /** What this line is, e.g. `lower sideband (1-2s)f`, `BPFO`, `1x rotation`. */
  label: string;
  /** Expected frequency from the physics, Hz. */
  expectedHz: number;
  /** Frequency of the peak found within the tolerance, Hz (undefined when none). */
  foundHz?: number;
  /** Amplitude found (in the unit stated) or level in dB. */
  level?: number;
  unit?: string;
}

/** One analyzer's verdict on one window. */
export interface Diagnosis {
  fault: FaultKind;
  status: DiagnosisStatus;
  /** Raw score of the analyzer's main criterion (analyzer-specific scale, documented in features). */
  score: number;
  /** Estimated severity 0–1, on the same physical scale as the simulator's injected severity. */
  severity: number;
  /** Confidence in the verdict 0–1. */
  confidence: number;
  /** Which criterion the verdict used. */
  basis: "absolute" | "baseline";
  /** Named features with units. */
  features: Record<string, Feature>;
  /** The frequencies examined. */
  frequencies: ExaminedFrequency[];
  /** One or two sentences a maintenance engineer can act on. */
  conclusion: string;
  suggestions: string[];
  /** Why the analyzer could not give a verdict (with insufficient_data / not_applicable / unavailable). */
  reason?: string;
}

/** The aggregated health of one vehicle for one window. */
export interface HealthReport {
  vehicleId: string;
  motorId: string;
  /** Timestamp of the window, ms since epoch. */
  windowTimestamp: number;
  /** When the report was made, ms since epoch. */
  generatedAt: number;
  status: HealthStatus;
  /** 100 = healthy, 0 = failed. */
  healthIndex: number;
  diagnoses: Record<FaultKind, Diagnosis>;
  /** Faults with status warning or fault, worst first. */
  findings: FaultKind[];
  summary: string;
}
