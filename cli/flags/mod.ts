/**
 * Command-line flags of the `vtox` commands: parsing on `node:util` parseArgs (Node and Deno),
 * typed values (numbers, choices, bearing geometry, window length, motor profile) and the
 * {@link UsageError} every bad flag becomes (exit code 2).
 * @module
 */
export { UsageError } from "./usage_error.ts";
export { formatHelp, parseFlags, type FlagSpec, type FlagSpecs, type FlagValues } from "./parse_flags.ts";
export { choiceFlag, numberFlag, type NumberRange } from "./number_flag.ts";
export { bearingFlag } from "./bearing_flag.ts";
export { windowFlag } from "./window_flag.ts";
export { MOTOR_PROFILE_FLAGS, motorCommandFlags, profileFromFlags } from "./motor_profile_flags.ts";
export { vehicleFlag, vehicleFlagSpec } from "./vehicle_flag.ts";
export { commandFailure, EXIT_BAD_INPUT, EXIT_INTERNAL } from "./command_failure.ts";
