/**
 * What a supervisor supervises: a running {@link Child} and the {@link ChildSpec} that starts it.
 * @module
 */
import { SupervisorConfigError } from "./errors.ts";

/**
 * - `permanent`: always restarted, after a crash or a normal exit.
 * - `transient`: restarted only after an abnormal exit (its `done` rejected).
 * - `temporary`: never restarted; forgotten when it exits.
 */
export type RestartType = "permanent" | "transient" | "temporary";

/** All restart types, for validation and iteration. */
export const RESTART_TYPES: readonly RestartType[] = ["permanent", "transient", "temporary"];

/**
 * A running child. `done` settles when it stops: it resolves on a normal exit and rejects with
 * the error on a crash. `stop(reason)` asks it to stop and resolves once it has.
 */
export interface Child {
  readonly done: Promise<void>;
  stop(reason?: string): Promise<void>;
}

/** How to start (and restart) one child. */
export interface ChildSpec {
  /** Unique among the supervisor's children. */
  id: string;
  /** Default `permanent`. */
  restart?: RestartType;
  /** Starts a fresh instance; may throw or reject, which counts as a failure of the child. */
  start(): Promise<Child> | Child;
  /**
   * How long `stop()` may take before the supervisor gives up waiting and moves on (ms, >= 0,
   * `Infinity` to wait forever — right for nested supervisors). Default: the supervisor's
   * `shutdownMs`.
   */
  shutdownMs?: number;
}

/** A child spec after validation, with the restart type filled in. */
export interface ValidChildSpec {
  readonly id: string;
  readonly restart: RestartType;
  readonly start: () => Promise<Child> | Child;
  readonly shutdownMs: number | undefined;
}

/** True when `v` has the shape of a {@link Child}. */
export function isChild(v: unknown): v is Child {
  if (typeof v !== "object" || v === null) return false;
  const c = v as { done?: unknown; stop?: unknown };
  return c.done instanceof Promise && typeof c.stop === "function";
}

/** Validates a child spec; throws {@link SupervisorConfigError} naming the offending field. */
export function validateChildSpec(spec: unknown, supervisor: string): ValidChildSpec {
  const what = `child spec for supervisor "${supervisor}"`;
  if (typeof spec !== "object" || spec === null) throw new SupervisorConfigError(what, "spec", "an object", spec);
  const s = spec as Record<string, unknown>;
  if (typeof s.id !== "string" || s.id.length === 0) {
    throw new SupervisorConfigError(what, "id", "a non-empty string", s.id);
  }
  const idWhat = `child spec "${s.id}" for supervisor "${supervisor}"`;
  const restart = s.restart ?? "permanent";
  if (!RESTART_TYPES.includes(restart as RestartType)) {
    throw new SupervisorConfigError(idWhat, "restart", `one of ${RESTART_TYPES.join(" | ")}`, restart);
  }
  if (typeof s.start !== "function") throw new SupervisorConfigError(idWhat, "start", "a function", s.start);
  if (s.shutdownMs !== undefined && (typeof s.shutdownMs !== "number" || Number.isNaN(s.shutdownMs) || s.shutdownMs < 0)) {
    throw new SupervisorConfigError(idWhat, "shutdownMs", "a number >= 0 (or Infinity)", s.shutdownMs);
  }
  const start = s.start as () => Promise<Child> | Child;
  return {
    id: s.id,
    restart: restart as RestartType,
    start: () => start.call(spec),
    shutdownMs: s.shutdownMs as number | undefined,
  };
}
