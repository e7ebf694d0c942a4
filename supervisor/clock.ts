/**
 * Time as the supervisor sees it. Injectable so tests can run backoff and restart-intensity
 * windows on virtual time; the default uses web-standard timers (Node and Deno alike).
 * @module
 */

/** A monotonic clock with an abortable sleep. */
export interface Clock {
  /** Milliseconds on a monotonic scale (only differences matter). */
  now(): number;
  /**
   * Resolves after `ms` milliseconds, or as soon as `signal` aborts (it never rejects: the
   * caller checks the signal). `Infinity` sleeps until aborted.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

// setTimeout overflows above 2^31-1 ms and would fire at once; longer finite sleeps are capped.
const MAX_TIMER_MS = 2_147_483_647;

/** The real clock: `performance.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      if (Number.isFinite(ms)) {
        timer = setTimeout(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }, Math.min(Math.max(0, ms), MAX_TIMER_MS));
      }
    });
  },
};
