/**
 * One deterministic simulated TelemetryWindow from a {@link SimulationSpec}.
 * @module
 */
import { insulationScale, type TelemetryWindow, typicalPowerFactorAngle } from "../domain/mod.ts";
import { operatingPoint } from "./operating_point.ts";
import { synthesiseCurrents, synthesiseVoltages, type PhaseSignalInputs } from "./phase_currents.ts";
import { SeededRandom } from "./seeded_random.ts";
import { type SimulationSpec, validateSimulationSpec } from "./simulation_spec.ts";
import { synthesiseVibration } from "./vibration_signal.ts";

/**
 * Simulates one window of motor telemetry. Pure: the same spec (including seed) gives the same
 * samples. Throws a SimulationSpecError naming the offending field.
 *
 * @example
 * ```ts
 * const w = simulateWindow({
 *   vehicleId: "ev1", profile: DEFAULT_INDUCTION_PROFILE, seed: 1,
 *   sampleRateHz: 2048, samples: 32768, speedRpm: 1440, loadPercent: 100,
 *   faults: [{ kind: "broken_bar", severity: 0.5 }],
 * });
 * ```
 */
export function simulateWindow(spec: SimulationSpec): TelemetryWindow {
  validateSimulationSpec(spec);
  const rng = new SeededRandom(spec.seed);
  const faults = spec.faults ?? [];
  const op = operatingPoint(spec.profile, spec.speedRpm, spec.loadPercent);
  const change = spec.speedChangeRpm ?? 0;
  const sweep = { start: (spec.speedRpm - change / 2) / spec.speedRpm, end: (spec.speedRpm + change / 2) / spec.speedRpm };
  const noise = spec.noise ?? 0.005;
  const inputs: PhaseSignalInputs = {
    profile: spec.profile,
    op,
    fs: spec.sampleRateHz,
    samples: spec.samples,
    sweep,
    noise,
    supplyUnbalance: spec.supplyUnbalance ?? 0,
    harmonics: spec.harmonics ?? 0,
    faults,
    currentPhaseRad: rng.uniform(0, 2 * Math.PI),
    powerFactorAngleRad: typicalPowerFactorAngle(spec.profile.motorType, spec.loadPercent),
  };
  const window: TelemetryWindow = {
    vehicleId: spec.vehicleId,
    motorId: spec.motorId ?? "m1",
    timestamp: spec.timestamp ?? 0,
    sampleRateHz: spec.sampleRateHz,
    currents: synthesiseCurrents(inputs, rng),
    speedRpm: spec.speedRpm,
    torqueNm: op.torqueNm,
    loadPercent: spec.loadPercent,
    dcBusVoltageV: spec.profile.maxWorkingVoltageV * 0.9,
  };
  if (spec.voltages ?? true) window.voltages = synthesiseVoltages(inputs, rng);
  const vibrationSamples = spec.vibrationSamples ?? 16384;
  if (vibrationSamples > 0) {
    const vfs = spec.vibrationSampleRateHz ?? 12000;
    window.vibrationSampleRateHz = vfs;
    window.vibration = synthesiseVibration({ profile: spec.profile, op, fs: vfs, samples: vibrationSamples, sweep, noise, faults, resonanceHz: spec.bearingResonanceHz }, rng);
  }
  const turn = faults.find((f) => f.kind === "turn_fault");
  window.windingTempC = op.windingTempC + 25 * (turn?.severity ?? 0);
  Object.assign(window, simulateInsulation(spec, rng));
  return window;
}

function simulateInsulation(spec: SimulationSpec, rng: SeededRandom): Pick<TelemetryWindow, "insulation" | "leakageCurrentMa"> {
  const uMax = spec.profile.maxWorkingVoltageV;
  const rMinOhm = insulationScale.minimumOhmPerVolt(spec.profile.insulationCircuit) * uMax;
  const healthySide = () => rMinOhm * insulationScale.toQuantity(0) * Math.pow(10, rng.uniform(0, 0.5));
  const fault = spec.faults?.find((f) => f.kind === "insulation");
  let plus = healthySide();
  let minus = healthySide();
  if (fault && fault.severity > 0) {
    const degraded = rMinOhm * insulationScale.toQuantity(fault.severity) * Math.pow(10, rng.uniform(-0.02, 0.02));
    if (rng.next() < 0.5) plus = Math.min(plus, degraded);
    else minus = Math.min(minus, degraded);
  }
  // The leakage path to chassis is dominated by the weaker side at roughly the full working voltage.
  const leakage = (uMax / Math.min(plus, minus)) * 1000;
  return { insulation: { hvPlusOhm: Math.round(plus), hvMinusOhm: Math.round(minus) }, leakageCurrentMa: leakage };
}
