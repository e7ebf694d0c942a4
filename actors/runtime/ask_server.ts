/**
 * The node side of asks. Decodes ask frames arriving on a shard's subject (`vtox.ask.<shard>`) or
 * on this node's endpoint (`vtox.asknode.<node>`), hands each entry to its shard's owner, and
 * coalesces the replies per reply subject per tick into one reply frame. A single CBOR envelope
 * on a shard subject (the documented format for senders without the VTOX library) is answered
 * with a single reply envelope, as before. A bad entry gets an error reply and a dead letter; the
 * other entries of its frame are served.
 * @module
 */
import type { Msg, NatsConnection, Subscription } from "@nats-io/nats-core";
import {
  FrameWriter, isFrame, isSequenceRequestFrame, MAX_FRAME_ENTRIES, readRequestFrame, readRequestSequenceFrame, STATUS_ERROR, STATUS_REPLY,
} from "./ask_frame.ts";
import { readAskEntry, readAskSequenceEntry } from "./ask_entry.ts";
import { decodeEnvelope, encodeEnvelope, encodeTransient, newEnvelope, ownedCopy, type Envelope } from "./codec.ts";
import type { DeadLetters } from "./dead_letters.ts";
import { type CodecError, RuntimeError } from "./errors.ts";
import type { ActorLogger } from "./kind.ts";
import type { RuntimeMetrics } from "./metrics.ts";
import { askNodeSubject } from "./topology.ts";

/** Correlation id of an ask that came as a single envelope: its reply is a single envelope too. */
const SINGLE_ASK = -1;

/** A shard owner as the ask server sees it. */
export interface AskHandler {
  readonly shard: number;
  /** Takes a decoded ask; answers it (now or later) through {@link AskServer.reply}. */
  takeAsk(env: Envelope, reply: string, corr: number, raw: Uint8Array, subject: string): void;
}

/** Frame size used when the server did not announce its max_payload. */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/** A node's ask endpoint and reply coalescer. */
export class AskServer {
  readonly subject: string;
  readonly #nc: NatsConnection;
  readonly #nodeId: string;
  readonly #metrics: RuntimeMetrics;
  readonly #deadLetters: DeadLetters;
  readonly #log: ActorLogger;
  readonly #handlerOf: (shard: number) => AskHandler | undefined;
  #sub: Subscription | undefined;
  /** Reply frames being collected this tick, by reply subject. */
  readonly #out = new Map<string, FrameWriter>();
  readonly #spare: FrameWriter[] = [];
  #scheduled = false;
  readonly #flush = () => this.#flushAll();

  constructor(
    nc: NatsConnection, nodeId: string, metrics: RuntimeMetrics, deadLetters: DeadLetters, log: ActorLogger,
    handlerOf: (shard: number) => AskHandler | undefined,
  ) {
    this.#nc = nc;
    this.#nodeId = nodeId;
    this.subject = askNodeSubject(nodeId);
    this.#metrics = metrics;
    this.#deadLetters = deadLetters;
    this.#log = log;
    this.#handlerOf = handlerOf;
  }

  /** Starts serving this node's endpoint. */
  listen(): void {
    this.#sub ??= this.#nc.subscribe(this.subject, { callback: (_e, m) => this.onMessage(m) });
  }

  /** Stops serving this node's endpoint (clients then fall back to the shard subjects). */
  close(): void {
    this.#sub?.unsubscribe();
    this.#sub = undefined;
    this.#flushAll();
  }

