/**
 * The angle by which the stator current lags the phase voltage. A shorted turn adds a current
 * roughly in phase with its phase voltage, so the negative-sequence ratio I2/I1 of a turn fault
 * points at (power-factor angle + 0°/120°/240° for phase A/B/C): knowing the angle names the phase.
 * @module
 */
import type { MotorType } from "./motor.ts";

/** Power-factor angle assumed when neither voltages nor load are known (an unloaded induction motor runs at 40–80°). */
export const UNKNOWN_LOAD_PF_ANGLE_RAD = (50 * Math.PI) / 180;

/**
 * Typical current-lag angle from load: induction cos φ ≈ 0.3 at no load rising to 0.85 at rated
 * load; a field-oriented PMSM runs near cos φ 0.95 (≈ 18°).
 */
export function typicalPowerFactorAngle(motorType: MotorType, loadPercent?: number): number {
  if (motorType === "pmsm") return Math.acos(0.95);
  if (loadPercent === undefined) return UNKNOWN_LOAD_PF_ANGLE_RAD;
  return Math.acos(0.3 + 0.55 * Math.min(Math.max(loadPercent, 0), 100) / 100);
}
