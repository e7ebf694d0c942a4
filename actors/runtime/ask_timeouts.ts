/**
 * Timeouts of asks in flight without a timer per ask: asks are kept in buckets of
 * {@link ASK_TIMEOUT_GRANULARITY_MS} by deadline, and one interval (running only while asks are
 * waiting) expires whole buckets. An ask therefore times out no earlier than its `timeoutMs` and
 * at most one granule (plus event-loop delay) later.
 * @module
 */

/** Width of a timeout bucket, ms: the most an ask's timeout fires late (event-loop delay aside). */
export const ASK_TIMEOUT_GRANULARITY_MS = 10;

/** Something with a deadline that is told when it passes. */
export interface Expirable {
  /** Absolute deadline, ms since the epoch. */
  readonly deadline: number;
  /** The bucket holding it, set and cleared by {@link AskTimeouts}. */
  timeoutBucket: Set<Expirable> | undefined;
  /** Called once the deadline passed (it has already been removed). */
  expire(): void;
}

/** A bucketed timer wheel for ask deadlines. */
export class AskTimeouts {
  readonly #buckets = new Map<number, Set<Expirable>>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #size = 0;

  /** Number of entries waiting. */
  get size(): number {
    return this.#size;
  }

  /** Starts watching `e`'s deadline. */
  add(e: Expirable): void {
    const b = Math.ceil(e.deadline / ASK_TIMEOUT_GRANULARITY_MS);
    let set = this.#buckets.get(b);
    if (!set) this.#buckets.set(b, (set = new Set()));
    set.add(e);
    e.timeoutBucket = set;
    this.#size++;
    this.#timer ??= setInterval(() => this.#sweep(), ASK_TIMEOUT_GRANULARITY_MS);
  }

  /** Stops watching `e` (it settled). */
  remove(e: Expirable): void {
    if (e.timeoutBucket?.delete(e)) this.#size--;
    e.timeoutBucket = undefined;
  }

  /** Stops the interval and returns the entries still waiting (the caller settles them). */
  close(): Expirable[] {
    clearInterval(this.#timer);
    this.#timer = undefined;
    const left: Expirable[] = [];
    for (const set of this.#buckets.values()) for (const e of set) {
      e.timeoutBucket = undefined;
      left.push(e);
    }
    this.#buckets.clear();
    this.#size = 0;
    return left;
  }

  #sweep(): void {
    const now = Date.now();
    for (const [b, set] of this.#buckets) {
      if (set.size === 0) {
        this.#buckets.delete(b);
        continue;
      }
      if (b * ASK_TIMEOUT_GRANULARITY_MS > now) continue;
      this.#buckets.delete(b);
      for (const e of set) {
        e.timeoutBucket = undefined;
        this.#size--;
        e.expire();
      }
    }
    // Idle: no interval keeps the process alive or wakes it.
    if (this.#buckets.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }
}
