/**
 * The simulated fleet: which vehicle has which motor and which injected fault, and the windows it
 * sends (three phase currents at 1024 Hz and one vibration channel at 12 kHz, 4096 samples each,
 * compact Int16 form). A few windows are simulated per class and re-stamped per vehicle and time,
 * so a fleet of thousands costs seconds to prepare, not minutes.
 * @module
 */
import { DEFAULT_INDUCTION_PROFILE, DEFAULT_PMSM_PROFILE, type VehicleProfile } from "../domain/mod.ts";
import { encodeValue } from "../runtime/mod.ts";
import { simulateWindow, type FaultInjection } from "../sim/mod.ts";
import { compactWindow, type CompactWindow } from "./compact_window.ts";
import { assignClasses, injectionOf, parseFaultMix, type FaultMixEntry } from "./fault_mix.ts";
import { FleetConfigError } from "./fleet_error.ts";

/** One simulated vehicle. */
export interface FleetVehicle {
  vehicleId: string;
  profile: VehicleProfile;
  /** `healthy` or the injected fault kind. */
  label: FaultMixEntry["label"];
  injection?: FaultInjection;
}

/** Options of {@link planFleet}. */
export interface FleetPlanOptions {
  vehicles: number;
  /** Fault mix text (see fault_mix.ts). */
  faults: string;
  /** Injected severity 0–1 (default 0.7). */
  severity?: number;
  /** Vehicle id prefix (default `ev`): ids are `<prefix>-<n>` with n zero-padded. */
  idPrefix?: string;
  /** Windows simulated per class (default 3); vehicles of a class cycle through them. */
  windowsPerClass?: number;
  /** Samples per channel (default 4096). */
  samples?: number;
}

/** Current and vibration sampling of the simulated fleet. */
export const FLEET_CURRENT_FS = 1024;
export const FLEET_VIBRATION_FS = 12_000;

/** A planned fleet with its window factory. */
export interface FleetPlan {
  vehicles: FleetVehicle[];
  /** The CBOR bytes of vehicle `i`'s `k`-th window stamped `timestamp`. */
  windowBytes(i: number, k: number, timestamp: number): Uint8Array;
}

/**
 * Plans a fleet.
 *
 * @example
 * ```ts
 * const plan = planFleet({ vehicles: 10, faults: "healthy=8,bearing=1,broken_bar=1" });
 * nc.publish(telemetrySubject(plan.vehicles[0].vehicleId), plan.windowBytes(0, 0, Date.now()));
 * ```
 */
export function planFleet(o: FleetPlanOptions): FleetPlan {
  if (!Number.isInteger(o.vehicles) || o.vehicles < 1 || o.vehicles > 1_000_000) {
    throw new FleetConfigError(`Invalid fleet: vehicles must be an integer in 1..1000000, got ${o.vehicles}`);
  }
  const severity = o.severity ?? 0.7;
  if (!(severity >= 0 && severity <= 1)) throw new FleetConfigError(`Invalid fleet: severity must be in 0..1, got ${o.severity}`);
  const perClass = o.windowsPerClass ?? 3;
  if (!Number.isInteger(perClass) || perClass < 1) throw new FleetConfigError(`Invalid fleet: windowsPerClass must be an integer >= 1, got ${o.windowsPerClass}`);
  const samples = o.samples ?? 4096;
  const prefix = o.idPrefix ?? "ev";
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(prefix)) throw new FleetConfigError(`Invalid fleet: idPrefix must match [A-Za-z0-9_-]{1,40}, got ${JSON.stringify(prefix)}`);
  const classes = assignClasses(parseFaultMix(o.faults), o.vehicles);
  const digits = String(o.vehicles - 1).length;
  const vehicles: FleetVehicle[] = classes.map((c, i) => {
    const injection = injectionOf(c, severity);
    // Broken bars exist only in induction motors; otherwise alternate the two motor types.
    const profile = c.label === "broken_bar" || i % 2 === 0 ? DEFAULT_INDUCTION_PROFILE : DEFAULT_PMSM_PROFILE;
    return { vehicleId: `${prefix}-${String(i).padStart(digits, "0")}`, profile, label: c.label, ...(injection ? { injection } : {}) };
  });
  const cache = new Map<string, CompactWindow[]>();
  const windowsOf = (v: FleetVehicle): CompactWindow[] => {
    const key = `${v.profile.motorType}.${v.label}.${JSON.stringify(v.injection ?? null)}`;
    let ws = cache.get(key);
    if (!ws) {
      ws = Array.from({ length: perClass }, (_, k) => {
        const speed = v.profile.motorType === "induction" ? 1450 + 40 * k : 1200 + 40 * k; // ≥ 20 outer-race periods in 0.34 s of vibration at 12 kHz
        const w = simulateWindow({
          vehicleId: "sim", profile: v.profile, seed: 1 + k * 7919 + cache.size * 104729, sampleRateHz: FLEET_CURRENT_FS, samples,
          vibrationSampleRateHz: FLEET_VIBRATION_FS, vibrationSamples: samples, speedRpm: speed, loadPercent: 60 + 10 * k,
          ...(v.injection ? { faults: [v.injection] } : {}),
        });
        // The fleet sends three currents and one vibration channel (no voltages), as in the bench spec.
        return compactWindow(w, { voltages: false });
      });
      cache.set(key, ws);
    }
    return ws;
  };
  return {
    vehicles,
    windowBytes(i, k, timestamp) {
      const v = vehicles[i];
      if (!v) throw new FleetConfigError(`Invalid vehicle index ${i}: the fleet has ${vehicles.length} vehicles`);
      const ws = windowsOf(v);
      return encodeValue({ ...ws[k % ws.length]!, vehicleId: v.vehicleId, motorId: "m1", timestamp });
    },
  };
}
