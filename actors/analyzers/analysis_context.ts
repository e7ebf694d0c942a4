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
  /**
   * The demodulation band this vehicle's last full band scan chose (see {@link RememberedBand}).
   * When present the bearing analyzer compares the SK band with it instead of scanning every band.
   */
  bearingBand?: RememberedBand;
}

/**
 * A bearing demodulation band remembered between windows of one vehicle. Impacts ring the
 * housing's structural resonances, which belong to the motor and its sensor mount, not to the
 * window: a band found by a full scan stays the right band for the next windows, as a
 * commissioned demodulation band does in condition-monitoring practice.
 */
export interface RememberedBand {
  lowHz: number;
  highHz: number;
}
