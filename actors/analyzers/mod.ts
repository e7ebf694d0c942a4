/**
 * The five motor-fault analyzers (pure: window + profile + baseline → Diagnosis, using the WASM
 * DSP core), the aggregator and per-vehicle baseline learning.
 *
 * @example
 * ```ts
 * import { loadDsp } from "../../wasm/mod.ts";
 * import { diagnoseWindow, updateBaseline } from "./actors/analyzers/mod.ts";
 * const dsp = await loadDsp();
 * let baseline;
 * for (const w of windows) {
 *   const report = diagnoseWindow(dsp, w, profile, baseline);
 *   baseline = updateBaseline(baseline, dsp, w, profile, report);
 * }
 * ```
 * @module
 */
export { analysisFailures, analyzeFault, diagnoseWindow, UnknownFaultError } from "./analyze.ts";
export { aggregate, healthIndex } from "./aggregator.ts";
export { updateBaseline } from "./baseline_learning.ts";
export { BASELINE_WINDOWS, emptyBaseline, isBaselineReady, type VehicleBaseline } from "./vehicle_baseline.ts";
export type { BearingDefect } from "./bearing_lines.ts";
export type { RememberedBand } from "./analysis_context.ts";
export { BAND_SCAN_EVERY, bearingBandOf } from "./bearing.ts";
