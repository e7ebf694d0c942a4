/**
 * Request/reply without a subscription or error object per request: replies arrive on one
 * wildcard subscription (`<inbox>.*`) and are matched by correlation token. nats.js `request()`
 * builds two error objects with stack traces per call, which at five analyses plus seven result
 * publishes per window was a measurable share of a node's CPU. Never rejects: the outcome says
 * what happened (reply, no responders, timeout).
 * @module
 */
import { createInbox, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from "@nats-io/nats-core";

/** What a request came to. */
export type ReplyOutcome = { kind: "reply"; msg: Msg } | { kind: "no_responders" } | { kind: "timeout" };

/** One client's shared reply subscription. */
export class ReplyInbox {
  readonly #nc: NatsConnection;
  readonly #prefix: string;
  readonly #sub: Subscription;
  readonly #waiting = new Map<string, { resolve: (o: ReplyOutcome) => void; timer: ReturnType<typeof setTimeout> }>();
  #next = 0;

  constructor(nc: NatsConnection) {
    this.#nc = nc;
    this.#prefix = createInbox();
    this.#sub = nc.subscribe(`${this.#prefix}.*`, { callback: (_err, m) => this.#onMsg(m) });
  }

  /**
   * Publishes `data` on `subject` with a reply subject and resolves with the first reply.
   *
   * @example
   * ```ts
   * const o = await inbox.request("vtox.analyze.bearing", bytes, 3_000);
   * if (o.kind === "reply") decodeAnalysisReply(o.msg.data);
   * ```
   */
  request(subject: string, data: Uint8Array, timeoutMs: number, headers?: MsgHdrs): Promise<ReplyOutcome> {
    const corr = (this.#next++).toString(36);
    return new Promise<ReplyOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(corr);
        resolve({ kind: "timeout" });
      }, timeoutMs);
      this.#waiting.set(corr, { resolve, timer });
      try {
        this.#nc.publish(subject, data, { reply: `${this.#prefix}.${corr}`, ...(headers ? { headers } : {}) });
      } catch (err) {
        // A closed connection: report it like a timeout, the callers retry or give up by policy.
        clearTimeout(timer);
        this.#waiting.delete(corr);
        resolve({ kind: "timeout" });
      }
    });
  }

  #onMsg(m: Msg): void {
    const corr = m.subject.slice(this.#prefix.length + 1);
    const w = this.#waiting.get(corr);
    if (!w) return;
    this.#waiting.delete(corr);
    clearTimeout(w.timer);
    w.resolve(m.data.length === 0 && m.headers?.code === 503 ? { kind: "no_responders" } : { kind: "reply", msg: m });
  }

  /** Requests waiting for replies. */
  get pending(): number {
    return this.#waiting.size;
  }

  /** Stops the subscription; waiting requests resolve as timeouts. */
  close(): void {
    this.#sub.unsubscribe();
    for (const w of this.#waiting.values()) {
      clearTimeout(w.timer);
      w.resolve({ kind: "timeout" });
    }
    this.#waiting.clear();
  }
}
