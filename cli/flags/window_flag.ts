/**
 * `--window <samples or duration>`: `8192` is samples, `2s`, `2.5s` or `500ms` a duration.
 * @module
 */
import type { WindowLength } from "../../actors/recording/mod.ts";
import { UsageError } from "./usage_error.ts";

/**
 * Parses the `--window` value.
 *
 * @example
 * ```ts
 * windowFlag("8192");  // { samples: 8192 }
 * windowFlag("2.5s");  // { seconds: 2.5 }
 * windowFlag("500ms"); // { seconds: 0.5 }
 * ```
 */
export function windowFlag(raw: string): WindowLength {
  const text = raw.trim();
  if (/^\d+$/.test(text)) return { samples: Number(text) };
  const m = text.match(/^(\d+(?:\.\d+)?|\.\d+)\s*(s|ms)$/);
  if (m && Number(m[1]) > 0) return { seconds: Number(m[1]) * (m[2] === "ms" ? 1e-3 : 1) };
  throw new UsageError(`--window must be a whole number of samples (8192) or a duration with a unit (2s, 500ms), got ${JSON.stringify(raw)}`);
}
