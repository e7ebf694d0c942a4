/**
 * The supervisor's bookkeeping for one child spec (internal to the supervisor part).
 * @module
 */
import type { Child, ValidChildSpec } from "./child.ts";

/** One started instance of a child; identity tells a current exit from a stale one. */
export interface ChildInstance {
  readonly child: Child;
  readonly startedAt: number;
}

/** Children to start again after one failure, once its backoff delay is over. */
export interface RestartPlan {
  /** The child whose failure made the plan. */
  readonly failed: ChildRecord;
  /** Its consecutive-failure count. */
  readonly attempt: number;
  /** Why it is restarted ("crash", "normal exit", "start failed"). */
  readonly reason: string;
  /** The children to start, in start order. */
  readonly records: readonly ChildRecord[];
}

/** A child spec plus its running state. */
export class ChildRecord {
  readonly spec: ValidChildSpec;
  /** The running instance, if any. */
  instance: ChildInstance | undefined;
  /** The supervisor means this child to be running (false after terminate or a final exit). */
  wanted = false;
  /** Times this child was restarted by the supervisor. */
  restarts = 0;
  /** The restart plan this child waits for (not running, backoff pending), if any. */
  pendingRestart: RestartPlan | undefined;
  /** Consecutive failures without a long enough run in between: the backoff attempt. */
  consecutiveFailures = 0;

  constructor(spec: ValidChildSpec) {
    this.spec = spec;
  }

  get id(): string {
    return this.spec.id;
  }
}
