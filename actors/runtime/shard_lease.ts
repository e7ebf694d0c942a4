/**
 * Shard leases in KV (`vtox_shards`, key `lease.<shard>`): `{node, epoch, expiresAt}` written by
 * revision compare-and-set. Acquiring bumps the epoch; renewing and releasing are CAS on the
 * revision we hold, so after another node took the lease our renew is rejected by the server and
 * we know we are fenced. Expiry uses wall clocks only to decide when a *dead* owner's lease may be
 * taken; safety never depends on it (snapshot writes are CAS'd too).
 * @module
 */
import type { KV } from "@nats-io/kv";
import { decodeValue, encodeValue } from "./codec.ts";
import { ConfigError, FencedError } from "./errors.ts";
import { isCasFailure } from "./state_store.ts";

/** A lease as stored. */
export interface LeaseRecord {
  node: string;
  epoch: number;
  expiresAt: number;
}

/** A held lease. */
export interface HeldLease extends LeaseRecord {
  shard: number;
  revision: number;
}

/** Acquires, renews and releases shard leases; checks the cluster-wide shard count. */
export class ShardLeases {
  readonly #kv: KV;
  readonly #ttlMs: number;
  constructor(kv: KV, ttlMs: number) {
    this.#kv = kv;
    this.#ttlMs = ttlMs;
  }

  /** Records the shard count on first use and refuses a different one later. */
  async checkShardCount(shards: number): Promise<void> {
    const e = await this.#kv.get("config");
    if (!e || e.operation !== "PUT") {
      try {
        await this.#kv.create("config", encodeValue({ shards }));
        return;
      } catch (err) {
        if (!isCasFailure(err)) throw err;
      }
      return await this.checkShardCount(shards);
    }
    const cfg = decodeValue(e.value, "shard config") as { shards?: number };
    if (cfg.shards !== shards) {
      throw new ConfigError(`Invalid shard count: this cluster was created with ${cfg.shards} shards (KV ${"vtox_shards"}/config), got ${shards}`);
    }
  }

  /** Reads a lease (undefined when never taken). */
  async read(shard: number): Promise<(LeaseRecord & { revision: number }) | undefined> {
    const e = await this.#kv.get(`lease.${shard}`);
    if (!e || e.operation !== "PUT") return undefined;
    return { ...(decodeValue(e.value, `lease of shard ${shard}`) as LeaseRecord), revision: e.revision };
  }

  /**
   * Tries once to take the lease for `node`: succeeds when it is free, expired, held by the same
   * node id (a restarted process), or `force` is set. Returns undefined when another live node holds it.
   */
  async tryAcquire(shard: number, node: string, force = false): Promise<HeldLease | undefined> {
    const cur = await this.read(shard);
    const now = Date.now();
    if (cur && !force && cur.node && cur.node !== node && cur.expiresAt > now) return undefined;
    const rec: LeaseRecord = { node, epoch: (cur?.epoch ?? 0) + 1, expiresAt: now + this.#ttlMs };
    try {
      const revision = cur
        ? await this.#kv.update(`lease.${shard}`, encodeValue(rec), cur.revision)
        : await this.#kv.create(`lease.${shard}`, encodeValue(rec));
      return { ...rec, shard, revision };
    } catch (err) {
      if (isCasFailure(err)) return undefined;
      throw err;
    }
  }

  /** Extends a held lease; throws {@link FencedError} when the server says someone else took it. */
  async renew(lease: HeldLease): Promise<HeldLease> {
    const rec: LeaseRecord = { node: lease.node, epoch: lease.epoch, expiresAt: Date.now() + this.#ttlMs };
    try {
      const revision = await this.#kv.update(`lease.${lease.shard}`, encodeValue(rec), lease.revision);
      return { ...rec, shard: lease.shard, revision };
    } catch (err) {
      if (isCasFailure(err)) throw new FencedError(lease.shard, `lost the lease of shard ${lease.shard} (epoch ${lease.epoch}): another node took it`, { cause: err });
      throw err;
    }
  }

  /** Releases a held lease (marks it free); a fenced release is ignored. */
  async release(lease: HeldLease): Promise<void> {
    const rec: LeaseRecord = { node: "", epoch: lease.epoch, expiresAt: 0 };
    try {
      await this.#kv.update(`lease.${lease.shard}`, encodeValue(rec), lease.revision);
    } catch (err) {
      if (!isCasFailure(err)) throw err;
    }
  }
}
