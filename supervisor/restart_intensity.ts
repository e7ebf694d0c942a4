/**
 * Restart intensity: the sliding window that decides when restarting is no longer helping and
 * the supervisor must give up and escalate to its parent.
 * @module
 */

/**
 * Counts restarts in a sliding window of `periodMs`. Recording a restart that makes the count
 * exceed `maxRestarts` reports that the intensity is exceeded (OTP semantics: *more than*
 * `maxRestarts` restarts within `periodMs`).
 *
 * @example
 * const window = new RestartIntensity(2, 1000);
 * window.record(0); window.record(10); // true, true
 * window.record(20);                    // false: a 3rd restart within 1 s
 */
export class RestartIntensity {
  readonly maxRestarts: number;
  readonly periodMs: number;
  #times: number[] = [];

  constructor(maxRestarts: number, periodMs: number) {
    this.maxRestarts = maxRestarts;
    this.periodMs = periodMs;
  }

  /** Records a restart at `now`; returns `false` when it exceeds the intensity. */
  record(now: number): boolean {
    // A restart counts while it is younger than the period.
    this.#times = this.#times.filter((t) => now - t < this.periodMs);
    this.#times.push(now);
    return this.#times.length <= this.maxRestarts;
  }

  /** Restarts currently inside the window ending at `now`. */
  recent(now: number): number {
    return this.#times.filter((t) => now - t < this.periodMs).length;
  }
}
