/**
 * The simulated motor's operating point from speed and load: slip (induction), supply
 * frequency, current amplitude, torque, winding temperature.
 * @module
 */
import type { VehicleProfile } from "../domain/mod.ts";

/** Rated slip the simulator assumes for induction motors (EV traction machines run 2–5 %). */
export const RATED_SLIP = 0.04;
/** Peak phase current at rated load, A (nominal traction-motor scale). */
export const RATED_CURRENT_PEAK_A = 150;
/** Rated torque, N·m. */
export const RATED_TORQUE_NM = 200;

/** Operating point of one window. */
export interface OperatingPoint {
  slip: number;
  supplyHz: number;
  rotationHz: number;
  /** Peak phase current, A: magnetising share plus a load-proportional share. */
  currentPeakA: number;
  torqueNm: number;
  windingTempC: number;
}

/** Slip grows linearly with load below breakdown; a PMSM is synchronous (slip 0). */
export function operatingPoint(profile: VehicleProfile, speedRpm: number, loadPercent: number): OperatingPoint {
  const slip = profile.motorType === "induction" ? RATED_SLIP * (loadPercent / 100) : 0;
  const rotation = speedRpm / 60;
  const supplyHz = (rotation * profile.polePairs) / (1 - slip);
  const magnetising = profile.motorType === "induction" ? 0.3 : 0.05;
  return {
    slip,
    supplyHz,
    rotationHz: rotation,
    currentPeakA: RATED_CURRENT_PEAK_A * (magnetising + (1 - magnetising) * (loadPercent / 100)),
    torqueNm: RATED_TORQUE_NM * (loadPercent / 100),
    windingTempC: 40 + 60 * (loadPercent / 100),
  };
}
