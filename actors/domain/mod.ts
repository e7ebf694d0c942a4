/**
 * The diagnosis domain: telemetry windows, vehicle profiles, diagnoses and health reports,
 * with validation for every edge.
 * @module
 */
export * from "./motor.ts";
export * from "./schema_error.ts";
export * from "./telemetry_window.ts";
export * from "./vehicle_profile.ts";
export * from "./diagnosis.ts";
export * from "./severity.ts";
export * from "./bearing_frequencies.ts";
export * from "./motor_frequencies.ts";
export * from "./power_factor.ts";
