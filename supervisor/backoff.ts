/**
 * Jittered exponential backoff between successive restarts of the same child.
 * @module
 */
import { SupervisorConfigError } from "./errors.ts";

/** Backoff between restarts of one child. */
export interface BackoffOptions {
  /** Delay before the first restart, in ms (> 0). */
  initialMs: number;
  /** Upper bound of the delay, in ms (>= initialMs). */
  maxMs: number;
  /** Growth per consecutive failure (>= 1); default 2. */
  factor?: number;
  /**
   * Fraction of the delay that is randomised (0..1); default 0.2. The delay is drawn uniformly
   * from `[base·(1 − jitter), base]`, so it never exceeds `maxMs` and never drops below
   * `(1 − jitter)` of the exponential base.
   */
  jitter?: number;
  /**
   * A child that ran at least this long before failing starts its backoff over at attempt 1;
   * default: the supervisor's `periodMs`.
   */
  resetAfterMs?: number;
}

/** Backoff options with every default filled in. */
export interface ResolvedBackoff {
  initialMs: number;
  maxMs: number;
  factor: number;
  jitter: number;
  resetAfterMs: number;
}

/**
 * Validates `options` and fills defaults; throws {@link SupervisorConfigError} naming the field.
 */
export function resolveBackoff(options: BackoffOptions, defaultResetAfterMs: number, what: string): ResolvedBackoff {
  if (typeof options !== "object" || options === null) {
    throw new SupervisorConfigError(what, "backoff", "an object", options);
  }
  const { initialMs, maxMs, factor = 2, jitter = 0.2, resetAfterMs = defaultResetAfterMs } = options;
  if (typeof initialMs !== "number" || !Number.isFinite(initialMs) || initialMs <= 0) {
    throw new SupervisorConfigError(what, "backoff.initialMs", "a finite number > 0", initialMs);
  }
  if (typeof maxMs !== "number" || !Number.isFinite(maxMs) || maxMs < initialMs) {
    throw new SupervisorConfigError(what, "backoff.maxMs", `a finite number >= initialMs (${initialMs})`, maxMs);
  }
  if (typeof factor !== "number" || !Number.isFinite(factor) || factor < 1) {
    throw new SupervisorConfigError(what, "backoff.factor", "a finite number >= 1", factor);
  }
  if (typeof jitter !== "number" || !(jitter >= 0 && jitter <= 1)) {
    throw new SupervisorConfigError(what, "backoff.jitter", "a number in [0, 1]", jitter);
  }
  if (typeof resetAfterMs !== "number" || Number.isNaN(resetAfterMs) || resetAfterMs <= 0) {
    throw new SupervisorConfigError(what, "backoff.resetAfterMs", "a number > 0", resetAfterMs);
  }
  return { initialMs, maxMs, factor, jitter, resetAfterMs };
}

/**
 * The delay before restart number `attempt` (1 = first restart after a failure) of one child:
 * `min(maxMs, initialMs · factor^(attempt−1))`, reduced by up to `jitter` of itself using
 * `random()` (a value in [0, 1), e.g. `Math.random`).
 *
 * @example
 * backoffDelay(3, { initialMs: 100, maxMs: 10_000, factor: 2, jitter: 0, resetAfterMs: 5000 }, Math.random); // 400
 */
export function backoffDelay(attempt: number, backoff: ResolvedBackoff, random: () => number): number {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt must be an integer >= 1, got ${attempt}`);
  }
  const base = Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** (attempt - 1));
  // A misbehaving random source must not push the delay outside its documented bounds.
  const r = Math.min(1, Math.max(0, Number(random()) || 0));
  return base * (1 - backoff.jitter * r);
}
