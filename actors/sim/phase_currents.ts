/**
 * Three-phase stator currents and phase voltages of the simulated motor: the fundamental, the
 * supply's negative sequence, inverter harmonics, and the current-signature lines each injected
 * fault produces (broken-bar and eccentricity sidebands, turn-fault asymmetry and 3rd harmonic).
 * @module
 */
import {
  brokenBarScale,
  brokenBarSidebands,
  eccentricitySidebands,
  eccentricitySidebandScale,
  STATIC_ECCENTRICITY_SIDEBAND_DB,
  TURN_FAULT_THIRD_HARMONIC_PER_SEVERITY,
  turnFaultScale,
  type ThreePhase,
} from "../domain/mod.ts";
import type { SeededRandom } from "./seeded_random.ts";
import type { SignalInputs } from "./signal_inputs.ts";
import { addNoise, addTone } from "./tone_synthesis.ts";

/** Ratio of current to voltage negative-sequence unbalance (Z1/Z2) the simulator assumes. */
export const CURRENT_PER_VOLTAGE_UNBALANCE = 3;

const PHASE_SHIFT = [0, (-2 * Math.PI) / 3, (2 * Math.PI) / 3] as const;
const HARMONIC_SHARE: ReadonlyArray<[order: number, share: number]> = [[5, 0.8], [7, 0.5], [11, 0.25], [13, 0.15]];

/** Inputs of the current and voltage synthesis. */
export interface PhaseSignalInputs extends SignalInputs {
  supplyUnbalance: number;
  harmonics: number;
  /** Phase of phase-a current at t = 0, rad. */
  currentPhaseRad: number;
  /** Angle by which the currents lag the voltages, rad. */
  powerFactorAngleRad: number;
}

function db(levelDb: number): number {
  return Math.pow(10, levelDb / 20);
}

/** A line on all three phases: positive sequence (`sequence` 1), negative (−1) or one phase only. */
interface Line {
  hz: number;
  amplitude: number;
  phaseRad: number;
  /** Multiplier of the phase shift: h for a harmonic of order h, 1 for positive sequence, −1 for negative. */
  sequence: number;
  onlyPhase?: 0 | 1 | 2;
}

function currentLines(inp: PhaseSignalInputs, rng: SeededRandom): Line[] {
  const { op, profile } = inp;
  const f = op.supplyHz;
  const I = op.currentPeakA;
  const lines: Line[] = [{ hz: f, amplitude: I, phaseRad: inp.currentPhaseRad, sequence: 1 }];
  const theta = lines[0].phaseRad;
  if (inp.supplyUnbalance > 0) {
    lines.push({ hz: f, amplitude: I * inp.supplyUnbalance * CURRENT_PER_VOLTAGE_UNBALANCE, phaseRad: rng.uniform(0, 2 * Math.PI), sequence: -1 });
  }
  for (const [h, share] of HARMONIC_SHARE) {
    if (inp.harmonics > 0) lines.push({ hz: h * f, amplitude: I * inp.harmonics * share, phaseRad: h * theta + rng.uniform(-0.3, 0.3), sequence: h });
  }
  for (const fault of inp.faults) {
    if (fault.severity <= 0) continue;
    if (fault.kind === "broken_bar") {
      const level = brokenBarScale.toQuantity(fault.severity);
      // The lower sideband is the direct rotor-asymmetry line; speed ripple makes the upper one a few dB weaker.
      const k1 = brokenBarSidebands(f, op.slip, 1);
      const k2 = brokenBarSidebands(f, op.slip, 2);
      lines.push({ hz: k1.lower, amplitude: I * db(level), phaseRad: rng.uniform(0, 6.28), sequence: 1 });
      lines.push({ hz: k1.upper, amplitude: I * db(level - 3), phaseRad: rng.uniform(0, 6.28), sequence: 1 });
      lines.push({ hz: k2.lower, amplitude: I * db(level - 10), phaseRad: rng.uniform(0, 6.28), sequence: 1 });
      lines.push({ hz: k2.upper, amplitude: I * db(level - 12), phaseRad: rng.uniform(0, 6.28), sequence: 1 });
    } else if (fault.kind === "eccentricity") {
      const level = eccentricitySidebandScale.toQuantity(fault.severity) + (fault.variant === "static" ? STATIC_ECCENTRICITY_SIDEBAND_DB : 0);
      for (const k of [1, 2]) {
        const sb = eccentricitySidebands(f, op.slip, profile.polePairs, k);
        const lk = level - (k - 1) * 8;
        lines.push({ hz: sb.lower, amplitude: I * db(lk), phaseRad: rng.uniform(0, 6.28), sequence: 1 });
        lines.push({ hz: sb.upper, amplitude: I * db(lk - 1), phaseRad: rng.uniform(0, 6.28), sequence: 1 });
      }
    } else if (fault.kind === "turn_fault") {
      // The shorted turns add a current ε·I in phase with the faulted phase's voltage (i.e. leading
      // that phase's current by the power-factor angle); |I2/I1| = ε/|3 + ε·e^{jφ}|, solved for ε.
      const r = turnFaultScale.toQuantity(fault.severity);
      const phi = inp.powerFactorAngleRad;
      const eps = solveExcess(r, phi);
      const ph = fault.phase === "b" ? 1 : fault.phase === "c" ? 2 : 0;
      lines.push({ hz: f, amplitude: I * eps, phaseRad: theta + phi, sequence: 1, onlyPhase: ph });
      lines.push({ hz: 3 * f, amplitude: I * TURN_FAULT_THIRD_HARMONIC_PER_SEVERITY * fault.severity, phaseRad: 3 * theta + 0.4, sequence: 3, onlyPhase: ph });
    }
  }
  return lines;
}

