/**
 * Two ways to make a {@link Child} without writing the promise plumbing by hand.
 * @module
 */
import type { Child } from "./child.ts";

/** Options for {@link childFromTask}. */
export interface TaskChildOptions {
  /** Called on `stop(reason)` after the task's signal aborted, e.g. to close a subscription. */
  onStop?: (reason: string) => void | Promise<void>;
}

/**
 * A child that runs `run(signal)` at once. `done` follows the task: it resolves when `run`
 * returns (normal exit) and rejects when it throws (crash). `stop(reason)` aborts `signal` (its
 * `reason` is the stop reason), calls `onStop`, and waits for `run` to finish; a rejection after
 * the abort counts as a normal exit.
 *
 * @example
 * const spec = {
 *   id: "shard-7",
 *   start: () => childFromTask(async (signal) => {
 *     while (!signal.aborted) await consumeBatch(signal); // throws → the supervisor restarts it
 *   }),
 * };
 */
export function childFromTask(run: (signal: AbortSignal) => void | Promise<void>, options: TaskChildOptions = {}): Child {
  const abort = new AbortController();
  const done = (async () => {
    try {
      await run(abort.signal);
    } catch (error) {
      if (abort.signal.aborted) return; // ended because it was told to stop
      throw error;
    }
  })();
  // Observed by the supervisor; this keeps an unobserved crash from killing the process.
  done.catch(() => {});
  return {
    done,
    async stop(reason = "stop") {
      if (!abort.signal.aborted) abort.abort(reason);
      await options.onStop?.(reason);
      await done.catch(() => {});
    },
  };
}

/** A child whose end is signalled by hand, see {@link controlledChild}. */
export interface ControlledChild {
  /** Give this to the supervisor (return it from `ChildSpec.start`). */
  readonly child: Child;
  /** Signals a crash: `done` rejects with `error`. No effect once the child has ended. */
  crash(error: unknown): void;
  /** Signals a normal exit: `done` resolves. No effect once the child has ended. */
  exit(): void;
  /** True once the child has ended (crash, exit or stop). */
  readonly ended: boolean;
}

/**
 * A child for things that are not one task — an activated actor, a consumer with callbacks:
 * the owner calls `crash(err)` or `exit()`; the supervisor calls `stop()`, which runs `onStop`
 * and then ends the child normally.
 *
 * @example
 * const spec = { id: "actor-42", start: async () => {
 *   const handle = controlledChild(() => actor.passivate());
 *   actor.onReceiveError = (err) => handle.crash(err); // restarted from its last snapshot
 *   return handle.child;
 * } };
 */
export function controlledChild(onStop?: (reason: string) => void | Promise<void>): ControlledChild {
  let ended = false;
  let resolveDone!: () => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  done.catch(() => {});
  let stopping: Promise<void> | undefined;
  return {
    child: {
      done,
      stop(reason = "stop") {
        stopping ??= (async () => {
          try {
            if (!ended) await onStop?.(reason);
          } finally {
            if (!ended) {
              ended = true;
              resolveDone();
            }
          }
        })();
        return stopping;
      },
    },
    crash(error: unknown) {
      if (ended) return;
      ended = true;
      rejectDone(error);
    },
    exit() {
      if (ended) return;
      ended = true;
      resolveDone();
    },
    get ended() {
      return ended;
    },
  };
}