  /**
   * Handles a message on a shard subject (`owner` given: every entry must be for its shard) or
   * on the node endpoint (entries go to the owner of their shard on this node).
   */
  onMessage(m: Msg, owner?: AskHandler): void {
    const reply = m.reply;
    if (!reply) return;
    if (!isFrame(m.data)) return this.#onSingle(m, reply, owner);
    // One private copy per frame; entries are decoded from views of it.
    const data = ownedCopy(m.data);
    try {
      if (isSequenceRequestFrame(data)) {
        readRequestSequenceFrame(data, (corr, shard, head, body, bodyError) => this.#onSequenceEntry(m.subject, reply, corr, shard, head, body, bodyError, data, owner));
      } else readRequestFrame(data, (corr, shard, body) => this.#onEntry(m.subject, reply, corr, shard, body, owner));
    } catch (err) {
      // Entries before the fault were served; the rest cannot be matched to callers (they time out).
      this.#reject(m.subject, reply, undefined, err as RuntimeError, data);
    }
  }

  /**
   * Sends the reply (`ok`) or error (`{code, message}`) of one ask. Frame entries are coalesced
   * into one reply frame per reply subject, flushed in a microtask.
   */
  reply(reply: string, corr: number, ok: boolean, body: unknown): void {
    if (corr === SINGLE_ASK) return this.#publish(reply, singleReply(ok, body));
    let bytes: Uint8Array;
    try {
      bytes = encodeTransient(body);
    } catch (err) {
      ok = false;
      bytes = encodeTransient({ code: "CODEC_UNENCODABLE", message: `Cannot encode the reply: ${(err as Error).message}` });
    }
    const limit = (this.#nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD) - 64 - this.#nodeId.length;
    if (bytes.length + 9 > limit) {
      ok = false;
      bytes = encodeTransient({ code: "CODEC_MALFORMED", message: `Cannot send the reply: ${bytes.length} bytes is above the server's max_payload` });
    }
    let w = this.#out.get(reply);
    if (w && (w.length + 9 + bytes.length > limit || w.count >= MAX_FRAME_ENTRIES)) {
      this.#publish(reply, w.finish());
      w.beginReply(this.#nodeId);
    }
    if (!w) {
      w = this.#spare.pop() ?? new FrameWriter();
      w.beginReply(this.#nodeId);
      this.#out.set(reply, w);
    }
    w.addReply(corr, ok ? STATUS_REPLY : STATUS_ERROR, bytes);
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(this.#flush);
    }
  }

  /** Answers an ask with an error reply `{code, message}`. */
  replyError(reply: string, corr: number, code: string, message: string): void {
    this.reply(reply, corr, false, { code, message });
  }

  /**
   * Rejects a malformed ask: error reply (when it can be matched), counted, raw bytes to the DLQ
   * with the reason.
   */
  reject(subject: string, reply: string, corr: number, err: RuntimeError, raw: Uint8Array): void {
    this.#reject(subject, reply, corr, err, raw);
  }

  #onSingle(m: Msg, reply: string, owner: AskHandler | undefined): void {
    let env: Envelope;
    try {
      env = decodeEnvelope(m.data);
    } catch (err) {
      return this.#reject(m.subject, reply, SINGLE_ASK, err as RuntimeError, ownedCopy(m.data));
    }
    if (!owner) {
      return this.replyError(reply, SINGLE_ASK, "CODEC_MALFORMED", `${this.subject} takes ask frames only; send a single envelope to vtox.ask.<shard>`);
    }
    owner.takeAsk(env, reply, SINGLE_ASK, m.data, m.subject);
  }

  #onEntry(subject: string, reply: string, corr: number, shard: number, body: Uint8Array, owner: AskHandler | undefined): void {
    const h = owner ?? this.#handlerOf(shard);
    if (!h) return this.replyError(reply, corr, "FENCED", `shard ${shard} is not served by node ${this.#nodeId}; retry`);
    let env: Envelope;
    try {
      if (h.shard !== shard) throw new RuntimeError("INVALID_ADDRESS", `ask frame entry for shard ${shard} arrived on ${subject}`);
      env = readAskEntry(body);
    } catch (err) {
      return this.#reject(subject, reply, corr, err as RuntimeError, body);
    }
    h.takeAsk(env, reply, corr, body, subject);
  }

  /**
   * An entry of a sequence frame. Its head and body are not contiguous, so a rejected entry
   * dead-letters the whole frame (`frame`) with the entry's error as the reason.
   */
  #onSequenceEntry(
    subject: string, reply: string, corr: number, shard: number, head: Uint8Array, body: unknown, bodyError: CodecError | undefined,
    frame: Uint8Array, owner: AskHandler | undefined,
  ): void {
    const h = owner ?? this.#handlerOf(shard);
    if (!h) return this.replyError(reply, corr, "FENCED", `shard ${shard} is not served by node ${this.#nodeId}; retry`);
    let env: Envelope;
    try {
      if (h.shard !== shard) throw new RuntimeError("INVALID_ADDRESS", `ask frame entry for shard ${shard} arrived on ${subject}`);
      if (bodyError) throw bodyError;
      env = readAskSequenceEntry(head, body);
    } catch (err) {
      return this.#reject(subject, reply, corr, err as RuntimeError, frame);
    }
    h.takeAsk(env, reply, corr, frame, subject);
  }

  #reject(subject: string, reply: string, corr: number | undefined, err: RuntimeError, raw: Uint8Array): void {
    // Frame and envelope decoders throw coded errors; anything else is a fault of ours, not the sender's.
    const code = err.code ?? "INTERNAL";
    this.#metrics.inc("malformed");
    if (corr !== undefined) this.replyError(reply, corr, code, err.message);
    void this.#deadLetters.send(ownedCopy(raw), { origin: "ask", code, reason: err.message, subject })
      .catch((x) => this.#log.error("dead letter failed", { error: String(x) }));
  }

  /** A reply that cannot be sent (connection closing) is dropped: the asker times out, as when a reply is lost. */
  #publish(reply: string, data: Uint8Array): void {
    try {
      this.#nc.publish(reply, data);
    } catch (err) {
      this.#log.warn("ask reply not sent", { reply, error: String(err) });
    }
  }

  #flushAll(): void {
    this.#scheduled = false;
    for (const [reply, w] of this.#out) {
      this.#publish(reply, w.finish());
      if (this.#spare.length < 64) this.#spare.push(w);
    }
    this.#out.clear();
  }
}

/** A single reply envelope; a body that cannot be encoded becomes an error reply naming why. */
function singleReply(ok: boolean, body: unknown): Uint8Array {
  try {
    return encodeEnvelope(newEnvelope(ok ? "reply" : "error", body));
  } catch (err) {
    return encodeEnvelope(newEnvelope("error", { code: "CODEC_UNENCODABLE", message: `Cannot encode the reply: ${(err as Error)?.message ?? String(err)}` }));
  }
}
