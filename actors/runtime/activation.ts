/**
 * One activated actor in memory, and the context its `receive` runs with. A context buffers the
 * message's effects (tells, publishes, replies, reminder changes); the shard owner releases them
 * only when `receive` succeeded, so a crashed attempt leaves nothing behind.
 * @module
 */
import { ActorAddress, assertToken } from "./address.ts";
import { encodeChecked, newMessageId, type Envelope } from "./codec.ts";
import type { ActorContext, ActorKind, ActorLogger, ActorMessage, ReminderSchedule, SendOptions } from "./kind.ts";

/** An item of a shard's work queue (already decoded). */
export type WorkItem =
  | { t: "tell"; key: string; env: Envelope; seq: number; ack: () => void; storedAtMs: () => number }
  | { t: "ask"; key: string; env: Envelope; reply: string; corr: number }
  /** A message of a partitioned input (applied once per stream sequence; `ack` acknowledges its partition up to it). */
  | { t: "input"; key: string; env: Envelope; /** `<stream>@<created>`: the stream incarnation `seq` belongs to. */ stream: string; seq: number; partition: number; ack: () => void; storedAtMs: () => number }
  | { t: "timer"; key: string; env: Envelope };

/**
 * An outgoing durable tell produced by `receive`, already encoded: an un-encodable body throws
 * inside `receive` (so it is retried and dead-lettered like any failure), never at flush time.
 */
export interface OutgoingTell {
  address: ActorAddress;
  /** The encoded envelope. */
  data: Uint8Array;
  msgID: string;
  /** The work item that produced it (set by the shard owner). */
  src?: WorkItem;
}

/** An outgoing core NATS publish produced by `receive`, already encoded (see {@link OutgoingTell}). */
export interface OutgoingPublish {
  subject: string;
  data: Uint8Array;
  headers?: Record<string, string>;
  /** The work item that produced it (set by the shard owner). */
  src?: WorkItem;
}

/** A reminder change produced by `receive`. */
export type ReminderChange =
  | { op: "set"; name: string; schedule: ReminderSchedule; type: string; body: unknown }
  | { op: "cancel"; name: string };

/** Timer requests produced by `receive` (applied immediately: timers are in-memory only). */
export type TimerChange =
  | { op: "start"; name: string; delayMs: number; type: string; body: unknown; repeat: boolean }
  | { op: "cancel"; name: string };

/** An activated actor. Fields are kept few: a node holds 100k+ of these. */
export class Activation {
  readonly key: string;
  readonly id: string;
  readonly kind: ActorKind<unknown>;
  state: unknown;
  /** Sequence of the last applied durable message. */
  seq: number;
  /** Per partitioned-input stream, the sequence of the last applied input (an input at or below it is a replay). */
  inputSeqs: Record<string, number> | undefined;
  /** KV revision of the last snapshot (0 = none yet). */
  revision: number;
  /** True when state or seq changed since the last snapshot. */
  dirty = false;
  lastUsed: number;
  /** Items applied since the last snapshot, replayed when the actor restarts. */
  uncommitted: WorkItem[] | undefined;
  timers: Map<string, ReturnType<typeof setTimeout>> | undefined;

  constructor(key: string, id: string, kind: ActorKind<unknown>, state: unknown, seq: number, revision: number, inputSeqs?: Record<string, number>) {
    this.key = key;
    this.id = id;
    this.kind = kind;
    this.state = state;
    this.seq = seq;
    this.inputSeqs = inputSeqs;
    this.revision = revision;
    this.lastUsed = Date.now();
  }
}

/** True when a durable item was already applied to `act` (its sequence is at or below the last applied one). */
export function alreadyApplied(act: Activation, item: WorkItem): boolean {
  if (item.t === "tell") return item.seq <= act.seq;
  if (item.t === "input") return item.seq <= (act.inputSeqs?.[item.stream] ?? 0);
  return false;
}

/** Records a durable item as applied to `act` (its sequence goes into the next snapshot). */
export function markApplied(act: Activation, item: WorkItem): void {
  if (item.t === "tell") act.seq = item.seq;
  else if (item.t === "input") (act.inputSeqs ??= {})[item.stream] = item.seq;
}

/** Builds the message an actor sees from a work item. */
export function toActorMessage(item: WorkItem): ActorMessage {
  const env = item.env;
  const via = item.t === "tell" ? (env.headers["vtox-reminder"] ? "reminder" : "tell") : item.t;
  const msg: { -readonly [K in keyof ActorMessage]: ActorMessage[K] } = { type: env.type, body: env.body, headers: env.headers, id: env.id, via };
  if (env.from) msg.from = env.from;
  if (item.t === "tell" || item.t === "input") msg.seq = item.seq;
  return msg;
}

