/**
 * What a simulated window is made of: the operating point, the disturbances a healthy motor
 * sees (noise, supply unbalance, harmonics, a speed change within the window) and the injected
 * faults, each with a severity 0–1 whose physical meaning is fixed in actors/domain/severity.ts.
 * @module
 */
import { ID_PATTERN, type VehicleProfile } from "../domain/mod.ts";

/** A fault to inject, with its severity 0–1 (see actors/domain/severity.ts for the physical scale). */
export type FaultInjection =
  | { kind: "broken_bar"; severity: number }
  | { kind: "eccentricity"; severity: number; variant: "static" | "dynamic" | "mixed" }
  | { kind: "bearing"; severity: number; defect: "outer_race" | "inner_race" | "ball" }
  | { kind: "turn_fault"; severity: number; phase?: "a" | "b" | "c" }
  | { kind: "insulation"; severity: number };

/** Everything that determines one simulated window. */
export interface SimulationSpec {
  vehicleId: string;
  motorId?: string;
  profile: VehicleProfile;
  seed: number;
  /** Window start, ms since epoch (default 0 — keeps output deterministic). */
  timestamp?: number;
  /** Sample rate of currents and voltages, Hz. */
  sampleRateHz: number;
  /** Samples per current/voltage channel. */
  samples: number;
  /** Vibration sample rate, Hz (default 12 kHz). */
  vibrationSampleRateHz?: number;
  /** Vibration samples (default 16384; 0 for no vibration channel). */
  vibrationSamples?: number;
  /** Mean shaft speed, rpm. */
  speedRpm: number;
  /** Load, % of rated (0–150). */
  loadPercent: number;
  /** Relative measurement noise (Gaussian, fraction of the current amplitude; default 0.005). Also scales the vibration background. */
  noise?: number;
  /** Supply voltage unbalance V2/V1 (0–0.05, default 0); the current sees 3× this as I2/I1. */
  supplyUnbalance?: number;
  /** Inverter/supply harmonic content: 5th, 7th, 11th, 13th at 0.8, 0.5, 0.25, 0.15 of this fraction (default 0). */
  harmonics?: number;
  /** Speed change over the window, rpm (a load change within the window; default 0). */
  speedChangeRpm?: number;
  /** Natural frequency of the housing resonance bearing impulses ring, Hz (default 3000, capped at 0.3 × vibration fs). */
  bearingResonanceHz?: number;
  /** Whether to synthesise phase voltages (default true). */
  voltages?: boolean;
  faults?: FaultInjection[];
}

/** A simulation spec that cannot describe a physical window. Stable `code` "SIM_INVALID_SPEC". */
export class SimulationSpecError extends Error {
  readonly code = "SIM_INVALID_SPEC";
  constructor(message: string, options?: ErrorOptions) {
    super(`Cannot simulate window: ${message}`, options);
    this.name = "SimulationSpecError";
  }
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new SimulationSpecError(message);
}

function finiteIn(v: unknown, lo: number, hi: number): boolean {
  return typeof v === "number" && Number.isFinite(v) && v >= lo && v <= hi;
}

/** Throws a {@link SimulationSpecError} naming the first field that is out of range. */
export function validateSimulationSpec(spec: SimulationSpec): void {
  check(typeof spec.vehicleId === "string" && ID_PATTERN.test(spec.vehicleId), `vehicleId must match ${ID_PATTERN}, got ${JSON.stringify(spec.vehicleId)}`);
  check(spec.motorId === undefined || ID_PATTERN.test(spec.motorId), `motorId must match ${ID_PATTERN}, got ${JSON.stringify(spec.motorId)}`);
  check(Number.isInteger(spec.seed), `seed must be an integer, got ${spec.seed}`);
  check(finiteIn(spec.sampleRateHz, 1, 1e6), `sampleRateHz must be in 1..1e6, got ${spec.sampleRateHz}`);
  check(Number.isInteger(spec.samples) && spec.samples >= 16 && spec.samples <= 1 << 20, `samples must be an integer in 16..${1 << 20}, got ${spec.samples}`);
  check(spec.vibrationSampleRateHz === undefined || finiteIn(spec.vibrationSampleRateHz, 100, 1e6), `vibrationSampleRateHz must be in 100..1e6, got ${spec.vibrationSampleRateHz}`);
  check(spec.vibrationSamples === undefined || (Number.isInteger(spec.vibrationSamples) && spec.vibrationSamples >= 0 && spec.vibrationSamples <= 1 << 20), `vibrationSamples must be an integer in 0..${1 << 20}, got ${spec.vibrationSamples}`);
  check(finiteIn(spec.speedRpm, 1, 60_000), `speedRpm must be in 1..60000, got ${spec.speedRpm}`);
  check(finiteIn(spec.loadPercent, 0, 150), `loadPercent must be in 0..150, got ${spec.loadPercent}`);
  check(spec.noise === undefined || finiteIn(spec.noise, 0, 0.5), `noise must be in 0..0.5, got ${spec.noise}`);
  check(spec.supplyUnbalance === undefined || finiteIn(spec.supplyUnbalance, 0, 0.05), `supplyUnbalance must be in 0..0.05, got ${spec.supplyUnbalance}`);
  check(spec.harmonics === undefined || finiteIn(spec.harmonics, 0, 0.3), `harmonics must be in 0..0.3, got ${spec.harmonics}`);
  check(spec.speedChangeRpm === undefined || finiteIn(Math.abs(spec.speedChangeRpm), 0, spec.speedRpm / 2), `speedChangeRpm must be within ±speedRpm/2, got ${spec.speedChangeRpm}`);
  check(spec.bearingResonanceHz === undefined || finiteIn(spec.bearingResonanceHz, 200, 100_000), `bearingResonanceHz must be in 200..100000, got ${spec.bearingResonanceHz}`);
  for (const [i, f] of (spec.faults ?? []).entries()) {
    check(finiteIn(f.severity, 0, 1), `faults[${i}].severity must be in 0..1, got ${f.severity}`);
    if (f.kind === "broken_bar") check(spec.profile.motorType === "induction", `faults[${i}]: broken bars need an induction motor, profile is ${spec.profile.motorType}`);
    if (f.kind === "eccentricity") check(["static", "dynamic", "mixed"].includes(f.variant), `faults[${i}].variant must be static | dynamic | mixed, got ${JSON.stringify(f.variant)}`);
    if (f.kind === "bearing") {
      check(["outer_race", "inner_race", "ball"].includes(f.defect), `faults[${i}].defect must be outer_race | inner_race | ball, got ${JSON.stringify(f.defect)}`);
      check(spec.profile.bearing !== undefined, `faults[${i}]: a bearing defect needs profile.bearing geometry`);
    }
    if (f.kind === "turn_fault") check(f.phase === undefined || ["a", "b", "c"].includes(f.phase), `faults[${i}].phase must be a | b | c, got ${JSON.stringify(f.phase)}`);
    check(["broken_bar", "eccentricity", "bearing", "turn_fault", "insulation"].includes(f.kind), `faults[${i}].kind unknown: ${JSON.stringify((f as { kind: unknown }).kind)}`);
  }
}
