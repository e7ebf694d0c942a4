/**
 * What every synthesised signal group (phase currents and voltages, vibration) is drawn from:
 * the motor, its operating point, the sampling, the in-window speed sweep, the noise level and the
 * injected faults.
 * @module
 */
import type { VehicleProfile } from "../domain/mod.ts";
import type { OperatingPoint } from "./operating_point.ts";
import type { FaultInjection } from "./simulation_spec.ts";

/** Inputs shared by every signal synthesis of one window. */
export interface SignalInputs {
  profile: VehicleProfile;
  op: OperatingPoint;
  /** Sample rate of this signal group, Hz. */
  fs: number;
  samples: number;
  /** Speed at the window end over speed at the start, around 1 (a load change within the window). */
  sweep: { start: number; end: number };
  /** Relative measurement noise. */
  noise: number;
  faults: FaultInjection[];
}
