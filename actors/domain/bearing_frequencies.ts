/**
 * Rolling-element bearing defect frequencies from geometry and shaft speed (outer race fixed).
 * Used by the simulator to place impulses and by the bearing analyzer to look for them.
 * @module
 */
import type { BearingGeometry } from "./vehicle_profile.ts";

/** Defect frequencies in Hz. `bsf` is the ball spin frequency; a ball defect strikes both races, so its impulses repeat at 2·BSF. */
export interface BearingDefectFrequencies {
  /** Shaft rotation frequency, Hz. */
  shaftHz: number;
  /** Ball pass frequency, outer race. */
  bpfo: number;
  /** Ball pass frequency, inner race. */
  bpfi: number;
  /** Ball spin frequency. */
  bsf: number;
  /** Fundamental train (cage) frequency. */
  ftf: number;
}

/**
 * Classic kinematic formulas (no slip of the rolling elements):
 * BPFO = n/2·fr·(1 − d/D·cosα), BPFI = n/2·fr·(1 + d/D·cosα),
 * BSF = D/(2d)·fr·(1 − (d/D·cosα)²), FTF = fr/2·(1 − d/D·cosα).
 *
 * @example
 * ```ts
 * bearingDefectFrequencies(BEARING_6205, 1797 / 60).bpfo; // ≈ 107.4 Hz (3.5848 × shaft)
 * ```
 */
export function bearingDefectFrequencies(g: BearingGeometry, shaftHz: number): BearingDefectFrequencies {
  const ratio = (g.ballDiameterMm / g.pitchDiameterMm) * Math.cos((g.contactAngleDeg * Math.PI) / 180);
  return {
    shaftHz,
    bpfo: (g.balls / 2) * shaftHz * (1 - ratio),
    bpfi: (g.balls / 2) * shaftHz * (1 + ratio),
    bsf: (g.pitchDiameterMm / (2 * g.ballDiameterMm)) * shaftHz * (1 - ratio * ratio),
    ftf: (shaftHz / 2) * (1 - ratio),
  };
}
