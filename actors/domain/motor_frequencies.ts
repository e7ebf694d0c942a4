/**
 * Where the physics puts the current-signature lines of an AC motor: slip, rotation frequency,
 * broken-bar sidebands (1 ± 2ks)f and eccentricity sidebands f·[1 ± k(1−s)/p] (PMSM: f(1 ± k/p)).
 * Shared by the simulator (to inject them) and the analyzers (to look for them).
 * @module
 */
import type { MotorType } from "./motor.ts";

/**
 * Slip of an induction motor from the supply frequency and the shaft speed:
 * s = (f/p − n/60) / (f/p). Returns 0 for a PMSM (synchronous).
 *
 * @example
 * ```ts
 * slipFromSpeed("induction", 50, 2, 1440); // 0.04
 * ```
 */
export function slipFromSpeed(motorType: MotorType, supplyHz: number, polePairs: number, speedRpm: number): number {
  if (motorType === "pmsm") return 0;
  const sync = supplyHz / polePairs;
  return (sync - speedRpm / 60) / sync;
}

/** Shaft rotation frequency in Hz for a speed in rpm. */
export function rotationHz(speedRpm: number): number {
  return speedRpm / 60;
}

/** Broken-bar sideband frequencies (1 − 2ks)f and (1 + 2ks)f for harmonic order k. */
export function brokenBarSidebands(supplyHz: number, slip: number, k: number): { lower: number; upper: number } {
  return { lower: (1 - 2 * k * slip) * supplyHz, upper: (1 + 2 * k * slip) * supplyHz };
}

/**
 * Eccentricity sideband frequencies f·[1 ± k(1−s)/p] (slip 0 gives the PMSM form f(1 ± k/p)),
 * i.e. the supply frequency ± k times the rotation frequency.
 */
export function eccentricitySidebands(supplyHz: number, slip: number, polePairs: number, k: number): { lower: number; upper: number } {
  const fr = (supplyHz * (1 - slip)) / polePairs;
  return { lower: supplyHz - k * fr, upper: supplyHz + k * fr };
}
