/**
 * Housing vibration (g): broadband background, residual unbalance at 1×, electromagnetic 2f
 * line, eccentricity at 1×/2× rotation, and bearing-defect impulses that ring a structural
 * resonance, amplitude-modulated where the physics says so (inner race: the defect turns with the
 * shaft through the load zone → modulation at 1×; ball: the ball is carried by the cage through
 * the load zone → modulation at FTF; outer race: fixed in the load zone → no modulation).
 * @module
 */
import {
  bearingDefectFrequencies,
  bearingScale,
  eccentricityVibrationScale,
} from "../domain/mod.ts";
import type { FaultInjection } from "./simulation_spec.ts";
import type { SeededRandom } from "./seeded_random.ts";
import type { SignalInputs } from "./signal_inputs.ts";
import { addNoise, addTone } from "./tone_synthesis.ts";

/** Natural frequency of the housing resonance the defect impulses excite, Hz (capped at 0.3·fs). */
export const STRUCTURAL_RESONANCE_HZ = 3000;
/** Damping ratio of that resonance. */
export const RESONANCE_DAMPING = 0.05;
/** Random jitter of the impulse spacing (rolling elements slip), fraction of the period. */
export const IMPULSE_JITTER = 0.01;
/** Residual-unbalance 1× vibration velocity of a healthy motor, mm/s RMS. */
export const HEALTHY_1X_VELOCITY_MM_S = 0.3;

const G = 9.80665;

/** Background broadband vibration RMS, g, for a relative noise level. */
export function backgroundVibrationRms(noise: number): number {
  return 0.02 + 2 * noise;
}

/** Peak acceleration (g) of a sine with the given RMS velocity (mm/s) at frequency hz. */
export function accelerationPeakG(velocityRmsMmS: number, hz: number): number {
  return (velocityRmsMmS / 1000) * Math.SQRT2 * 2 * Math.PI * hz / G;
}

/** Inputs of the vibration synthesis. */
export interface VibrationInputs extends SignalInputs {
  /** Resonance the impulses ring, Hz (default {@link STRUCTURAL_RESONANCE_HZ}). */
  resonanceHz?: number;
}

/** Synthesises the vibration channel, g. */
export function synthesiseVibration(inp: VibrationInputs, rng: SeededRandom): Float32Array {
  const x = new Float32Array(inp.samples);
  const { op, fs, sweep } = inp;
  const fr = op.rotationHz;
  const sigma = backgroundVibrationRms(inp.noise);
  addNoise(x, sigma, rng);
  const tone = (velocity: number, hz: number) =>
    addTone(x, fs, { amplitude: accelerationPeakG(velocity, hz), startHz: hz * sweep.start, endHz: hz * sweep.end, phaseRad: rng.uniform(0, 6.28) });
  tone(HEALTHY_1X_VELOCITY_MM_S, fr);
  tone(0.1, 2 * op.supplyHz);
  for (const fault of inp.faults) {
    if (fault.severity <= 0) continue;
    if (fault.kind === "eccentricity") {
      const v = eccentricityVibrationScale.toQuantity(fault.severity);
      // Dynamic eccentricity turns with the rotor (1×); static fixes the narrow gap in space so the
      // unbalanced magnetic pull pulses twice per revolution (2×); mixed has both.
      if (fault.variant === "dynamic") tone(v, fr);
      else if (fault.variant === "static") tone(v, 2 * fr);
      else {
        tone(v / Math.SQRT2, fr);
        tone(v / Math.SQRT2, 2 * fr);
      }
    } else if (fault.kind === "bearing" && inp.profile.bearing) {
      addBearingImpulses(x, inp, fault, sigma, rng);
    }
  }
  return x;
}

function addBearingImpulses(
  x: Float32Array,
  inp: VibrationInputs,
  fault: Extract<FaultInjection, { kind: "bearing" }>,
  backgroundRms: number,
  rng: SeededRandom,
): void {
  const { fs, op } = inp;
  const freqs = bearingDefectFrequencies(inp.profile.bearing!, op.rotationHz);
  const rate = fault.defect === "outer_race" ? freqs.bpfo : fault.defect === "inner_race" ? freqs.bpfi : 2 * freqs.bsf;
  const modHz = fault.defect === "inner_race" ? freqs.shaftHz : fault.defect === "ball" ? freqs.ftf : 0;
  const depth = modHz > 0 ? 0.5 : 0;
  const fn = Math.min(inp.resonanceHz ?? STRUCTURAL_RESONANCE_HZ, 0.3 * fs);
  const alpha = RESONANCE_DAMPING * 2 * Math.PI * fn;
  // Power of the impulse train: rate · A²/(4α) · mean(m²), m = 1 + depth·cos → mean(m²) = 1 + depth²/2.
  const targetRms = backgroundRms * Math.pow(10, bearingScale.toQuantity(fault.severity) / 20);
  const amp = targetRms * Math.sqrt((4 * alpha) / (rate * (1 + (depth * depth) / 2)));
  const ring = Math.min(Math.ceil((8 / alpha) * fs), x.length);
  const kernel = new Float32Array(ring);
  for (let i = 0; i < ring; i++) {
    const t = i / fs;
    kernel[i] = Math.exp(-alpha * t) * Math.sin(2 * Math.PI * fn * t);
  }
  const duration = x.length / fs;
  const modPhase = rng.uniform(0, 6.28);
  let t = rng.uniform(0, 1 / rate);
  while (t < duration) {
    // Speed change within the window: the local defect rate follows the local speed.
    const progress = t / duration;
    const localRate = rate * (inp.sweep.start + (inp.sweep.end - inp.sweep.start) * progress);
    const m = 1 + depth * Math.cos(2 * Math.PI * modHz * t + modPhase);
    const start = Math.round(t * fs);
    const a = amp * m;
    for (let i = 0; i < ring && start + i < x.length; i++) x[start + i] += a * kernel[i];
    t += (1 + IMPULSE_JITTER * rng.gaussian()) / localRate;
  }
}
