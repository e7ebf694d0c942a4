/**
 * A node or dev-cluster setting read from its flag, else its VTOX environment variable, else a
 * default — with errors that name where the bad value came from (`--shard-count` or
 * `VTOX_SHARD_COUNT`), since an SRE fixes a unit file and a developer a command line.
 * @module
 */
import { UsageError } from "../flags/mod.ts";

/** A raw setting and the place it came from (for error messages). */
export interface RawSetting {
  value: string | undefined;
  /** `--flag`, `ENV_VAR` or `default`. */
  source: string;
}

/**
 * Picks the flag value, else the environment variable (an empty variable counts as unset, as in
 * `NATS_URL= npm start`), else the default.
 *
 * @example
 * ```ts
 * setting("shard-count", values["shard-count"], "VTOX_SHARD_COUNT", process.env, "64");
 * // { value: "64", source: "default" } when neither is given
 * ```
 */
export function setting(flag: string, flagValue: unknown, envVar: string | undefined, env: Record<string, string | undefined>, dflt?: string): RawSetting {
  if (typeof flagValue === "string") return { value: flagValue, source: `--${flag}` };
  const fromEnv = envVar ? env[envVar] : undefined;
  if (fromEnv !== undefined && fromEnv !== "") return { value: fromEnv, source: envVar! };
  return { value: dflt, source: "default" };
}

/**
 * An integer setting within `min..max`; throws {@link UsageError} naming the source and the value.
 *
 * @example
 * ```ts
 * intSetting({ value: "0", source: "VTOX_SHARD_COUNT" }, 1, 4096);
 * // throws: VTOX_SHARD_COUNT must be an integer in 1..4096, got "0"
 * ```
 */
export function intSetting(s: RawSetting, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const text = (s.value ?? "").trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in ${min}..${max}`;
    throw new UsageError(`${s.source} must be an integer ${range}, got ${JSON.stringify(s.value ?? "")}`);
  }
  return n;
}

/**
 * A positive number setting (e.g. a rate that may be fractional); throws {@link UsageError}.
 *
 * @example
 * ```ts
 * positiveNumberSetting({ value: "0.5", source: "--rate" }, 100); // 0.5
 * ```
 */
export function positiveNumberSetting(s: RawSetting, max: number): number {
  const text = (s.value ?? "").trim();
  const n = text === "" ? NaN : Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new UsageError(`${s.source} must be a number > 0 and <= ${max}, got ${JSON.stringify(s.value ?? "")}`);
  return n;
}
