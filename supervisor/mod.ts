/**
 * Local OTP-style supervision: supervisors with one_for_one / one_for_all / rest_for_one
 * strategies, permanent / transient / temporary children, restart intensity that escalates to
 * the parent, jittered exponential backoff, ordered start and reverse-order stop, and events.
 * Pure TypeScript on web-standard APIs (Node and Deno).
 *
 * @example
 * ```ts
 * import { Supervisor, childFromTask } from "./supervisor/mod.ts";
 * const sup = await Supervisor.start("shards", {
 *   strategy: "one_for_one", maxRestarts: 5, periodMs: 10_000,
 *   backoff: { initialMs: 50, maxMs: 2_000, jitter: 0.2 },
 *   onEvent: (e) => console.log(e.type, e.childId ?? "", e.reason ?? ""),
 * }, [
 *   { id: "shard-0", start: () => childFromTask((signal) => consumeShard(0, signal)) },
 * ]);
 * sup.done.catch((err) => alertOperator(err)); // SupervisorIntensityError: it gave up
 * await sup.stop();
 * ```
 * @module
 */
export { Supervisor, type ChildInfo, type SupervisorStats } from "./supervisor.ts";
export { RESTART_TYPES, isChild, type Child, type ChildSpec, type RestartType } from "./child.ts";
export { childFromTask, controlledChild, type ControlledChild, type TaskChildOptions } from "./child_from_task.ts";
export { RESTART_STRATEGIES, affectedChildren, type RestartStrategy } from "./strategy.ts";
export { RestartIntensity } from "./restart_intensity.ts";
export { backoffDelay, resolveBackoff, type BackoffOptions, type ResolvedBackoff } from "./backoff.ts";
export { systemClock, type Clock } from "./clock.ts";
export type { SupervisorEvent, SupervisorEventListener, SupervisorEventType } from "./events.ts";
export {
  DEFAULT_MAX_RESTARTS,
  DEFAULT_PERIOD_MS,
  DEFAULT_SHUTDOWN_MS,
  type SupervisorOptions,
} from "./options.ts";
export {
  ChildRunningError,
  ChildStartError,
  DuplicateChildError,
  SupervisorConfigError,
  SupervisorIntensityError,
  SupervisorNotRunningError,
  UnknownChildError,
} from "./errors.ts";
