/**
 * Supervisor options, their defaults and their validation.
 * @module
 */
import { resolveBackoff, type BackoffOptions, type ResolvedBackoff } from "./backoff.ts";
import { systemClock, type Clock } from "./clock.ts";
import { SupervisorConfigError } from "./errors.ts";
import type { SupervisorEventListener } from "./events.ts";
import { RESTART_STRATEGIES, type RestartStrategy } from "./strategy.ts";

/** How a supervisor restarts its children and when it gives up. */
export interface SupervisorOptions {
  strategy: RestartStrategy;
  /** Restart intensity: more than this many restarts (integer >= 0; default 3) ... */
  maxRestarts?: number;
  /** ... within this period (ms, > 0; default 5000) and the supervisor fails, escalating to its parent. */
  periodMs?: number;
  /** Jittered exponential backoff between restarts of the same child; default: restart at once. */
  backoff?: BackoffOptions;
  /** Default time a child may take to stop (ms, >= 0 or Infinity); default 5000. */
  shutdownMs?: number;
  /** Observability hook; see {@link SupervisorEvent}. */
  onEvent?: SupervisorEventListener;
  /** Time source; default {@link systemClock}. Inject a virtual clock in tests. */
  clock?: Clock;
  /** Random source in [0, 1) for backoff jitter; default `Math.random`. */
  random?: () => number;
}

/** Options after validation, with every default filled in. */
export interface ResolvedSupervisorOptions {
  readonly strategy: RestartStrategy;
  readonly maxRestarts: number;
  readonly periodMs: number;
  readonly backoff: ResolvedBackoff | undefined;
  readonly shutdownMs: number;
  readonly onEvent: SupervisorEventListener | undefined;
  readonly clock: Clock;
  readonly random: () => number;
}

/** Default restart intensity: 3 restarts ... */
export const DEFAULT_MAX_RESTARTS = 3;
/** ... in 5 seconds (the Elixir defaults). */
export const DEFAULT_PERIOD_MS = 5000;
/** Default time a child may take to stop. */
export const DEFAULT_SHUTDOWN_MS = 5000;

/** Validates options and fills defaults; throws {@link SupervisorConfigError} naming the field. */
export function resolveSupervisorOptions(name: string, options: SupervisorOptions): ResolvedSupervisorOptions {
  const what = `options for supervisor "${name}"`;
  if (typeof options !== "object" || options === null) throw new SupervisorConfigError(what, "options", "an object", options);
  const {
    strategy,
    maxRestarts = DEFAULT_MAX_RESTARTS,
    periodMs = DEFAULT_PERIOD_MS,
    shutdownMs = DEFAULT_SHUTDOWN_MS,
    onEvent,
    clock = systemClock,
    random = Math.random,
  } = options;
  if (!RESTART_STRATEGIES.includes(strategy)) {
    throw new SupervisorConfigError(what, "strategy", `one of ${RESTART_STRATEGIES.join(" | ")}`, strategy);
  }
  if (typeof maxRestarts !== "number" || !Number.isInteger(maxRestarts) || maxRestarts < 0) {
    throw new SupervisorConfigError(what, "maxRestarts", "an integer >= 0", maxRestarts);
  }
  if (typeof periodMs !== "number" || !Number.isFinite(periodMs) || periodMs <= 0) {
    throw new SupervisorConfigError(what, "periodMs", "a finite number > 0", periodMs);
  }
  if (typeof shutdownMs !== "number" || Number.isNaN(shutdownMs) || shutdownMs < 0) {
    throw new SupervisorConfigError(what, "shutdownMs", "a number >= 0 (or Infinity)", shutdownMs);
  }
  if (onEvent !== undefined && typeof onEvent !== "function") throw new SupervisorConfigError(what, "onEvent", "a function", onEvent);
  if (typeof clock !== "object" || clock === null || typeof clock.now !== "function" || typeof clock.sleep !== "function") {
    throw new SupervisorConfigError(what, "clock", "an object with now() and sleep()", clock);
  }
  if (typeof random !== "function") throw new SupervisorConfigError(what, "random", "a function", random);
  const backoff = options.backoff === undefined ? undefined : resolveBackoff(options.backoff, periodMs, what);
  return { strategy, maxRestarts, periodMs, backoff, shutdownMs, onEvent, clock, random };
}
