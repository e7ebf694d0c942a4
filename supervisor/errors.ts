/**
 * The supervisor's named errors. Every one has a stable `code` for counting and logs, and keeps
 * the underlying failure as `cause`.
 * @module
 */

/** A short, safe rendering of a found value for error messages (never the whole value). */
export function describeFound(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : String(v);
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v);
  if (typeof v === "function") return "a function";
  if (Array.isArray(v)) return `array(${v.length})`;
  return typeof v;
}

/** A one-line description of a failure, for event `reason` fields and messages. */
export function describeFailure(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `non-error value ${describeFound(error)}`;
}

/** Options or a child spec given to a supervisor are invalid; the message names the field. */
export class SupervisorConfigError extends Error {
  /** Stable error code. */
  readonly code = "SUPERVISOR_CONFIG";
  /** Dotted path of the offending field, e.g. `backoff.jitter`. */
  readonly path: string;
  constructor(what: string, path: string, expected: string, found: unknown, options?: ErrorOptions) {
    super(`Invalid ${what}: ${path} must be ${expected}, got ${describeFound(found)}`, options);
    this.name = "SupervisorConfigError";
    this.path = path;
  }
}

/**
 * More restarts than `maxRestarts` happened within `periodMs`: the supervisor stopped all its
 * children and failed. Its `done` rejects with this error, so its parent sees a crash.
 */
export class SupervisorIntensityError extends Error {
  /** Stable error code. */
  readonly code = "SUPERVISOR_INTENSITY";
  /** Name of the supervisor that gave up. */
  readonly supervisor: string;
  /** Id of the child whose failure exceeded the intensity. */
  readonly childId: string;
  readonly maxRestarts: number;
  readonly periodMs: number;
  constructor(supervisor: string, childId: string, maxRestarts: number, periodMs: number, options?: ErrorOptions) {
    super(
      `Supervisor "${supervisor}" failed: child "${childId}" needed more than ${maxRestarts} restart(s) within ${periodMs} ms` +
        (options?.cause !== undefined ? ` (last failure: ${describeFailure(options.cause)})` : ""),
      options,
    );
    this.name = "SupervisorIntensityError";
    this.supervisor = supervisor;
    this.childId = childId;
    this.maxRestarts = maxRestarts;
    this.periodMs = periodMs;
  }
}

/** A child's `start()` threw, rejected, or returned something that is not a Child. */
export class ChildStartError extends Error {
  /** Stable error code. */
  readonly code = "SUPERVISOR_CHILD_START";
  readonly supervisor: string;
  readonly childId: string;
  constructor(supervisor: string, childId: string, options: ErrorOptions) {
    super(`Supervisor "${supervisor}" could not start child "${childId}": ${describeFailure(options.cause)}`, options);
    this.name = "ChildStartError";
    this.supervisor = supervisor;
    this.childId = childId;
  }
}

/** No child with this id is known to the supervisor. */
export class UnknownChildError extends Error {
  /** Stable error code. */
  readonly code = "SUPERVISOR_UNKNOWN_CHILD";
  readonly childId: string;
  constructor(supervisor: string, childId: string) {
    super(`Supervisor "${supervisor}" has no child "${childId}"`);
    this.name = "UnknownChildError";
    this.childId = childId;
  }
}

/** A child with this id already exists under the supervisor. */
export class DuplicateChildError extends Error {
  /** Stable error code. */
  readonly code = "SUPERVISOR_DUPLICATE_CHILD";
  readonly childId: string;
  constructor(supervisor: string, childId: string) {
    super(`Supervisor "${supervisor}" already has a child "${childId}"`);
    this.name = "DuplicateChildError";
    this.childId = childId;
  }
}

/** The operation needs the child stopped (delete) or stopped-and-kept (restart), and it is not. */
export class ChildRunningError extends Error {
  /** Stable error code. */
  readonly code = "SUPERVISOR_CHILD_RUNNING";
  readonly childId: string;
  constructor(supervisor: string, childId: string, operation: string) {
    super(`Supervisor "${supervisor}" cannot ${operation} child "${childId}": it is running or being restarted`);
    this.name = "ChildRunningError";
    this.childId = childId;
  }
}

/** The supervisor is not running (not started yet, stopping, stopped or failed). */
export class SupervisorNotRunningError extends Error {
  /** Stable error code. */
  readonly code = "SUPERVISOR_NOT_RUNNING";
  readonly supervisor: string;
  readonly state: string;
  constructor(supervisor: string, operation: string, state: string) {
    super(`Supervisor "${supervisor}" cannot ${operation}: it is ${state}`);
    this.name = "SupervisorNotRunningError";
    this.supervisor = supervisor;
    this.state = state;
  }
}
