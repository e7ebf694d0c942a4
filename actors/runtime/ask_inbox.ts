/**
 * Replies to asks arrive on ONE wildcard subscription per client (`<inbox>.*`); each ask uses
 * `<inbox>.<correlation>` as its reply subject, so a reply — or the server's "no responders"
 * status when no node owns the shard right now — is matched to its caller without a
 * subscription per request.
 * @module
 */
import { createInbox, type Msg, type NatsConnection, type Subscription } from "@nats-io/nats-core";
import { decodeEnvelope, type Envelope } from "./codec.ts";

/** What arrived for one correlation id. */
export type InboxResult = { kind: "reply"; env: Envelope } | { kind: "no_responders" } | { kind: "bad"; error: Error };

/** Receives what arrived for one correlation id. */
export interface AskWaiter {
  onResult(r: InboxResult): void;
}

/** The shared reply subscription of one client. */
export class AskInbox {
  readonly prefix: string;
  readonly #sub: Subscription;
  readonly #waiting = new Map<string, AskWaiter>();
  #next = 0;

  constructor(nc: NatsConnection) {
    this.prefix = createInbox();
    this.#sub = nc.subscribe(`${this.prefix}.*`, { callback: (_err, m) => this.#onMsg(m) });
  }

  /** Registers a waiter; returns its correlation id. */
  register(waiter: AskWaiter): string {
    const corr = (this.#next++).toString(36);
    this.#waiting.set(corr, waiter);
    return corr;
  }

  /** The reply subject of a correlation id. */
  replySubject(corr: string): string {
    return `${this.prefix}.${corr}`;
  }

  /** Forgets a waiter (after its timeout). */
  cancel(corr: string): void {
    this.#waiting.delete(corr);
  }

  /** Number of asks waiting for replies. */
  get pending(): number {
    return this.#waiting.size;
  }

  #onMsg(m: Msg): void {
    const corr = m.subject.slice(this.prefix.length + 1);
    const waiter = this.#waiting.get(corr);
    if (!waiter) return;
    this.#waiting.delete(corr);
    if (m.data.length === 0 && m.headers?.code === 503) return waiter.onResult({ kind: "no_responders" });
    let result: InboxResult;
    try {
      result = { kind: "reply", env: decodeEnvelope(m.data) };
    } catch (err) {
      result = { kind: "bad", error: err as Error };
    }
    waiter.onResult(result);
  }

  /** Stops the subscription. */
  close(): void {
    this.#sub.unsubscribe();
    this.#waiting.clear();
  }
}
