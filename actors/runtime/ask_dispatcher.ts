/**
 * The client side of asks: coalesces the asks queued to the same destination in the same tick
 * into ONE NATS message (an ask frame), flushed in a microtask (never a timer: an ask alone
 * leaves at once). The destination is the node that owns the ask's shard once a reply has named
 * it (so asks to many shards of one node share a message), else the shard's subject
 * `vtox.ask.<shard>` (whoever owns it answers). Timeouts are kept by one bucketed timer wheel.
 * @module
 */
import type { NatsConnection } from "@nats-io/nats-core";
import { FrameWriter, MAX_FRAME_ENTRIES } from "./ask_frame.ts";
import { AskInbox } from "./ask_inbox.ts";
import { AskTimeouts } from "./ask_timeouts.ts";
import { writeAskSequenceEntry } from "./ask_entry.ts";
import { CodecError, RuntimeError, SystemStoppedError } from "./errors.ts";
import type { RuntimeMetrics } from "./metrics.ts";
import type { AskRoute, PendingAsk } from "./pending_ask.ts";
import { askNodeSubject, askSubject } from "./topology.ts";

/** Frame size used when the server did not announce its max_payload. */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/** Asks being collected for one destination in the current tick. */
interface OutFrame {
  subject: string;
  writer: FrameWriter;
  asks: PendingAsk[];
}

/** Sends, coalesces, re-routes and times out one client's asks. */
export class AskDispatcher implements AskRoute {
  readonly #nc: NatsConnection;
  readonly #metrics: RuntimeMetrics;
  readonly #inbox: AskInbox;
  readonly #timeouts = new AskTimeouts();
  /** shard → node id that answered for it last. */
  readonly #placement = new Map<number, string>();
  /** Writers by destination subject, reused from tick to tick. */
  readonly #frames = new Map<string, OutFrame>();
  /**
   * shard → its current destination's frame, so an ask finds its frame by index instead of
   * building and hashing a subject string; cleared when a placement changes.
   */
  #frameOfShard: (OutFrame | undefined)[] = [];
  #pending: OutFrame[] = [];
  #scheduled = false;
  readonly #flush = () => this.#flushAll();

  constructor(nc: NatsConnection, metrics: RuntimeMetrics) {
    this.#nc = nc;
    this.#metrics = metrics;
    this.#inbox = new AskInbox(nc);
  }

  /** Asks waiting for a reply. */
  get pending(): number {
    return this.#inbox.pending;
  }

  /** Starts an ask: watches its timeout and queues it for this tick's frame. */
  start(ask: PendingAsk): void {
    this.#timeouts.add(ask);
    this.send(ask);
  }

  send(ask: PendingAsk): void {
    if (ask.settled) return;
    const node = this.#placement.get(ask.shard);
    ask.via = node;
    let f = this.#frameOfShard[ask.shard];
    if (!f) {
      const subject = node === undefined ? askSubject(ask.shard) : askNodeSubject(node);
      f = this.#frames.get(subject);
      if (!f) this.#frames.set(subject, (f = { subject, writer: new FrameWriter(), asks: [] }));
      this.#frameOfShard[ask.shard] = f;
    }
    if (f.asks.length >= MAX_FRAME_ENTRIES) this.#publish(f);
    if (f.asks.length === 0) {
      f.writer.beginRequestSequence();
      this.#pending.push(f);
    }
    const limit = (this.#nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD) - 64;
    this.#inbox.register(ask);
    if (!this.#write(f, ask)) return;
    if (f.writer.length > limit && f.asks.length > 0) {
      // Too large for this frame: send the frame without it and start the next one with it.
      f.writer.dropLastEntry();
      this.#publish(f);
      f.writer.beginRequestSequence();
      this.#pending.push(f);
      if (!this.#write(f, ask)) return;
    }
    if (f.writer.length > limit) {
      f.writer.dropLastEntry();
      this.#inbox.cancel(ask);
      return ask.fail(new RuntimeError("CODEC_MALFORMED", `Cannot send ask to ${ask.address}: it encodes to more than the server's max_payload (${limit + 64} bytes)`));
    }
    f.asks.push(ask);
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(this.#flush);
    }
  }

  learned(shard: number, nodeId: string): void {
    this.#placement.set(shard, nodeId);
    this.#frameOfShard[shard] = undefined;
  }

  forget(shard: number): void {
    this.#placement.delete(shard);
    this.#frameOfShard[shard] = undefined;
  }

  done(ask: PendingAsk, timedOut: boolean): void {
    this.#timeouts.remove(ask);
    if (timedOut) {
      this.#inbox.cancel(ask);
      this.#metrics.inc("asks_timed_out");
    }
  }

  /** Stops the reply subscription and the timeout wheel; asks still waiting fail with {@link SystemStoppedError}. */
  close(): void {
    this.#inbox.close();
    for (const a of this.#timeouts.close() as PendingAsk[]) a.fail(new SystemStoppedError(`wait for the reply to an ask to ${a.address}`));
  }

  /** Writes the ask's entry; false (and the ask failed) when its body cannot be encoded. */
  #write(f: OutFrame, ask: PendingAsk): boolean {
    try {
      writeAskSequenceEntry(f.writer, ask.corr, ask.shard, ask.env);
      return true;
    } catch (err) {
      this.#inbox.cancel(ask);
      ask.fail(new CodecError("CODEC_MALFORMED", `Cannot encode ask to ${ask.address}: ${(err as Error).message}`, { cause: err }));
      return false;
    }
  }

  #flushAll(): void {
    this.#scheduled = false;
    const frames = this.#pending;
    this.#pending = [];
    for (const f of frames) if (f.asks.length) this.#publish(f);
  }

  #publish(f: OutFrame): void {
    const asks = f.asks;
    f.asks = [];
    const data = f.writer.finish();
    try {
      this.#nc.publish(f.subject, data, { reply: this.#inbox.frameReplySubject(asks) });
    } catch (err) {
      for (const a of asks) {
        this.#inbox.cancel(a);
        a.fail(new RuntimeError("REMOTE_ERROR", `Cannot send ask to ${a.address}: ${(err as Error).message}`, { cause: err }));
      }
    }
  }
}
