/**
 * The vehicle actor's result outbox. A diagnosed window is recorded in the actor's state together
 * with its results still to be stored; the results leave in window order, and only what JetStream
 * acknowledged leaves the outbox. When the results streams do not answer within the publish
 * budget, the window is still accepted (its results stay in the snapshotted outbox) and a durable
 * reminder retries later: a results outage of any length neither loses nor dead-letters a window,
 * and the msgIDs only have to cover the gap between a publish and the snapshot that records it.
 * @module
 */
import { FleetError, publishResults } from "../fleet/mod.ts";
import type { ActorContext, JetStreamPublisher } from "../runtime/mod.ts";
import { OUTBOX_SIZE, type OutboxEntry, type VehicleState } from "./vehicle_state.ts";

/** Reminder (and message type) that retries the outbox. */
export const PUBLISH_RESULTS_REMINDER = "publish_results";

/** What {@link flushOutbox} did. */
export interface OutboxFlush {
  /** Entries still waiting (empty when everything was stored). */
  remaining: OutboxEntry[];
  /** Publications stored new (not duplicates). */
  stored: number;
  /** Why the first waiting entry could not be stored. */
  error?: FleetError;
}

/**
 * Publishes the outbox's entries in order until one fails or the budget is spent.
 *
 * @example
 * ```ts
 * const { remaining } = await flushOutbox(publisher, state.outbox ?? [], 5_000);
 * ```
 */
export async function flushOutbox(publisher: JetStreamPublisher, outbox: readonly OutboxEntry[], budgetMs: number): Promise<OutboxFlush> {
  const deadline = Date.now() + budgetMs;
  let stored = 0;
  for (let i = 0; i < outbox.length; i++) {
    try {
      stored += await publishResults(publisher, outbox[i]!.publications, Math.max(0, deadline - Date.now()));
    } catch (err) {
      const error = err instanceof FleetError ? err : new FleetError("RESULT_PUBLISH_FAILED", `Cannot store the results of window ${outbox[i]!.windowTimestamp}: ${(err as Error).message}`, { cause: err });
      return { remaining: outbox.slice(i), stored, error };
    }
  }
  return { remaining: [], stored };
}

/**
 * After a flush that left entries waiting, schedules the next attempt (durable: it survives a
 * restart or a move of the actor). `attempt` doubles the delay up to 30 s.
 */
export function retryOutboxLater(ctx: ActorContext<VehicleState>, attempt: number): void {
  ctx.setReminder(PUBLISH_RESULTS_REMINDER, { dueInMs: Math.min(30_000, 1_000 * 2 ** Math.min(attempt, 5)) }, PUBLISH_RESULTS_REMINDER, attempt + 1);
}

/** Throws when one more window would overflow the outbox (results unavailable for too long). */
export function checkOutboxRoom(vehicleId: string, outbox: readonly OutboxEntry[]): void {
  if (outbox.length >= OUTBOX_SIZE) {
    throw new FleetError("RESULT_PUBLISH_FAILED",
      `Cannot diagnose window for ${vehicleId}: ${outbox.length} windows' results are still waiting for the results streams (outbox full, oldest ${outbox[0]!.windowTimestamp})`);
  }
}
