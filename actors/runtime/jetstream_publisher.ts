/**
 * A lean JetStream publisher for the runtime's hot paths (mailbox tells, snapshot CAS writes).
 * A JetStream publish is a core publish with a reply subject; the server answers with a PubAck.
 * Instead of nats.js `request()` per publish (a mux entry, a timer promise and an Error built per
 * call), acks come back on ONE wildcard subscription per publisher, matched by a token in the
 * reply subject, so many concurrent callers pipeline cheaply.
 * @module
 */
import { headers as natsHeaders, type Msg, type MsgHdrs, type NatsConnection } from "@nats-io/nats-core";
import { RuntimeError } from "./errors.ts";
import { ReplyCorrelator } from "./reply_correlator.ts";

/** What the server acknowledged. */
export interface PubAck {
  stream: string;
  seq: number;
  duplicate: boolean;
}

/** The server refused a publish (`errCode` is the JetStream API error code, e.g. 10071 wrong last sequence). */
export class PublishRejectedError extends RuntimeError {
  declare readonly code: "PUBLISH_REJECTED";
  readonly errCode: number;
  constructor(subject: string, errCode: number, description: string, options?: ErrorOptions) {
    super("PUBLISH_REJECTED", `JetStream rejected the publish to ${subject}: ${description} (err_code ${errCode})`, options);
    this.name = "PublishRejectedError";
    this.errCode = errCode;
  }
}

/** No ack in time, or no stream listens on the subject (JetStream down or electing a leader): retryable. */
export class PublishUnavailableError extends RuntimeError {
  declare readonly code: "PUBLISH_UNAVAILABLE";
  constructor(subject: string, why: string, options?: ErrorOptions) {
    super("PUBLISH_UNAVAILABLE", `JetStream did not acknowledge the publish to ${subject}: ${why}`, options);
    this.name = "PublishUnavailableError";
  }
}

/** Publish options. */
export interface PublishOptions {
  /** `Nats-Msg-Id` for deduplication within the stream's duplicate window. */
  msgID?: string;
  /** `Nats-Expected-Last-Subject-Sequence`: compare-and-set on the subject's last sequence (0 = none yet). */
  expectedLastSubjectSeq?: number;
  /** Further message headers (e.g. `content-type`, `traceparent`). */
  headers?: Record<string, string>;
}

const decoder = new TextDecoder();

/**
 * Publishes to JetStream with acks on a shared inbox ({@link ReplyCorrelator}).
 *
 * @example
 * ```ts
 * const pub = new JetStreamPublisher(nc);
 * const ack = await pub.publish("vtox.health.v1", bytes, { msgID: "v1.1700000000000.health", headers: { "content-type": "application/cbor" } });
 * if (ack.duplicate) console.log("stored before");
 * ```
 */
export class JetStreamPublisher {
  readonly #timeoutMs: number;
  readonly #inbox: ReplyCorrelator;

  constructor(nc: NatsConnection, timeoutMs = 5_000) {
    this.#inbox = new ReplyCorrelator(nc);
    this.#timeoutMs = timeoutMs;
  }

  /**
   * Publishes `data` to `subject`; resolves with the PubAck, rejects with
   * {@link PublishRejectedError} (the stream refused it) or {@link PublishUnavailableError}
   * (no ack: retry with the same msgID).
   */
  async publish(subject: string, data: Uint8Array, opts: PublishOptions = {}): Promise<PubAck> {
    let h: MsgHdrs | undefined;
    if (opts.msgID !== undefined || opts.expectedLastSubjectSeq !== undefined || opts.headers) {
      h = natsHeaders();
      if (opts.headers) for (const [k, v] of Object.entries(opts.headers)) h.set(k, v);
      if (opts.msgID !== undefined) h.set("Nats-Msg-Id", opts.msgID);
      if (opts.expectedLastSubjectSeq !== undefined) h.set("Nats-Expected-Last-Subject-Sequence", String(opts.expectedLastSubjectSeq));
    }
    const o = await this.#inbox.request(subject, data, this.#timeoutMs, h);
    switch (o.kind) {
      case "reply":
        return pubAckOf(subject, o.msg);
      case "no_responders":
        throw new PublishUnavailableError(subject, "no stream is available for it (no responders)");
      case "timeout":
        throw new PublishUnavailableError(subject, `no ack after ${this.#timeoutMs} ms`);
      case "closed":
        throw new PublishUnavailableError(subject, o.error ? `not sent (${o.error.message})` : "the publisher was closed", o.error ? { cause: o.error } : undefined);
    }
  }

  /** Stops the ack subscription and fails what is still waiting. */
  close(): void {
    this.#inbox.close();
  }
}

/** Parses a JetStream PubAck; throws the named error the stream's answer means. */
function pubAckOf(subject: string, m: Msg): PubAck {
  if (m.data.length === 0) throw new PublishUnavailableError(subject, `status ${m.headers?.code}`);
  let ack: { stream?: string; seq?: number; duplicate?: boolean; error?: { err_code?: number; code?: number; description?: string } };
  try {
    ack = JSON.parse(decoder.decode(m.data));
  } catch (err) {
    throw new PublishUnavailableError(subject, "the ack was not JSON", { cause: err });
  }
  if (ack.error) throw new PublishRejectedError(subject, ack.error.err_code ?? ack.error.code ?? 0, ack.error.description ?? "unknown error");
  if (typeof ack.seq !== "number") throw new PublishUnavailableError(subject, "the ack has no sequence");
  return { stream: ack.stream ?? "", seq: ack.seq, duplicate: !!ack.duplicate };
}
