/**
 * One ask in flight: travels as an entry of an ask frame, waits on the shared inbox, is re-sent
 * while no node serves its shard (or the shard is moving), and settles once with the reply, a
 * typed error, or {@link AskTimeoutError}. A class rather than closures, and no timer or Error of
 * its own unless it fails: asks are the hot path.
 * @module
 */
import type { ActorAddress } from "./address.ts";
import { STATUS_REPLY } from "./ask_frame.ts";
import type { AskWaiter } from "./ask_inbox.ts";
import type { Expirable } from "./ask_timeouts.ts";
import type { Envelope } from "./codec.ts";
import { AskTimeoutError, BackpressureError, RemoteError } from "./errors.ts";

/** How long to wait before re-sending when no node serves the shard right now. */
const ASK_RETRY_MS = 25;

/** What a pending ask needs from its client. */
export interface AskRoute {
  /** (Re)sends the ask with a fresh correlation id, to the shard's known node or its shard subject. */
  send(ask: PendingAsk): void;
  /** The shard is served by `nodeId` (learned from a reply). */
  learned(shard: number, nodeId: string): void;
  /** The node believed to serve the shard does not (any more). */
  forget(shard: number): void;
  /** The ask settled: stop watching its timeout and forget its correlation id. */
  done(ask: PendingAsk, timedOut: boolean): void;
}

/** An ask waiting for its reply. */
export class PendingAsk implements AskWaiter, Expirable {
  corr = 0;
  /** The node id the current attempt was sent to; undefined when sent to the shard subject. */
  via: string | undefined;
  timeoutBucket: Set<Expirable> | undefined;
  readonly deadline: number;
  #settled = false;
  #noOwner = false;

  constructor(
    private readonly route: AskRoute,
    readonly address: ActorAddress,
    readonly shard: number,
    readonly env: Envelope,
    private readonly timeoutMs: number,
    private readonly resolve: (v: unknown) => void,
    private readonly reject: (e: Error) => void,
    /** When the ask was made (ms since the epoch), if the caller already read the clock. */
    now = Date.now(),
  ) {
    this.deadline = now + timeoutMs;
  }

  /** True once settled. */
  get settled(): boolean {
    return this.#settled;
  }

  onReply(status: number, value: unknown, nodeId: string): void {
    if (this.#settled) return;
    if (status === STATUS_REPLY) {
      if (this.via !== nodeId) this.route.learned(this.shard, nodeId);
      return this.#settle(value);
    }
    const b = value as { code?: string; message?: string } | null;
    if (b?.code === "FENCED") {
      // Not (or no longer) served there: a node endpoint is skipped at once for the shard subject;
      // the shard subject itself is retried shortly (its new owner is starting).
      if (this.via !== undefined) {
        this.route.forget(this.shard);
        return this.route.send(this);
      }
      return this.#retrySoon();
    }
    if (b?.code === "BACKPRESSURE") return this.fail(new BackpressureError(`ask to ${this.address} refused: ${b.message}`));
    this.fail(new RemoteError(String(b?.code ?? "UNKNOWN"), String(b?.message ?? "remote error")));
  }

  onNoResponders(): void {
    if (this.#settled) return;
    if (this.via !== undefined) {
      this.route.forget(this.shard);
      return this.route.send(this);
    }
    // No owner right now (starting or moving): try again until the timeout.
    this.#noOwner = true;
    this.#retrySoon();
  }

  onBadReply(error: Error): void {
    this.fail(error);
  }

  /** Called by the timeout wheel once the deadline passed. */
  expire(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.route.done(this, true);
    this.reject(new AskTimeoutError(this.address.subject, this.timeoutMs, this.#noOwner ? `no node serves shard ${this.shard}` : ""));
  }

  /** Settles with an error (also used by the client when the ask cannot be sent). */
  fail(error: Error): void {
    this.#settle(undefined, error);
  }

  #retrySoon(): void {
    setTimeout(() => this.route.send(this), ASK_RETRY_MS);
  }

  #settle(value: unknown, error?: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.route.done(this, false);
    if (error) this.reject(error);
    else this.resolve(value);
  }
}