/** ε such that ε/|3 + ε·e^{jφ}| = r (monotonic in ε; bisection). */
function solveExcess(r: number, phi: number): number {
  let lo = 0;
  let hi = 10;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    const m = mid / Math.hypot(3 + mid * Math.cos(phi), mid * Math.sin(phi));
    if (m < r) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function render(lines: Line[], inp: PhaseSignalInputs, noiseSigma: number, rng: SeededRandom): ThreePhase {
  const out = [0, 1, 2].map(() => new Float32Array(inp.samples));
  for (const line of lines) {
    for (let p = 0; p < 3; p++) {
      if (line.onlyPhase !== undefined && line.onlyPhase !== p) continue;
      addTone(out[p], inp.fs, {
        amplitude: line.amplitude,
        startHz: line.hz * inp.sweep.start,
        endHz: line.hz * inp.sweep.end,
        phaseRad: line.phaseRad + line.sequence * PHASE_SHIFT[p],
      });
    }
  }
  for (const ch of out) addNoise(ch, noiseSigma, rng);
  return { a: out[0], b: out[1], c: out[2] };
}

/** Synthesises the three phase currents, A. */
export function synthesiseCurrents(inp: PhaseSignalInputs, rng: SeededRandom): ThreePhase {
  return render(currentLines(inp, rng), inp, inp.noise * inp.op.currentPeakA, rng);
}

/** Synthesises the three phase voltages, V (V/f control up to the rated frequency, then constant). */
export function synthesiseVoltages(inp: PhaseSignalInputs, rng: SeededRandom): ThreePhase {
  const { profile, op } = inp;
  const V = profile.ratedVoltageV * Math.sqrt(2 / 3) * Math.min(1, op.supplyHz / profile.ratedFrequencyHz);
  // The current lags the voltage by the power-factor angle.
  const lines: Line[] = [{ hz: op.supplyHz, amplitude: V, phaseRad: inp.currentPhaseRad + inp.powerFactorAngleRad, sequence: 1 }];
  if (inp.supplyUnbalance > 0) lines.push({ hz: op.supplyHz, amplitude: V * inp.supplyUnbalance, phaseRad: rng.uniform(0, 6.28), sequence: -1 });
  return render(lines, inp, inp.noise * V * 0.2, rng);
}
