/**
 * The labelled evaluation set: healthy windows and each of the five faults on both motor types,
 * loads 10–100 %, speeds across each motor's range, four noise levels, supply unbalance,
 * harmonics, in-window speed changes on healthy windows and a housing resonance drawn per window; fixed seeds, so every run sees the
 * same windows.
 * @module
 */
import { DEFAULT_INDUCTION_PROFILE, DEFAULT_PMSM_PROFILE, type VehicleProfile } from "../actors/domain/mod.ts";
import { type FaultInjection, SeededRandom, type SimulationSpec } from "../actors/sim/mod.ts";

/** The six classes the evaluation scores. */
export const EVAL_CLASSES = ["healthy", "broken_bar", "eccentricity", "bearing", "turn_fault", "insulation"] as const;
/** One evaluation class. */
export type EvalClass = typeof EVAL_CLASSES[number];

/** One labelled case. */
export interface EvalCase {
  label: EvalClass;
  severity: number;
  detail: string;
  profile: VehicleProfile;
  spec: SimulationSpec;
}

/** Current channel: 1024 Hz × 32768 samples (32 s, 0.031 Hz resolution) — an MCSA acquisition. */
export const CURRENT_FS = 1024;
export const CURRENT_SAMPLES = 32768;
/** Vibration channel: 12 kHz × 16384 samples (1.37 s). */
export const VIBRATION_FS = 12000;
export const VIBRATION_SAMPLES = 16384;

const NOISE_LEVELS = [0.002, 0.01, 0.03, 0.05];

function faultFor(label: EvalClass, severity: number, rng: SeededRandom): FaultInjection[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
  switch (label) {
    case "healthy":
      return [];
    case "broken_bar":
      return [{ kind: "broken_bar", severity }];
    case "eccentricity":
      return [{ kind: "eccentricity", severity, variant: pick(["static", "dynamic", "mixed"] as const) }];
    case "bearing":
      return [{ kind: "bearing", severity, defect: pick(["outer_race", "inner_race", "ball"] as const) }];
    case "turn_fault":
      return [{ kind: "turn_fault", severity, phase: pick(["a", "b", "c"] as const) }];
    case "insulation":
      return [{ kind: "insulation", severity }];
  }
}

/** Builds one case from a seed: motor, operating point and disturbances drawn from the seed. */
export function makeCase(label: EvalClass, severity: number, seed: number): EvalCase {
  const rng = new SeededRandom(seed * 7919 + 17);
  const induction = label === "broken_bar" || rng.next() < 0.5;
  const profile = induction ? DEFAULT_INDUCTION_PROFILE : DEFAULT_PMSM_PROFILE;
  // Induction (p = 2): 450–3000 rpm → 15–104 Hz supply; PMSM (p = 4): 300–1500 rpm → 20–100 Hz.
  const speedRpm = induction ? rng.uniform(450, 3000) : rng.uniform(300, 1500);
  const loadPercent = rng.uniform(10, 100);
  const noise = NOISE_LEVELS[Math.floor(rng.next() * NOISE_LEVELS.length)];
  const faults = faultFor(label, severity, rng);
  const speedChangeRpm = label === "healthy" && rng.next() < 0.3 ? rng.uniform(-0.02, 0.02) * speedRpm : 0;
  const spec: SimulationSpec = {
    vehicleId: `eval-${seed}`,
    profile,
    seed,
    sampleRateHz: CURRENT_FS,
    samples: CURRENT_SAMPLES,
    vibrationSampleRateHz: VIBRATION_FS,
    vibrationSamples: VIBRATION_SAMPLES,
    speedRpm,
    loadPercent,
    noise,
    supplyUnbalance: rng.uniform(0, 0.01),
    harmonics: rng.uniform(0, 0.04),
    speedChangeRpm,
    // The analyzer must find the ringing band itself: the housing resonance varies per motor.
    bearingResonanceHz: rng.uniform(1500, 5000),
    faults,
  };
  const f = faults[0];
  const variant = f && "variant" in f ? f.variant : f && "defect" in f ? f.defect : f && "phase" in f ? f.phase : "";
  const detail = `${profile.motorType} ${Math.round(speedRpm)} rpm ${Math.round(loadPercent)} % noise ${noise}${variant ? ` ${variant}` : ""}${speedChangeRpm ? ` Δn ${speedChangeRpm.toFixed(0)} rpm` : ""}`;
  return { label, severity, detail, profile, spec };
}

/** The accuracy set: `perClass` windows per class, fault severities uniform in [0.3, 1]. */
export function accuracySet(perClass: number): EvalCase[] {
  const cases: EvalCase[] = [];
  for (const [ci, label] of EVAL_CLASSES.entries()) {
    const rng = new SeededRandom(1000 + ci);
    for (let i = 0; i < perClass; i++) {
      cases.push(makeCase(label, label === "healthy" ? 0 : rng.uniform(0.3, 1), 100_000 * (ci + 1) + i));
    }
  }
  return cases;
}

/** Injected severity levels of the monotonicity set. */
export const MONOTONIC_LEVELS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

/** The monotonicity set: each fault at each level, `repeats` windows per level. */
export function monotonicitySet(repeats: number): EvalCase[] {
  const cases: EvalCase[] = [];
  for (const [ci, label] of EVAL_CLASSES.entries()) {
    if (label === "healthy") continue;
    for (const [li, sev] of MONOTONIC_LEVELS.entries()) {
      for (let r = 0; r < repeats; r++) cases.push(makeCase(label, sev, 9_000_000 + ci * 10_000 + li * 100 + r));
    }
  }
  return cases;
}
