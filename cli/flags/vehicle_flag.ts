/**
 * `--vehicle <id>`, the vehicle id a command stamps on the windows it reads or writes: checked
 * against the same pattern the telemetry schema enforces, so a bad id fails at the flag and not
 * later at the first window.
 * @module
 */
import { ID_PATTERN } from "../../actors/domain/mod.ts";
import type { FlagSpec } from "./parse_flags.ts";
import { UsageError } from "./usage_error.ts";

/** Declaration of `--vehicle`; `help` says what the default is for the command. */
export function vehicleFlagSpec(help: string): FlagSpec {
  return { type: "string", value: "<id>", help };
}

/**
 * The validated `--vehicle` value, or undefined when not given.
 *
 * @example
 * ```ts
 * vehicleFlag("ev-12"); // "ev-12"
 * vehicleFlag("ev 12"); // throws UsageError: --vehicle must be 1–64 letters, digits, _ or -, got "ev 12"
 * ```
 */
export function vehicleFlag(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !ID_PATTERN.test(value)) {
    throw new UsageError(`--vehicle must be 1–64 letters, digits, _ or -, got ${JSON.stringify(value)}`);
  }
  return value;
}
