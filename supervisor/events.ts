/**
 * What a supervisor reports about itself and its children, for logs, metrics and traces.
 * @module
 */

/**
 * - `started`: a child was started (first start or restart; see `attempt`).
 * - `start_failed`: a child's `start()` threw or returned no Child (`error`).
 * - `exited`: a child ended on its own; `reason` is `"normal"` or `"crash"` (with `error`).
 * - `restarting`: the supervisor will restart `childId` (and, per strategy, `affected`) after
 *   `delayMs`; `attempt` counts consecutive failures of that child.
 * - `restarted`: one child is running again after a restart.
 * - `intensity_exceeded`: too many restarts in the period; the supervisor is failing.
 * - `shutdown_timeout`: a child did not stop within its `shutdownMs`; the supervisor moved on.
 * - `stop_failed`: a child's `stop()` threw (`error`); the supervisor moved on.
 * - `stopped`: a child was stopped by the supervisor, or (without `childId`) the supervisor
 *   itself stopped or failed.
 */
export type SupervisorEventType =
  | "started"
  | "start_failed"
  | "exited"
  | "restarting"
  | "restarted"
  | "intensity_exceeded"
  | "shutdown_timeout"
  | "stop_failed"
  | "stopped";

/** One supervisor event. Fields beyond `type`, `supervisor` and `at` depend on the type. */
export interface SupervisorEvent {
  readonly type: SupervisorEventType;
  /** Name of the supervisor reporting. */
  readonly supervisor: string;
  /** `clock.now()` when it happened. */
  readonly at: number;
  /** The child concerned; absent for events about the supervisor itself. */
  readonly childId?: string;
  /** Human-readable cause: `"normal"`, `"crash"`, a stop reason, a failure description. */
  readonly reason?: string;
  /** The error of a crash or failed start/stop. */
  readonly error?: unknown;
  /** Consecutive-failure count of the child (1 = first restart after running fine). */
  readonly attempt?: number;
  /** Backoff delay before the restart, in ms. */
  readonly delayMs?: number;
  /** `restarting`: ids of every child this restart stops and starts again, in start order. */
  readonly affected?: readonly string[];
}

/** Receives supervisor events. It must not throw; if it does, the error is ignored. */
export type SupervisorEventListener = (event: SupervisorEvent) => void;
