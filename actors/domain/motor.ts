/**
 * Names shared by the whole diagnosis domain: the five faults, the statuses, motor types.
 * @module
 */

/** The five analyzers' fault kinds, in the order reports list them. */
export const FAULT_KINDS = ["turn_fault", "insulation", "bearing", "eccentricity", "broken_bar"] as const;
/** One of the five fault kinds; also the last token of `vtox.diagnosis.<vehicleId>.<fault>`. */
export type FaultKind = typeof FAULT_KINDS[number];

/** Verdict of an analyzer. `insufficient_data`, `not_applicable` and `unavailable` are explicit non-verdicts. */
export const DIAGNOSIS_STATUSES = ["normal", "warning", "fault", "insufficient_data", "not_applicable", "unavailable"] as const;
/** A diagnosis status. */
export type DiagnosisStatus = typeof DIAGNOSIS_STATUSES[number];

/** Overall health of a vehicle. */
export type HealthStatus = "normal" | "warning" | "fault" | "unknown";

/** Motor technologies VTOX knows the physics of. */
export const MOTOR_TYPES = ["induction", "pmsm"] as const;
/** A motor technology. */
export type MotorType = typeof MOTOR_TYPES[number];

/** Subject-safe identifier (vehicle ids, motor ids): letters, digits, `_` and `-`, 1–64 chars. */
export const ID_PATTERN: RegExp = /^[A-Za-z0-9_-]{1,64}$/;
