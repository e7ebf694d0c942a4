/**
 * The deterministic motor simulator (library): three-phase currents and voltages, vibration,
 * speed, torque, winding temperature and insulation for induction and PMSM motors, with noise,
 * supply unbalance, harmonics, a speed change within the window, and injected faults whose
 * severities mean the physical quantities stated in actors/domain/severity.ts.
 *
 * @example
 * ```ts
 * import { simulateWindow } from "./actors/sim/mod.ts";
 * import { DEFAULT_INDUCTION_PROFILE } from "./actors/domain/mod.ts";
 * const w = simulateWindow({ vehicleId: "ev1", profile: DEFAULT_INDUCTION_PROFILE, seed: 7,
 *   sampleRateHz: 2048, samples: 32768, speedRpm: 1440, loadPercent: 80,
 *   faults: [{ kind: "bearing", severity: 0.4, defect: "outer_race" }] });
 * ```
 * @module
 */
export { simulateWindow } from "./simulate_window.ts";
export { type FaultInjection, type SimulationSpec, SimulationSpecError, validateSimulationSpec } from "./simulation_spec.ts";
export { operatingPoint, type OperatingPoint, RATED_SLIP } from "./operating_point.ts";
export { CURRENT_PER_VOLTAGE_UNBALANCE } from "./phase_currents.ts";
export { STRUCTURAL_RESONANCE_HZ, backgroundVibrationRms } from "./vibration_signal.ts";
export { SeededRandom } from "./seeded_random.ts";
