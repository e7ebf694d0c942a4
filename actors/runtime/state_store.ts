/**
 * Actor snapshots in KV (`vtox_state`, key `<kind>.<id>`): the state plus the stream sequence of
 * the last applied message. Every write is a revision compare-and-set, so a writer whose view is
 * stale (a fenced former shard owner) is rejected by the server.
 * @module
 */
import type { KV } from "@nats-io/kv";
import { decodeValue, encodeChecked } from "./codec.ts";
import { CodecError, RuntimeError } from "./errors.ts";
import { PublishRejectedError, PublishUnavailableError, type JetStreamPublisher } from "./jetstream_publisher.ts";
import { STATE_BUCKET } from "./topology.ts";

/** JetStream error code of "wrong last sequence" (a failed compare-and-set). */
const WRONG_LAST_SEQUENCE = 10071;
/** JSClusterNotAvailErr, "JetStream system temporarily unavailable" (status 503), e.g. during an election. */
const CLUSTER_NOT_AVAILABLE = 10008;

/** A loaded snapshot. `revision` 0 means "never written". */
export interface Snapshot<S> {
  state: S;
  /** Stream sequence of the last applied durable message (0 = none). */
  seq: number;
  /** Per partitioned-input stream, the sequence of the last applied input (absent = none). */
  inputSeqs: Record<string, number> | undefined;
  /** KV revision the snapshot was read at (the CAS token for the next write). */
  revision: number;
}

/** The server rejected a snapshot write because someone else wrote the key since it was read. */
export class StaleRevisionError extends RuntimeError {
  declare readonly code: "STALE_REVISION";
  constructor(key: string, expected: number, options?: ErrorOptions) {
    super("STALE_REVISION", `snapshot write for ${key} rejected by the server: expected revision ${expected} is stale`, options);
    this.name = "StaleRevisionError";
  }
}

/**
 * Reads and CAS-writes actor snapshots. Writes are JetStream publishes to the bucket's subject
 * `$KV.<bucket>.<key>` with `Nats-Expected-Last-Subject-Sequence` = the revision read (0 = the key
 * must not exist) — exactly what KV `update`/`create` send — through the shared-inbox publisher.
 */
export class StateStore {
  readonly #kv: KV;
  readonly #publisher: JetStreamPublisher;
  readonly #bucket: string;
  constructor(kv: KV, publisher: JetStreamPublisher, bucket = STATE_BUCKET) {
    this.#kv = kv;
    this.#publisher = publisher;
    this.#bucket = bucket;
  }

  /** Loads the snapshot of `key`, or `initial()` at revision 0 when there is none. */
  async load<S>(key: string, initial: () => S): Promise<Snapshot<S>> {
    const e = await this.#kv.get(key);
    if (!e || e.operation !== "PUT" || e.value.length === 0) return { state: initial(), seq: 0, inputSeqs: undefined, revision: 0 };
    const raw = decodeValue(e.value, `snapshot of ${key}`) as { s?: unknown; q?: unknown; i?: unknown } | null;
    if (!raw || typeof raw !== "object" || typeof raw.q !== "number") {
      throw new CodecError("CODEC_MALFORMED", `Cannot decode snapshot of ${key}: expected {s, q}`);
    }
    if (raw.i !== undefined && (raw.i === null || typeof raw.i !== "object" || Object.values(raw.i).some((v) => typeof v !== "number"))) {
      throw new CodecError("CODEC_MALFORMED", `Cannot decode snapshot of ${key}: i must map input streams to sequences`);
    }
    return { state: raw.s as S, seq: raw.q, inputSeqs: raw.i as Record<string, number> | undefined, revision: e.revision };
  }

  /**
   * Encodes a snapshot value; a state cbor-x cannot encode throws {@link CodecError}
   * `CODEC_UNENCODABLE` naming the key (the shard owner then dead-letters the message that made it so).
   */
  encode(key: string, state: unknown, seq: number, inputSeqs?: Record<string, number>): Uint8Array {
    return encodeChecked(inputSeqs ? { s: state, q: seq, i: inputSeqs } : { s: state, q: seq }, `the state of ${key}`);
  }

  /** Writes a snapshot if the key is still at `revision`; returns the new revision. */
  async write(key: string, state: unknown, seq: number, revision: number, inputSeqs?: Record<string, number>): Promise<number> {
    return await this.writeEncoded(key, this.encode(key, state, seq, inputSeqs), revision);
  }

  /**
   * Writes a snapshot value from {@link encode} if the key is still at `revision`; returns the new
   * revision. With `retryForMs`, a write JetStream did not answer (no responders while a stream
   * leader is elected, a lost ack) or refused as temporarily unavailable (10008) is tried again
   * with backoff for that long, while `running()`
   * holds; a retry rejected as stale because the earlier attempt was stored after all (the key
   * holds exactly this value) counts as written.
   */
  async writeEncoded(key: string, value: Uint8Array, revision: number, o: { retryForMs?: number; running?: () => boolean } = {}): Promise<number> {
    const deadline = Date.now() + (o.retryForMs ?? 0);
    let unanswered = false;
    for (let delay = 50; ; delay = Math.min(delay * 2, 1_000)) {
      try {
        const ack = await this.#publisher.publish(`$KV.${this.#bucket}.${key}`, value, { expectedLastSubjectSeq: revision });
        return ack.seq;
      } catch (err) {
        if (err instanceof PublishRejectedError && err.errCode === WRONG_LAST_SEQUENCE) {
          if (unanswered) {
            const mine = await this.#storedRevisionOf(key, value, revision);
            if (mine !== undefined) return mine;
          }
          throw new StaleRevisionError(key, revision, { cause: err });
        }
        const transient = err instanceof PublishUnavailableError || (err instanceof PublishRejectedError && err.errCode === CLUSTER_NOT_AVAILABLE);
        if (!transient || Date.now() + delay > deadline || o.running?.() === false) throw err;
        unanswered = true;
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  /**
   * The revision at which `value` was stored after `revision`, or undefined when another value was.
   * A read may be answered by a replica that has not caught up yet (KV reads go to any replica):
   * one still at `revision` or before is asked again for up to ~2 s.
   */
  async #storedRevisionOf(key: string, value: Uint8Array, revision: number): Promise<number | undefined> {
    for (let i = 0; i < 10; i++) {
      const e = await this.#kv.get(key).catch(() => null);
      if (e && e.revision > revision) return sameBytes(e.value, value) ? e.revision : undefined;
      await new Promise((r) => setTimeout(r, 200));
    }
    return undefined;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when a KV create/update failed because the revision did not match (or the key exists). */
export function isCasFailure(err: unknown): boolean {
  const e = err as { message?: string; code?: unknown; api_error?: { err_code?: number } } | undefined;
  const text = String(e?.message ?? "");
  return /wrong last sequence|key exists|10071/i.test(text) || e?.api_error?.err_code === 10071;
}
