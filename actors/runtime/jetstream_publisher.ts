/**
 * A lean JetStream publisher for the runtime's hot paths (mailbox tells, snapshot CAS writes).
 * A JetStream publish is a core publish with a reply subject; the server answers with a PubAck.
 * Instead of nats.js `request()` per publish (a mux entry, a timer promise and an Error built per
 * call), acks come back on ONE wildcard subscription per publisher, matched by a token in the
 * reply subject, so many concurrent callers pipeline cheaply.
 * @module
 */
import { createInbox, headers as natsHeaders, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from "@nats-io/nats-core";

/** What the server acknowledged. */
export interface PubAck {
  stream: string;
  seq: number;
  duplicate: boolean;
}

/** The server refused a publish (`errCode` is the JetStream API error code, e.g. 10071 wrong last sequence). */
export class PublishRejectedError extends Error {
  readonly code = "PUBLISH_REJECTED";
  readonly errCode: number;
  constructor(subject: string, errCode: number, description: string) {
    super(`JetStream rejected the publish to ${subject}: ${description} (err_code ${errCode})`);
    this.name = "PublishRejectedError";
    this.errCode = errCode;
  }
}

/** No ack in time, or no stream listens on the subject (JetStream down or electing a leader): retryable. */
export class PublishUnavailableError extends Error {
  readonly code = "PUBLISH_UNAVAILABLE";
  constructor(subject: string, why: string) {
    super(`JetStream did not acknowledge the publish to ${subject}: ${why}`);
    this.name = "PublishUnavailableError";
  }
}

/** Publish options. */
export interface PublishOptions {
  /** `Nats-Msg-Id` for deduplication within the stream's duplicate window. */
  msgID?: string;
  /** `Nats-Expected-Last-Subject-Sequence`: compare-and-set on the subject's last sequence (0 = none yet). */
  expectedLastSubjectSeq?: number;
}

interface Waiting {
  subject: string;
  resolve(a: PubAck): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

const decoder = new TextDecoder();

/** Publishes to JetStream with acks on a shared inbox. */
export class JetStreamPublisher {
  readonly #nc: NatsConnection;
  readonly #timeoutMs: number;
  readonly #prefix = createInbox();
  readonly #waiting = new Map<string, Waiting>();
  #sub: Subscription | undefined;
  #next = 0;

  constructor(nc: NatsConnection, timeoutMs = 5_000) {
    this.#nc = nc;
    this.#timeoutMs = timeoutMs;
  }

  /** Publishes `data` to `subject`; resolves with the PubAck, rejects with a named error. */
  publish(subject: string, data: Uint8Array, opts: PublishOptions = {}): Promise<PubAck> {
    this.#sub ??= this.#nc.subscribe(`${this.#prefix}.*`, { callback: (_e, m) => this.#onAck(m) });
    const token = (this.#next++).toString(36);
    let h: MsgHdrs | undefined;
    if (opts.msgID !== undefined || opts.expectedLastSubjectSeq !== undefined) {
      h = natsHeaders();
      if (opts.msgID !== undefined) h.set("Nats-Msg-Id", opts.msgID);
      if (opts.expectedLastSubjectSeq !== undefined) h.set("Nats-Expected-Last-Subject-Sequence", String(opts.expectedLastSubjectSeq));
    }
    return new Promise<PubAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(token);
        reject(new PublishUnavailableError(subject, `no ack after ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      this.#waiting.set(token, { subject, resolve, reject, timer });
      try {
        this.#nc.publish(subject, data, { reply: `${this.#prefix}.${token}`, ...(h ? { headers: h } : {}) });
      } catch (err) {
        clearTimeout(timer);
        this.#waiting.delete(token);
        reject(err as Error);
      }
    });
  }

  #onAck(m: Msg): void {
    const token = m.subject.slice(this.#prefix.length + 1);
    const w = this.#waiting.get(token);
    if (!w) return;
    this.#waiting.delete(token);
    clearTimeout(w.timer);
    if (m.data.length === 0) {
      const code = m.headers?.code;
      return w.reject(new PublishUnavailableError(w.subject, code === 503 ? "no stream is available for it (no responders)" : `status ${code}`));
    }
    let ack: { stream?: string; seq?: number; duplicate?: boolean; error?: { err_code?: number; code?: number; description?: string } };
    try {
      ack = JSON.parse(decoder.decode(m.data));
    } catch {
      return w.reject(new PublishUnavailableError(w.subject, "the ack was not JSON"));
    }
    if (ack.error) return w.reject(new PublishRejectedError(w.subject, ack.error.err_code ?? ack.error.code ?? 0, ack.error.description ?? "unknown error"));
    if (typeof ack.seq !== "number") return w.reject(new PublishUnavailableError(w.subject, "the ack has no sequence"));
    w.resolve({ stream: ack.stream ?? "", seq: ack.seq, duplicate: !!ack.duplicate });
  }

  /** Stops the ack subscription and fails what is still waiting. */
  close(): void {
    this.#sub?.unsubscribe();
    for (const w of this.#waiting.values()) {
      clearTimeout(w.timer);
      w.reject(new PublishUnavailableError(w.subject, "the publisher was closed"));
    }
    this.#waiting.clear();
  }
}
