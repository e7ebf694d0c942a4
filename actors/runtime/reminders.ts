/**
 * Durable reminders in KV (`vtox_reminders`, key `<shard>.<kind>.<id>.<name>`). The shard owner
 * loads its shard's reminders when it takes the shard and schedules them; a firing is a durable
 * tell with a msgID derived from the reminder and its due time, so two owners (or a retry) fire
 * it once. After an outage a periodic reminder fires once and moves to its next future slot.
 * @module
 */
import type { KV } from "@nats-io/kv";
import { decodeValue, encodeValue } from "./codec.ts";

/** A stored reminder. */
export interface ReminderRecord {
  /** `<kind>.<id>` of the actor. */
  actor: string;
  /** Reminder name (unique per actor). */
  name: string;
  /** Next due time, ms since the epoch. */
  dueAt: number;
  /** Repeat period, ms (absent = once). */
  periodMs?: number;
  /** Message type delivered. */
  type: string;
  /** Message body delivered. */
  body: unknown;
}

/** The due time after `dueAt` that is in the future, skipping missed periods (no flood after an outage). */
export function nextDue(dueAt: number, periodMs: number, now: number): number {
  if (now < dueAt) return dueAt + periodMs;
  return dueAt + periodMs * (Math.floor((now - dueAt) / periodMs) + 1);
}

/** Reads and writes reminder records. */
export class ReminderStore {
  readonly #kv: KV;
  constructor(kv: KV) {
    this.#kv = kv;
  }

  /** KV key of a reminder. */
  static key(shard: number, actor: string, name: string): string {
    return `${shard}.${actor}.${name}`;
  }

  /** Stores (or replaces) a reminder. */
  async put(shard: number, rec: ReminderRecord): Promise<void> {
    await this.#kv.put(ReminderStore.key(shard, rec.actor, rec.name), encodeValue(rec));
  }

  /** Deletes a reminder. */
  async delete(shard: number, actor: string, name: string): Promise<void> {
    await this.#kv.delete(ReminderStore.key(shard, actor, name));
  }

  /** All reminders of one shard. */
  async list(shard: number): Promise<ReminderRecord[]> {
    const keys: string[] = [];
    const it = await this.#kv.keys(`${shard}.>`);
    for await (const k of it) keys.push(k);
    const out: ReminderRecord[] = [];
    for (const k of keys) {
      const e = await this.#kv.get(k);
      if (e && e.operation === "PUT" && e.value.length > 0) out.push(decodeValue(e.value, `reminder ${k}`) as ReminderRecord);
    }
    return out;
  }
}
