/**
 * Actor addresses and shards. An actor is addressed as `vtox.actor.<kind>.<id>`; its durable
 * mailbox lives on `vtox.mbox.<shard>.<kind>.<id>` where `shard = fnv1a32("<id>") % shards`,
 * so any client can compute it and each shard's consumer needs one `filter_subject` (2.9 has
 * no multi-filter consumers). The id alone is hashed, as nats-server's `partition()` mapping
 * hashes a subject token: a stream partitioned by the server lines up with the shards
 * (partitioned_input.ts).
 *
 * @example
 * ```ts
 * const a = ActorAddress.of("vehicle", "VIN123");
 * a.subject;          // "vtox.actor.vehicle.VIN123"
 * a.shardOf(64);      // stable shard number in 0..63
 * ```
 * @module
 */
import { InvalidAddressError } from "./errors.ts";

/** Kinds and ids are tokens that are safe both as NATS subject tokens and as KV keys. */
const TOKEN = /^[A-Za-z0-9_=-]{1,128}$/;

/** Whether `value` is a subject-safe token (kind, actor id, node id). */
export function isToken(value: unknown): value is string {
  return typeof value === "string" && TOKEN.test(value);
}

/** Throws an {@link InvalidAddressError} unless `value` is a subject-safe token. */
export function assertToken(what: string, value: unknown): asserts value is string {
  if (!isToken(value)) {
    const shown = typeof value === "string" ? JSON.stringify(value.length > 60 ? value.slice(0, 60) + "…" : value) : typeof value;
    throw new InvalidAddressError(
      `Invalid actor address: ${what} must be 1-128 characters of A-Z a-z 0-9 _ - = (subject- and KV-safe), got ${shown}`,
    );
  }
}

/** 32-bit FNV-1a over the UTF-8 bytes of `s` (the same function nats-server's `partition()` uses). */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  // Addresses are ASCII tokens: hash char codes directly and skip the UTF-8 encoder.
  if (/^[\x00-\x7f]*$/.test(s)) {
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }
  const bytes = new TextEncoder().encode(s);
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Validates a shard count (1..4096). */
export function assertShardCount(shards: unknown): asserts shards is number {
  if (typeof shards !== "number" || !Number.isInteger(shards) || shards < 1 || shards > 4096) {
    throw new InvalidAddressError(`Invalid shard count: must be an integer in 1..4096, got ${String(shards)}`);
  }
}

/** Recently built addresses (validated), so hot senders skip validation and hashing. */
const recent = new Map<string, ActorAddress>();
const RECENT_MAX = 10_000;

/** The address of one actor: kind + id. Immutable. */
export class ActorAddress {
  /** Actor kind, e.g. `vehicle`. */
  readonly kind: string;
  /** Actor id within its kind, e.g. `VIN123`. */
  readonly id: string;
  /** `<kind>.<id>`, built once: every ask carries it. */
  readonly key: string;
  #hash: number | undefined;
  private constructor(kind: string, id: string, key: string) {
    this.kind = kind;
    this.id = id;
    this.key = key;
  }

  /** Builds a validated address; throws {@link InvalidAddressError} for unsafe tokens. */
  static of(kind: string, id: string): ActorAddress {
    // Valid keys contain exactly one dot, so an invalid kind/id pair can never hit a cached entry.
    const key = `${kind}.${id}`;
    const cached = recent.get(key);
    if (cached && cached.kind === kind) return cached;
    assertToken("kind", kind);
    assertToken("id", id);
    const a = new ActorAddress(kind, id, key);
    if (recent.size >= RECENT_MAX) recent.clear();
    recent.set(a.key, a);
    return a;
  }

  /** Parses `vtox.actor.<kind>.<id>` (or `<kind>.<id>`). */
  static parse(subject: string): ActorAddress {
    const parts = subject.split(".");
    if (parts.length === 4 && parts[0] === "vtox" && parts[1] === "actor") return ActorAddress.of(parts[2]!, parts[3]!);
    if (parts.length === 2) return ActorAddress.of(parts[0]!, parts[1]!);
    throw new InvalidAddressError(`Invalid actor address: expected vtox.actor.<kind>.<id>, got ${JSON.stringify(subject)}`);
  }

  /** The public address subject `vtox.actor.<kind>.<id>`. */
  get subject(): string {
    return `vtox.actor.${this.kind}.${this.id}`;
  }

  /** The shard this actor belongs to among `shards` shards. */
  shardOf(shards: number): number {
    this.#hash ??= fnv1a32(this.id);
    return this.#hash % shards;
  }

  /** The durable mailbox subject `vtox.mbox.<shard>.<kind>.<id>`. */
  mailboxSubject(shards: number): string {
    return `vtox.mbox.${this.shardOf(shards)}.${this.kind}.${this.id}`;
  }

  toString(): string {
    return this.subject;
  }
}
