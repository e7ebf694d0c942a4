/**
 * What every analyzer receives: the DSP core, the window, the vehicle profile and (optionally)
 * the vehicle's learned baseline.
 * @module
 */
import type { Dsp } from "../../wasm/mod.ts";
import type { TelemetryWindow, VehicleProfile } from "../domain/mod.ts";
import type { VehicleBaseline } from "./vehicle_baseline.ts";

/** Inputs of one analysis. */
export interface AnalysisContext {
  dsp: Dsp;
  window: TelemetryWindow;
  profile: VehicleProfile;
  /** Present only when the baseline has finished learning (see {@link VehicleBaseline}). */
  baseline?: VehicleBaseline;
}
