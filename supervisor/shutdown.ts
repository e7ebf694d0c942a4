/**
 * Stopping one child within its shutdown time: JavaScript cannot kill a task, so past the
 * deadline the supervisor stops waiting and moves on (OTP's brutal_kill has no equivalent).
 * @module
 */
import type { Child } from "./child.ts";
import type { Clock } from "./clock.ts";

/** How a {@link stopWithin} call went. */
export interface ShutdownOutcome {
  /** The child stopped and its `done` settled before the deadline. */
  inTime: boolean;
  /** The child's `stop()` threw or rejected (with `stopError`). */
  stopFailed: boolean;
  stopError?: unknown;
}

/**
 * Calls `child.stop(reason)` and waits for it and for `child.done` to settle, at most
 * `shutdownMs` (`Infinity`: no limit). Never throws; a crash while stopping counts as stopped.
 */
export async function stopWithin(child: Child, reason: string, shutdownMs: number, clock: Clock): Promise<ShutdownOutcome> {
  const outcome: ShutdownOutcome = { inTime: false, stopFailed: false };
  const stopped = (async () => {
    try {
      await child.stop(reason);
    } catch (error) {
      outcome.stopFailed = true;
      outcome.stopError = error;
    }
    await child.done.catch(() => {});
    return true;
  })();
  const deadline = new AbortController();
  const timedOut = clock.sleep(shutdownMs, deadline.signal).then(() => false);
  outcome.inTime = await Promise.race([stopped, timedOut]);
  deadline.abort();
  return outcome;
}
