/**
 * Dead letters: a rejected message's raw payload is kept on `vtox.dlq.<origin>.<...>` (stored in
 * the DLQ stream) with the reason in headers, and counted.
 * @module
 */
import type { JetStreamClient } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/nats-core";
import type { RuntimeMetrics } from "./metrics.ts";
import { MAILBOX_STREAM } from "./topology.ts";

/** Why and where a message was rejected. */
export interface DeadLetterReason {
  /** Where it was rejected: `mailbox` (stored tell), `ask`, `ingress` (raw publish) or `receive` (actor kept failing). */
  origin: "mailbox" | "ask" | "ingress" | "receive" | "input";
  /** Stable error code, e.g. `CODEC_MALFORMED`. */
  code: string;
  /** Human-readable reason. */
  reason: string;
  /** Subject the message arrived on. */
  subject: string;
  /** Stream sequence, when it was a stored message. */
  seq?: number;
  /** The stream `seq` belongs to (default the mailbox stream). */
  stream?: string;
  /** `<kind>.<id>` when known. */
  actor?: string;
}

/** Header names on dead letters. */
export const DLQ_HEADERS = {
  reason: "Vtox-Dlq-Reason",
  code: "Vtox-Dlq-Code",
  subject: "Vtox-Dlq-Subject",
  seq: "Vtox-Dlq-Seq",
  origin: "Vtox-Dlq-Origin",
} as const;

/** Publishes dead letters durably and counts them. */
export class DeadLetters {
  readonly #js: JetStreamClient;
  readonly #metrics: RuntimeMetrics;
  constructor(js: JetStreamClient, metrics: RuntimeMetrics) {
    this.#js = js;
    this.#metrics = metrics;
  }

  /** Stores `payload` with `why` on `vtox.dlq.<origin>[.<kind>.<id>]`; resolves once JetStream has it. */
  async send(payload: Uint8Array, why: DeadLetterReason): Promise<void> {
    const h = natsHeaders();
    h.set(DLQ_HEADERS.reason, why.reason.replace(/[\r\n]+/g, " ").slice(0, 1000));
    h.set(DLQ_HEADERS.code, why.code);
    h.set(DLQ_HEADERS.subject, why.subject);
    h.set(DLQ_HEADERS.origin, why.origin);
    if (why.seq !== undefined) h.set(DLQ_HEADERS.seq, String(why.seq));
    const subject = `vtox.dlq.${why.origin}${why.actor ? "." + why.actor : ""}`;
    this.#metrics.inc("dead_letters");
    // A stored message is dead-lettered once per origin even when replayed; sequences of
    // different streams (and origins) must not collide in the DLQ's dedupe window.
    const msgID = why.seq !== undefined ? `dlq:${why.origin}:${why.stream ?? MAILBOX_STREAM}:${why.seq}` : undefined;
    await this.#js.publish(subject, payload, { headers: h, ...(msgID ? { msgID } : {}) });
  }
}
