/**
 * Counters of one actor system, readable as a plain object (the observability layer exports them).
 * @module
 */

/** Names of the runtime's counters. */
export type CounterName =
  | "tells_sent"
  | "asks_sent"
  | "asks_timed_out"
  | "messages_applied"
  | "duplicates_skipped"
  | "asks_served"
  | "snapshots_written"
  | "actor_restarts"
  | "dead_letters"
  | "malformed"
  | "backpressure_rejections"
  /** Raw publishes on `vtox.actor.>` refused for a reason other than a bad payload (not dead-lettered). */
  | "ingress_rejected"
  | "activations"
  | "passivations"
  | "reminders_fired"
  | "fenced";

/** A set of monotonically increasing counters. */
export class RuntimeMetrics {
  readonly #c = new Map<CounterName, number>();

  /** Adds `n` (default 1) to a counter. */
  inc(name: CounterName, n = 1): void {
    this.#c.set(name, (this.#c.get(name) ?? 0) + n);
  }

  /** Current value of a counter. */
  get(name: CounterName): number {
    return this.#c.get(name) ?? 0;
  }

  /** All counters as an object. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.#c);
  }
}
