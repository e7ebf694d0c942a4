/**
 * One ask in flight: sends the request to the shard's ask subject, waits on the shared inbox,
 * retries while no node serves the shard (or it is moving), and settles once with the reply, a
 * typed error, or {@link AskTimeoutError}. A class rather than closures: asks are the hot path.
 * @module
 */
import type { NatsConnection } from "@nats-io/nats-core";
import type { ActorAddress } from "./address.ts";
import type { AskInbox, AskWaiter, InboxResult } from "./ask_inbox.ts";
import { AskTimeoutError, BackpressureError, RemoteError } from "./errors.ts";
import type { RuntimeMetrics } from "./metrics.ts";

/** How long to wait before re-sending when no node serves the shard right now. */
const RETRY_MS = 25;

/** An ask waiting for its reply. */
export class PendingAsk implements AskWaiter {
  #settled = false;
  #noOwner = false;
  #corr = "";
  readonly #timer: ReturnType<typeof setTimeout>;

  constructor(
    private readonly nc: NatsConnection,
    private readonly inbox: AskInbox,
    private readonly metrics: RuntimeMetrics,
    private readonly address: ActorAddress,
    private readonly shard: number,
    private readonly subject: string,
    private readonly data: Uint8Array,
    private readonly timeoutMs: number,
    private readonly resolve: (v: unknown) => void,
    private readonly reject: (e: Error) => void,
  ) {
    this.#timer = setTimeout(() => this.#timeout(), timeoutMs);
    this.send();
  }

  /** (Re)sends the request with a fresh correlation id. */
  send(): void {
    if (this.#settled) return;
    this.#corr = this.inbox.register(this);
    this.nc.publish(this.subject, this.data, { reply: this.inbox.replySubject(this.#corr) });
  }

  /** Called by the inbox with what arrived for this ask. */
  onResult(r: InboxResult): void {
    if (this.#settled) return;
    if (r.kind === "no_responders") {
      // No owner right now (starting or moving): try again until the timeout.
      this.#noOwner = true;
      setTimeout(() => this.send(), RETRY_MS);
      return;
    }
    if (r.kind === "bad") return this.#settle(undefined, r.error);
    const env = r.env;
    if (env.type !== "error") return this.#settle(env.body);
    const b = env.body as { code?: string; message?: string } | null;
    if (b?.code === "FENCED") {
      setTimeout(() => this.send(), RETRY_MS);
      return;
    }
    if (b?.code === "BACKPRESSURE") return this.#settle(undefined, new BackpressureError(`ask to ${this.address} refused: ${b.message}`));
    this.#settle(undefined, new RemoteError(String(b?.code ?? "UNKNOWN"), String(b?.message ?? "remote error")));
  }

  #timeout(): void {
    if (this.#settled) return;
    this.inbox.cancel(this.#corr);
    this.metrics.inc("asks_timed_out");
    this.#settle(undefined, new AskTimeoutError(this.address.subject, this.timeoutMs, this.#noOwner ? `no node serves shard ${this.shard}` : ""));
  }

  #settle(value: unknown, error?: Error): void {
    this.#settled = true;
    clearTimeout(this.#timer);
    if (error) this.reject(error);
    else this.resolve(value);
  }
}
