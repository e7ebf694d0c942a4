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
export { vehicleCounters, vehicleKind, type VehicleActorDeps, type VehicleCounters, type VehicleKind } from "./vehicle_actor.ts";
export { StageTimings, type Stage } from "./stage_timings.ts";
export { HISTORY_SIZE, initialVehicleState, OUTBOX_SIZE, RECENT_SIZE, type HistoryEntry, type OutboxEntry, type VehicleState } from "./vehicle_state.ts";
export { PUBLISH_RESULTS_REMINDER } from "./vehicle_outbox.ts";
export { bandAfter, bandToPass, type BandMemory } from "./bearing_band_memory.ts";
