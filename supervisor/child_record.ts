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

/** A child spec plus its running state. */
export class ChildRecord {
  readonly spec: ValidChildSpec;
  /** The running instance, if any. */
  instance: ChildInstance | undefined;
  /** The supervisor means this child to be running (false after terminate or a final exit). */
  wanted = false;
  /** Times this child was restarted by the supervisor. */
  restarts = 0;
  /** Consecutive failures without a long enough run in between: the backoff attempt. */
  consecutiveFailures = 0;

  constructor(spec: ValidChildSpec) {
    this.spec = spec;
  }

  get id(): string {
    return this.spec.id;
  }
}
