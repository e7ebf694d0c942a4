/**
 * The client side of the runtime: `tell` (durable: resolves when JetStream stored the message) and
 * `ask` (core NATS to the shard's current owner, coalesced per destination and tick into ask
 * frames; typed reply or {@link AskTimeoutError}).
 * Works without hosting any actor, e.g. in a gateway or a test.
 * @module
 */
import type { NatsConnection } from "@nats-io/nats-core";
import { ActorAddress, assertShardCount } from "./address.ts";
import { AskDispatcher } from "./ask_dispatcher.ts";
import { encodeEnvelope, ENVELOPE_VERSION, newEnvelope, newMessageId, type Envelope } from "./codec.ts";
import { BackpressureError, RuntimeError, SystemStoppedError, UnavailableError } from "./errors.ts";
import { JetStreamPublisher, PublishRejectedError } from "./jetstream_publisher.ts";
import { PendingAsk } from "./pending_ask.ts";
import type { RuntimeMetrics } from "./metrics.ts";

/** Options of one `tell`. */
export interface TellOptions {
  /** Envelope headers. */
  headers?: Record<string, string>;
  /** JetStream msgID for idempotent retry (default: the envelope id). */
  msgID?: string;
  /** How long to keep retrying transient JetStream errors, ms (default 10 000). */
  retryForMs?: number;
}

/** Options of one `ask`. */
export interface AskOptions {
  /** Reply timeout, ms (default 5 000); fires at most 10 ms late (one timer-wheel granule). */
  timeoutMs?: number;
  /** Envelope headers. */
  headers?: Record<string, string>;
}

/** A reference to one actor. */
export class ActorRef<Reply = unknown> {
  readonly address: ActorAddress;
  readonly #client: ActorClient;
  constructor(client: ActorClient, address: ActorAddress) {
    this.#client = client;
    this.address = address;
  }
  /** Durable send; resolves with the stream sequence once JetStream has stored it. */
  tell(type: string, body?: unknown, opts?: TellOptions): Promise<number> {
    return this.#client.tell(this.address, type, body, opts);
  }
  /** Request/reply applied in the actor's serial order. */
  ask<R = Reply>(type: string, body?: unknown, opts?: AskOptions): Promise<R> {
    return this.#client.ask<R>(this.address, type, body, opts);
  }
}

/** Sends tells and asks. */
export class ActorClient {
  readonly #nc: NatsConnection;
  readonly #publisher: JetStreamPublisher;
  readonly #shards: number;
  readonly #metrics: RuntimeMetrics;
  #asks: AskDispatcher | undefined;
  #closed = false;

  constructor(nc: NatsConnection, shards: number, metrics: RuntimeMetrics) {
    assertShardCount(shards);
    this.#nc = nc;
    this.#publisher = new JetStreamPublisher(nc, 5_000);
    this.#shards = shards;
    this.#metrics = metrics;
  }

  /** A reference to `<kind>/<id>` (validated). */
  ref<Reply = unknown>(kind: string, id: string): ActorRef<Reply> {
    return new ActorRef<Reply>(this, ActorAddress.of(kind, id));
  }

  /** Durable tell; see {@link ActorRef.tell}. */
  async tell(address: ActorAddress, type: string, body?: unknown, opts: TellOptions = {}): Promise<number> {
    if (this.#closed) throw new SystemStoppedError("tell");
    const env = newEnvelope(type, body ?? null, { headers: opts.headers ?? {} });
    return await this.sendEnvelope(address, env, opts.msgID ?? env.id, opts.retryForMs);
  }

  /** Publishes a prepared envelope durably to the actor's mailbox, retrying transient errors with the same msgID. */
  async sendEnvelope(address: ActorAddress, env: Envelope, msgID: string, retryForMs = 10_000): Promise<number> {
    return await this.sendEncoded(address, encodeEnvelope(env), msgID, retryForMs);
  }

  /**
   * Publishes an encoded envelope durably to the actor's mailbox, retrying transient errors with
   * the same msgID. Rejects with {@link BackpressureError} (the stream is full),
   * {@link UnavailableError} (JetStream did not answer within `retryForMs`) or `REMOTE_ERROR`.
   */
  async sendEncoded(address: ActorAddress, data: Uint8Array, msgID: string, retryForMs = 10_000): Promise<number> {
    const subject = address.mailboxSubject(this.#shards);
    const deadline = Date.now() + retryForMs;
    for (let attempt = 0; ; attempt++) {
      try {
        const ack = await this.#publisher.publish(subject, data, { msgID });
        this.#metrics.inc("tells_sent");
        return ack.seq;
      } catch (err) {
        const text = String((err as Error).message);
        if (err instanceof PublishRejectedError) {
          if (/maximum (messages|bytes)|resource limits|insufficient/i.test(text)) {
            this.#metrics.inc("backpressure_rejections");
            throw new BackpressureError(`Cannot tell ${address}: the mailbox stream is full (${text}); retry later`, { cause: err });
          }
          throw new RuntimeError("REMOTE_ERROR", `Cannot tell ${address}: ${text}`, { cause: err });
        }
        // Timeouts and leader elections are transient; the same msgID makes the retry idempotent.
        if (this.#closed) throw new SystemStoppedError(`tell ${address}`, { cause: err });
        if (Date.now() > deadline) throw new UnavailableError(`Cannot tell ${address}: JetStream did not store it within ${retryForMs} ms (${text}); retry later`, { cause: err });
        await new Promise((r) => setTimeout(r, Math.min(1_000, 50 * 2 ** attempt)));
      }
    }
  }

  /** Ask; see {@link ActorRef.ask}. Rejects with `AskTimeoutError`, `BackpressureError` or `RemoteError`. */
  ask<R>(address: ActorAddress, type: string, body?: unknown, opts: AskOptions = {}): Promise<R> {
    if (this.#closed) return Promise.reject(new SystemStoppedError("ask"));
    const timeoutMs = opts.timeoutMs ?? 5_000;
    const asks = (this.#asks ??= new AskDispatcher(this.#nc, this.#metrics));
    // Built in one literal (not newEnvelope + Object.assign): this runs once per ask.
    const now = Date.now();
    const env: Envelope = { v: ENVELOPE_VERSION, type, id: newMessageId(), ts: now, headers: opts.headers ?? {}, body: body ?? null, to: address.key };
    this.#metrics.inc("asks_sent");
    const shard = address.shardOf(this.#shards);
    return new Promise<R>((resolve, reject) => {
      asks.start(new PendingAsk(asks, address, shard, env, timeoutMs, resolve as (v: unknown) => void, reject, now));
    });
  }

  /** Stops the reply subscription; later calls fail with {@link SystemStoppedError}. */
  close(): void {
    this.#closed = true;
    this.#asks?.close();
    this.#publisher.close();
  }
}
