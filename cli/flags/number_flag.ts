/**
 * Numeric flag values: the whole string must be a number within the stated range, so `--fs 12k`,
 * `--rpm abc` or `--rpm 1e9` are errors naming the flag rather than NaN reaching an analyzer.
 * @module
 */
import { UsageError } from "./usage_error.ts";

/** Range and kind of a numeric flag. */
export interface NumberRange {
  min?: number;
  max?: number;
  /** Lower bound excluded (e.g. a rate must be > 0). */
  exclusiveMin?: number;
  integer?: boolean;
  /** What the number is, for the message (e.g. "a shaft speed in rpm"). */
  what: string;
}

/**
 * Parses a numeric flag; undefined when the flag was not given.
 *
 * @example
 * ```ts
 * numberFlag("rpm", "1772", { exclusiveMin: 0, max: 60000, what: "a shaft speed in rpm" }); // 1772
 * numberFlag("rpm", "-5", { exclusiveMin: 0, max: 60000, what: "a shaft speed in rpm" });
 * // throws UsageError: --rpm must be a shaft speed in rpm > 0 and <= 60000, got "-5"
 * ```
 */
export function numberFlag(name: string, raw: unknown, range: NumberRange): number | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const v = text === "" ? NaN : Number(text);
  const ok = Number.isFinite(v) &&
    (range.min === undefined || v >= range.min) &&
    (range.max === undefined || v <= range.max) &&
    (range.exclusiveMin === undefined || v > range.exclusiveMin) &&
    (!range.integer || Number.isInteger(v));
  if (!ok) {
    const bounds = [
      range.exclusiveMin !== undefined ? `> ${range.exclusiveMin}` : undefined,
      range.min !== undefined ? `>= ${range.min}` : undefined,
      range.max !== undefined ? `<= ${range.max}` : undefined,
    ].filter(Boolean).join(" and ");
    throw new UsageError(`--${name} must be ${range.integer ? "a whole number: " : ""}${range.what}${bounds ? ` ${bounds}` : ""}, got ${JSON.stringify(text)}`);
  }
  return v;
}

/**
 * Parses a flag restricted to a list of words.
 *
 * @example
 * ```ts
 * choiceFlag("motor", "pmsm", ["induction", "pmsm"] as const); // "pmsm"
 * ```
 */
export function choiceFlag<T extends string>(name: string, raw: unknown, choices: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || !choices.includes(raw as T)) {
    throw new UsageError(`--${name} must be one of ${choices.join(", ")}, got ${JSON.stringify(raw)}`);
  }
  return raw as T;
}
