/**
 * Entry points: one analyzer by fault kind, or all five plus the aggregate. An analyzer that
 * throws on data it accepted yields an `unavailable` diagnosis naming the error (counted in
 * {@link analysisFailures}) instead of taking the whole report down.
 * @module
 */
import type { Dsp } from "../../wasm/mod.ts";
import { type Diagnosis, FAULT_KINDS, type FaultKind, type HealthReport, type TelemetryWindow, type VehicleProfile } from "../domain/mod.ts";
import type { AnalysisContext, RememberedBand } from "./analysis_context.ts";
import { aggregate } from "./aggregator.ts";
import { analyzeBearing } from "./bearing.ts";
import { analyzeBrokenBar } from "./broken_bar.ts";
import { analyzeEccentricity } from "./eccentricity.ts";
import { analyzeInsulation } from "./insulation.ts";
import { analyzeTurnFault } from "./turn_fault.ts";
import { isBaselineReady, type VehicleBaseline } from "./vehicle_baseline.ts";
import { unavailable } from "./verdict.ts";

const ANALYZERS: Record<FaultKind, (ctx: AnalysisContext) => Diagnosis> = {
  turn_fault: analyzeTurnFault,
  insulation: analyzeInsulation,
  bearing: analyzeBearing,
  eccentricity: analyzeEccentricity,
  broken_bar: analyzeBrokenBar,
};

/** Analyzer failures per fault kind since the process started (exported for metrics). */
export const analysisFailures: Record<FaultKind, number> = { turn_fault: 0, insulation: 0, bearing: 0, eccentricity: 0, broken_bar: 0 };

/** Unknown fault kind passed to {@link analyzeFault}. Stable `code` "ANALYSIS_UNKNOWN_FAULT". */
export class UnknownFaultError extends Error {
  readonly code = "ANALYSIS_UNKNOWN_FAULT";
  constructor(fault: unknown) {
    super(`Cannot analyze: fault must be one of ${FAULT_KINDS.join(" | ")}, got ${JSON.stringify(fault)}`);
    this.name = "UnknownFaultError";
  }
}

/**
 * Runs one analyzer. The baseline is used only once it has finished learning; the diagnosis says
 * which criterion it used in `basis`. `bearingBand`, a band a full scan chose for this vehicle
 * earlier, spares the bearing analyzer its band scan (the diagnosis names the band's source).
 *
 * @example
 * ```ts
 * const dsp = await loadDsp();
 * const d = analyzeFault("bearing", dsp, window, profile);
 * d.features.defect.value; // "outer_race"
 * ```
 */
export function analyzeFault(fault: FaultKind, dsp: Dsp, window: TelemetryWindow, profile: VehicleProfile, baseline?: VehicleBaseline, bearingBand?: RememberedBand): Diagnosis {
  const analyzer = ANALYZERS[fault];
  if (!analyzer) throw new UnknownFaultError(fault);
  try {
    return analyzer({ dsp, window, profile, baseline: isBaselineReady(baseline) ? baseline : undefined, ...(bearingBand ? { bearingBand } : {}) });
  } catch (err) {
    analysisFailures[fault]++;
    const e = err as { message?: string; code?: string };
    return unavailable(fault, `${e.code ? `${e.code}: ` : ""}${e.message ?? String(err)}`);
  }
}

/** Runs the five analyzers and aggregates them into a HealthReport. */
export function diagnoseWindow(dsp: Dsp, window: TelemetryWindow, profile: VehicleProfile, baseline?: VehicleBaseline): HealthReport {
  const diagnoses = Object.fromEntries(FAULT_KINDS.map((k) => [k, analyzeFault(k, dsp, window, profile, baseline)])) as Record<FaultKind, Diagnosis>;
  return aggregate(window, diagnoses);
}
