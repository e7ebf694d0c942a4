/**
 * The API an actor kind implements: `{ kind, initialState(id), receive(ctx, msg) }`.
 *
 * @example
 * ```ts
 * const counter: ActorKind<{ n: number }> = {
 *   kind: "counter",
 *   initialState: () => ({ n: 0 }),
 *   receive(ctx, msg) {
 *     if (msg.type === "add") ctx.state = { n: ctx.state.n + (msg.body as number) };
 *     if (msg.type === "get") ctx.reply(ctx.state.n);
 *   },
 * };
 * ```
 * @module
 */
import type { ActorAddress } from "./address.ts";

/** A message as an actor receives it. */
export interface ActorMessage<B = unknown> {
  /** Message type. */
  readonly type: string;
  /** Payload (typed arrays arrive as typed arrays). */
  readonly body: B;
  /** Envelope headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** Unique message id. */
  readonly id: string;
  /** Sender `<kind>.<id>` when sent by an actor. */
  readonly from?: string;
  /** How it arrived: a durable `tell`, an `ask`, a timer, a durable reminder, or a partitioned `input` (partitioned_input.ts). */
  readonly via: "tell" | "ask" | "timer" | "reminder" | "input";
  /** JetStream sequence of a durable message (tells and reminders: in the mailbox; inputs: in their stream). */
  readonly seq?: number;
}

/** Options of a message sent from inside an actor. */
export interface SendOptions {
  /** Headers to put on the envelope. */
  headers?: Record<string, string>;
}

/** When a durable reminder fires. */
export interface ReminderSchedule {
  /** First firing, ms from now. */
  dueInMs: number;
  /** Repeat period in ms; omitted = fire once. After an outage it fires once, not once per missed period. */
  periodMs?: number;
}

/** Minimal structured logger. */
export interface ActorLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** What `receive` may do. Effects (tells, publishes, reminders) leave only after the message is applied. */
export interface ActorContext<S> {
  /** The actor's state. Assigning marks it dirty; after mutating in place call {@link markDirty}. */
  state: S;
  /** Marks the state changed so it is snapshotted (needed only after in-place mutation during an ask or timer). */
  markDirty(): void;
  /** This actor's address. */
  readonly self: ActorAddress;
  /** Durable tell to another actor (deduplicated by a msgID derived from this message when it is durable). */
  tell(kind: string, id: string, type: string, body: unknown, opts?: SendOptions): void;
  /** Answers the current `ask` (ignored for tells, timers and reminders). */
  reply(body: unknown): void;
  /** Publishes a CBOR value on a core NATS subject (e.g. `vtox.health.<id>`). */
  publish(subject: string, body: unknown, opts?: SendOptions): void;
  /** Starts (or replaces) an in-memory timer delivering `type`/`body` to this actor. Timers die with the activation. */
  startTimer(name: string, delayMs: number, type: string, body?: unknown, opts?: { repeat?: boolean }): void;
  /** Cancels a timer. */
  cancelTimer(name: string): void;
  /** Sets (or replaces) a durable reminder; it survives restarts and moves. */
  setReminder(name: string, schedule: ReminderSchedule, type: string, body?: unknown): void;
  /** Cancels a durable reminder. */
  cancelReminder(name: string): void;
  /** Logger tagged with this actor. */
  readonly log: ActorLogger;
}

/** An actor kind. `S` is the state type, which must be CBOR-encodable. */
export interface ActorKind<S = unknown> {
  /** The kind name (a subject-safe token). */
  readonly kind: string;
  /** The state of an actor that has never been snapshotted. */
  initialState(id: string): S;
  /**
   * Handles one message. Never called concurrently for one actor. May be async.
   * A throw is retried from the last snapshot up to `maxRetries` times, then dead-lettered; an
   * error with `retryable: false` (the message itself is invalid) is dead-lettered at once.
   */
  receive(ctx: ActorContext<S>, msg: ActorMessage): void | Promise<void>;
}
