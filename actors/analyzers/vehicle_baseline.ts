/**
 * A vehicle's own reference values, learned from its first healthy windows and then frozen
 * (insulation keeps a rolling history for its trend). Plain data, CBOR-serialisable, kept in the
 * vehicle actor's state. Analyzers use it only once {@link isBaselineReady}.
 * @module
 */

/** Windows averaged before the baseline is used. */
export const BASELINE_WINDOWS = 5;
/** Insulation readings kept for the trend. */
export const INSULATION_HISTORY = 32;

/** Per-fault learned reference values. */
export interface VehicleBaseline {
  version: 1;
  /** Healthy windows learned so far (learning stops at {@link BASELINE_WINDOWS}). */
  windows: number;
  /** Mean broken-bar sideband level, dB re fundamental (windows where it was measurable). */
  brokenBarLevelDb?: number;
  brokenBarCount?: number;
  /** Mean eccentricity sideband level, dB re fundamental. */
  eccentricityLevelDb?: number;
  eccentricityCount?: number;
  /** Mean 1×+2× vibration velocity, mm/s. */
  eccentricityVelocityMmS?: number;
  eccentricityVelocityCount?: number;
  /** Mean bearing envelope-line SNR of the strongest defect family, dB. */
  bearingLineSnrDb?: number;
  bearingCount?: number;
  /** Mean complex negative-sequence ratio I2/I1 (the motor's and sensors' inherent unbalance). */
  turnFaultRe?: number;
  turnFaultIm?: number;
  turnFaultCount?: number;
  /** Mean 3rd-harmonic ratio per phase. */
  thirdHarmonic?: [number, number, number];
  /** Median healthy insulation resistance (weaker side), Ω. */
  insulationOhm?: number;
  /** Recent insulation readings (weaker side), oldest first. */
  insulationHistory: Array<{ t: number; ohm: number }>;
}

/** An empty baseline. */
export function emptyBaseline(): VehicleBaseline {
  return { version: 1, windows: 0, insulationHistory: [] };
}

/** Whether enough healthy windows were learned for the analyzers to use the baseline. */
export function isBaselineReady(b: VehicleBaseline | undefined): b is VehicleBaseline {
  return b !== undefined && b.windows >= BASELINE_WINDOWS;
}

/** Running mean update: returns [newMean, newCount]. */
export function runningMean(mean: number | undefined, count: number | undefined, value: number): [number, number] {
  const n = (count ?? 0) + 1;
  return [mean === undefined ? value : mean + (value - mean) / n, n];
}
