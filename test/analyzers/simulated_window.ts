/**
 * Test fixture: a simulated window at a typical operating point, overridable per test.
 * @module
 */
import { DEFAULT_INDUCTION_PROFILE, DEFAULT_PMSM_PROFILE, type TelemetryWindow, type VehicleProfile } from "../../actors/domain/mod.ts";
import { type SimulationSpec, simulateWindow } from "../../actors/sim/mod.ts";

/** Builds a spec: induction 1440 rpm at 80 % load, currents 1024 Hz × 32768, vibration 12 kHz × 16384. */
export function spec(overrides: Partial<SimulationSpec> = {}): SimulationSpec {
  const profile: VehicleProfile = overrides.profile ?? DEFAULT_INDUCTION_PROFILE;
  return {
    vehicleId: "ev-test",
    profile,
    seed: 1,
    sampleRateHz: 1024,
    samples: 32768,
    vibrationSampleRateHz: 12000,
    vibrationSamples: 16384,
    speedRpm: profile.motorType === "pmsm" ? 1200 : 1440,
    loadPercent: 80,
    noise: 0.01,
    ...overrides,
  };
}

/** Simulates a window from {@link spec}. */
export function windowOf(overrides: Partial<SimulationSpec> = {}): TelemetryWindow {
  return simulateWindow(spec(overrides));
}

export { DEFAULT_INDUCTION_PROFILE, DEFAULT_PMSM_PROFILE };