/** The context of one `receive` call; collects effects until the owner releases them. */
export class ReceiveContext implements ActorContext<unknown> {
  #state: unknown;
  dirty = false;
  // Effect lists are allocated on first use: most messages produce none.
  tells: OutgoingTell[] | undefined;
  publishes: OutgoingPublish[] | undefined;
  reminders: ReminderChange[] | undefined;
  timers: TimerChange[] | undefined;
  replied = false;
  replyBody: unknown = undefined;
  readonly #act: Activation;
  readonly #item: WorkItem;
  readonly #log: ActorLogger;
  #self: ActorAddress | undefined;

  constructor(act: Activation, item: WorkItem, log: ActorLogger) {
    this.#act = act;
    this.#state = act.state;
    this.#item = item;
    this.#log = log;
  }

  get state(): unknown {
    return this.#state;
  }
  set state(s: unknown) {
    this.#state = s;
    this.dirty = true;
  }
  markDirty(): void {
    this.dirty = true;
  }
  get self(): ActorAddress {
    return (this.#self ??= ActorAddress.of(this.#act.kind.kind, this.#act.id));
  }
  get log(): ActorLogger {
    const fields = { actor: this.#act.key };
    return {
      info: (m, f) => this.#log.info(m, { ...fields, ...f }),
      warn: (m, f) => this.#log.warn(m, { ...fields, ...f }),
      error: (m, f) => this.#log.error(m, { ...fields, ...f }),
    };
  }

  tell(kind: string, id: string, type: string, body: unknown, opts: SendOptions = {}): void {
    const address = ActorAddress.of(kind, id);
    const n = this.tells?.length ?? 0;
    // A durable input yields the same msgIDs when replayed, so JetStream dedupes the retry.
    const msgID = this.#item.t === "tell" ? `${this.#act.key}:${this.#item.seq}:${n}` : newMessageId();
    const env: Envelope = {
      v: 1,
      type,
      id: msgID,
      ts: Date.now(),
      headers: opts.headers ?? {},
      body,
      from: this.#act.key,
    };
    // Encoded here so a body cbor-x cannot encode fails this receive (retry, then dead letter).
    const data = encodeChecked(env, `the tell ${type} to ${address}`);
    (this.tells ??= []).push({ address, data, msgID });
  }

  reply(body: unknown): void {
    this.replied = true;
    this.replyBody = body;
  }

  publish(subject: string, body: unknown, opts: SendOptions = {}): void {
    if (typeof subject !== "string" || !/^[^\s*>]+$/.test(subject)) {
      throw new TypeError(`Cannot publish: subject must be a literal NATS subject, got ${JSON.stringify(subject)}`);
    }
    const data = encodeChecked(body, `the body of publish to ${subject}`);
    (this.publishes ??= []).push({ subject, data, ...(opts.headers ? { headers: opts.headers } : {}) });
  }

  startTimer(name: string, delayMs: number, type: string, body?: unknown, opts: { repeat?: boolean } = {}): void {
    if (!(delayMs >= 0) || !Number.isFinite(delayMs)) throw new RangeError(`Cannot start timer ${name}: delayMs must be a finite number >= 0, got ${delayMs}`);
    (this.timers ??= []).push({ op: "start", name, delayMs, type, body, repeat: !!opts.repeat });
  }

  cancelTimer(name: string): void {
    (this.timers ??= []).push({ op: "cancel", name });
  }

  setReminder(name: string, schedule: ReminderSchedule, type: string, body?: unknown): void {
    assertToken("reminder name", name);
    if (!(schedule.dueInMs >= 0) || !Number.isFinite(schedule.dueInMs)) {
      throw new RangeError(`Cannot set reminder ${name}: dueInMs must be a finite number >= 0, got ${schedule.dueInMs}`);
    }
    if (schedule.periodMs !== undefined && !(schedule.periodMs >= 10)) {
      throw new RangeError(`Cannot set reminder ${name}: periodMs must be >= 10, got ${schedule.periodMs}`);
    }
    (this.reminders ??= []).push({ op: "set", name, schedule, type, body });
  }

  cancelReminder(name: string): void {
    assertToken("reminder name", name);
    (this.reminders ??= []).push({ op: "cancel", name });
  }
}
