/**
 * The vehicle actor: one virtual actor per vehicle that turns telemetry windows into
 * diagnoses, health reports and de-duplicated alarms (see docs/subjects.md).
 *
 * @example
 * ```ts
 * import { vehicleKind } from "./actors/vehicle/mod.ts";
 * const system = await ActorSystem.start({ nc, kinds: [vehicleKind({ nc, dsp })] });
 * ```
 * @module
 */
export { vehicleCounters, vehicleKind, type VehicleActorDeps, type VehicleCounters } from "./vehicle_actor.ts";
export { StageTimings, type Stage } from "./stage_timings.ts";
export { HISTORY_SIZE, initialVehicleState, RECENT_SIZE, type HistoryEntry, type VehicleState } from "./vehicle_state.ts";
