/**
 * Replies to asks arrive on ONE wildcard subscription per client (`<inbox>.*`). Each outgoing ask
 * frame gets the reply subject `<inbox>.<frame>`; the owner answers with reply frames whose entries
 * carry each ask's correlation id, so a reply is matched to its caller without a subscription per
 * request, and the server's "no responders" status (no node serves the destination right now) is
 * matched to the asks of that frame.
 * @module
 */
import { createInbox, type Msg, type NatsConnection, type Subscription } from "@nats-io/nats-core";
import { readReplyFrame } from "./ask_frame.ts";
import { ownedCopy } from "./codec.ts";

/** An ask waiting in the inbox. */
export interface AskWaiter {
  /** Correlation id of the current attempt. */
  corr: number;
  /** True once settled (reply, error or timeout). */
  readonly settled: boolean;
  /** An entry of a reply frame from node `nodeId`: the decoded reply, or `{code, message}` for an error. */
  onReply(status: number, value: unknown, nodeId: string): void;
  /** Nobody subscribes to the subject the frame went to. */
  onNoResponders(): void;
  /** The reply frame for this ask could not be read. */
  onBadReply(error: Error): void;
}

/** Frames whose reply subject has seen no message yet are purged of settled asks this often. */
const PURGE_EVERY_FRAMES = 1024;

/** The shared reply subscription of one client. */
export class AskInbox {
  readonly prefix: string;
  readonly #sub: Subscription;
  readonly #waiting = new Map<number, AskWaiter>();
  /** Frames sent and not answered yet: needed only to match a "no responders" status to its asks. */
  readonly #frames = new Map<string, AskWaiter[]>();
  #nextCorr = 0;
  #nextFrame = 0;

  constructor(nc: NatsConnection) {
    this.prefix = createInbox();
    this.#sub = nc.subscribe(`${this.prefix}.*`, { callback: (_err, m) => this.#onMsg(m) });
  }

  /** Registers a waiter under a fresh correlation id (a u32) and returns it. */
  register(waiter: AskWaiter): number {
    const corr = this.#nextCorr;
    this.#nextCorr = (this.#nextCorr + 1) >>> 0;
    this.#waiting.set(corr, waiter);
    waiter.corr = corr;
    return corr;
  }

  /** Records a frame about to be sent with these asks; returns its reply subject. */
  frameReplySubject(asks: AskWaiter[]): string {
    const id = (this.#nextFrame++).toString(36);
    this.#frames.set(id, asks);
    if (this.#nextFrame % PURGE_EVERY_FRAMES === 0) this.#purge();
    return `${this.prefix}.${id}`;
  }

  /** Forgets a waiter (timed out, or failed before it was sent). */
  cancel(waiter: AskWaiter): void {
    if (this.#waiting.get(waiter.corr) === waiter) this.#waiting.delete(waiter.corr);
  }

  /** Number of asks waiting for replies. */
  get pending(): number {
    return this.#waiting.size;
  }

  #onMsg(m: Msg): void {
    const id = m.subject.slice(this.prefix.length + 1);
    const frame = this.#frames.get(id);
    if (frame) this.#frames.delete(id);
    if (m.data.length === 0) {
      if (frame && m.headers?.code === 503) for (const w of frame) if (this.#take(w)) w.onNoResponders();
      return;
    }
    // One copy per frame: decoded replies (typed arrays included) never alias a NATS buffer.
    const data = ownedCopy(m.data);
    let nodeId = "";
    try {
      readReplyFrame(data, (n) => (nodeId = n), (corr, status, value) => {
        const w = this.#waiting.get(corr);
        if (!w) return; // timed out already
        this.#waiting.delete(corr);
        w.onReply(status, value, nodeId);
      });
    } catch (err) {
      if (frame) for (const w of frame) if (this.#take(w)) w.onBadReply(err as Error);
    }
  }

  #take(w: AskWaiter): boolean {
    if (w.settled || this.#waiting.get(w.corr) !== w) return false;
    this.#waiting.delete(w.corr);
    return true;
  }

  /** Drops frame records whose asks all settled without any message on their reply subject. */
  #purge(): void {
    for (const [id, asks] of this.#frames) if (asks.every((a) => a.settled)) this.#frames.delete(id);
  }

  /** Stops the subscription. */
  close(): void {
    this.#sub.unsubscribe();
    this.#waiting.clear();
    this.#frames.clear();
  }
}
