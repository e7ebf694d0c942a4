/**
 * Windows this process has just decoded and validated, by where they are stored in the
 * telemetry stream: the router validates every window it routes, and when the vehicle actor it
 * tells lives on the same node, that node's analyzers take the window from here instead of
 * fetching it back from the server (a 33 KB direct get) and decoding it a second time. Windows
 * routed to other nodes are never taken and fall out (bounded, oldest first).
 *
 * Scoped per NATS connection: a stream sequence names a window only on its own server (tests
 * run several servers in one process).
 * @module
 */
import type { TelemetryWindow } from "../domain/mod.ts";
import type { WindowRef } from "./telemetry_fetch.ts";

/** Windows kept per connection by default (one router pull batch). */
export const RECENT_WINDOWS = 256;

/** A bounded hand-over of validated windows from the router to the analyzers of one node. */
export class RecentWindows {
  readonly #windows = new Map<string, TelemetryWindow>();
  readonly #capacity: number;
  /** Windows handed over (taken) and offered. */
  readonly counts = { offered: 0, taken: 0 };

  constructor(capacity = RECENT_WINDOWS) {
    this.#capacity = capacity;
  }

  /** Offers a validated window stored at `ref`. */
  offer(ref: WindowRef, window: TelemetryWindow): void {
    this.counts.offered++;
    this.#windows.set(`${ref.stream}#${ref.seq}`, window);
    if (this.#windows.size > this.#capacity) this.#windows.delete(this.#windows.keys().next().value!);
  }

  /**
   * Takes the window stored at `ref` if it is here and is the one expected: `windowKey` is
   * `<vehicleId>.<timestamp>` as in an analysis request (anything else is left to the fetch,
   * which reports the mismatch).
   */
  take(ref: WindowRef, windowKey: string): TelemetryWindow | undefined {
    const key = `${ref.stream}#${ref.seq}`;
    const w = this.#windows.get(key);
    if (!w || `${w.vehicleId}.${w.timestamp}` !== windowKey) return undefined;
    this.#windows.delete(key);
    this.counts.taken++;
    return w;
  }

  /** Windows held now. */
  get size(): number {
    return this.#windows.size;
  }
}

const perConnection = new WeakMap<object, RecentWindows>();

/** The hand-over of windows received on connection `nc` (one per connection, created on first use). */
export function recentWindowsOf(nc: object): RecentWindows {
  let r = perConnection.get(nc);
  if (!r) perConnection.set(nc, (r = new RecentWindows()));
  return r;
}
