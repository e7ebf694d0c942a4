/**
 * Request/reply over ONE shared inbox: replies arrive on a single wildcard subscription
 * (`<inbox>.*`) and are matched by a token in the reply subject. nats.js `request()` creates a mux
 * entry, a timer promise and error objects with stack traces per call; this keeps one map entry and
 * one timer per request and never rejects: the outcome says what happened. The JetStream publisher
 * is built on it (a JetStream publish is a publish whose reply is the PubAck).
 *
 * @example
 * ```ts
 * const inbox = new ReplyCorrelator(nc);
 * const o = await inbox.request("vtox.analyze.bearing", bytes, 3_000);
 * if (o.kind === "reply") handle(o.msg.data);
 * inbox.close();
 * ```
 * @module
 */
import { createInbox, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from "@nats-io/nats-core";

/** What a request came to. `closed`: the correlator was closed or the connection refused the publish. */
export type ReplyOutcome =
  | { kind: "reply"; msg: Msg }
  | { kind: "no_responders" }
  | { kind: "timeout" }
  | { kind: "closed"; error?: Error };

interface Waiting {
  resolve(o: ReplyOutcome): void;
  timer: ReturnType<typeof setTimeout>;
}

/** One client's shared reply subscription. */
export class ReplyCorrelator {
  readonly #nc: NatsConnection;
  readonly #prefix = createInbox();
  readonly #waiting = new Map<string, Waiting>();
  #sub: Subscription | undefined;
  #next = 0;
  #closed = false;

  constructor(nc: NatsConnection) {
    this.#nc = nc;
  }

  /** Publishes `data` on `subject` with a reply subject and resolves with the first reply (or why none came). */
  request(subject: string, data: Uint8Array, timeoutMs: number, headers?: MsgHdrs): Promise<ReplyOutcome> {
    if (this.#closed) return Promise.resolve({ kind: "closed" });
    this.#sub ??= this.#nc.subscribe(`${this.#prefix}.*`, { callback: (_e, m) => this.#onReply(m) });
    const token = (this.#next++).toString(36);
    return new Promise<ReplyOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(token);
        resolve({ kind: "timeout" });
      }, timeoutMs);
      this.#waiting.set(token, { resolve, timer });
      try {
        this.#nc.publish(subject, data, { reply: `${this.#prefix}.${token}`, ...(headers ? { headers } : {}) });
      } catch (err) {
        // The connection is closing or the payload is too large: nothing was sent.
        clearTimeout(timer);
        this.#waiting.delete(token);
        resolve({ kind: "closed", error: err as Error });
      }
    });
  }

  /** Requests waiting for replies. */
  get pending(): number {
    return this.#waiting.size;
  }

  #onReply(m: Msg): void {
    const token = m.subject.slice(this.#prefix.length + 1);
    const w = this.#waiting.get(token);
    if (!w) return;
    this.#waiting.delete(token);
    clearTimeout(w.timer);
    w.resolve(m.data.length === 0 && m.headers?.code === 503 ? { kind: "no_responders" } : { kind: "reply", msg: m });
  }

  /** Stops the subscription; waiting requests resolve as `closed`. */
  close(): void {
    this.#closed = true;
    this.#sub?.unsubscribe();
    this.#sub = undefined;
    for (const w of this.#waiting.values()) {
      clearTimeout(w.timer);
      w.resolve({ kind: "closed" });
    }
    this.#waiting.clear();
  }
}
