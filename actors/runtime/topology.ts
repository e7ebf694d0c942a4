/**
 * Names of the runtime's subjects, streams, consumers and KV buckets, and their creation.
 * This is the public wire contract; docs/actors.md documents it.
 * @module
 */
import {
  DiscardPolicy,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { ConfigError } from "./errors.ts";

/** Stream holding every actor mailbox (`vtox.mbox.>`). */
export const MAILBOX_STREAM = "VTOX_MAILBOX";
/** Stream holding dead letters (`vtox.dlq.>`). */
export const DLQ_STREAM = "VTOX_DLQ";
/** KV bucket of actor snapshots, key `<kind>.<id>`. */
export const STATE_BUCKET = "vtox_state";
/** KV bucket of shard leases (`lease.<shard>`) and the cluster's shard count (`config`). */
export const SHARD_BUCKET = "vtox_shards";
/** KV bucket of durable reminders, key `<shard>.<kind>.<id>.<name>`. */
export const REMINDER_BUCKET = "vtox_reminders";

/** Subject an `ask` for shard `n` is sent to (core NATS, served by the shard's owner). */
export function askSubject(shard: number): string {
  return `vtox.ask.${shard}`;
}
/**
 * Subject of node `nodeId`'s ask endpoint: clients that learned which node owns a shard (from a
 * reply frame) send that shard's asks here, so asks to many shards of one node share one message.
 */
export function askNodeSubject(nodeId: string): string {
  return `vtox.asknode.${nodeId}`;
}
/** Filter subject of shard `n`'s mailbox consumer. */
export function shardFilter(shard: number): string {
  return `vtox.mbox.${shard}.>`;
}
/** Durable consumer name of shard `n` under lease epoch `epoch`. */
export function consumerName(shard: number, epoch: number): string {
  return `shard-${shard}-e${epoch}`;
}

/** Stream and bucket settings. */
export interface TopologyOptions {
  /** Replicas of streams and buckets (1 for a single server, 3 for a cluster). */
  replicas?: number;
  /** Maximum messages the mailbox stream keeps; a publish beyond it is refused (backpressure). */
  mailboxMaxMsgs?: number;
  /** Maximum bytes the mailbox stream keeps. */
  mailboxMaxBytes?: number;
  /** How long mailbox messages are kept, ms (default 7 days). */
  mailboxMaxAgeMs?: number;
  /** Dedupe window for tell msgIDs, ms (default 2 minutes). */
  duplicateWindowMs?: number;
}

/** Handles on the runtime's JetStream resources. */
export interface Topology {
  jsm: JetStreamManager;
  state: KV;
  shards: KV;
  reminders: KV;
}

const ms = (v: number) => v * 1_000_000;

/** Creates (or opens) the mailbox and DLQ streams and the KV buckets. Idempotent. */
export async function ensureTopology(nc: NatsConnection, opts: TopologyOptions = {}): Promise<Topology> {
  checkServerVersion(nc.info?.version);
  const replicas = opts.replicas ?? 1;
  if (![1, 3, 5].includes(replicas)) throw new ConfigError(`Invalid replicas: must be 1, 3 or 5, got ${replicas}`);
  const jsm = await jetstreamManager(nc, { timeout: 10_000 });
  await ensureStream(jsm, {
    name: MAILBOX_STREAM,
    subjects: ["vtox.mbox.>"],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.New,
    max_msgs: opts.mailboxMaxMsgs ?? -1,
    max_bytes: opts.mailboxMaxBytes ?? 8 * 1024 ** 3,
    max_age: ms(opts.mailboxMaxAgeMs ?? 7 * 24 * 3600_000),
    duplicate_window: ms(opts.duplicateWindowMs ?? 120_000),
    num_replicas: replicas,
  });
  await ensureStream(jsm, {
    name: DLQ_STREAM,
    subjects: ["vtox.dlq.>"],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: ms(30 * 24 * 3600_000),
    max_bytes: 1024 ** 3,
    num_replicas: replicas,
  });
  const kvm = new Kvm(nc);
  // allow_direct off: a direct get may be answered by an R3 follower that lags the leader (it
  // answers "not found" for a key it has not caught up on), and rehydrating an actor from a stale
  // or missing snapshot after a failover would lose applied messages. Reads go to the leader.
  const [state, shards, reminders] = await Promise.all([
    kvm.create(STATE_BUCKET, { history: 1, replicas, allow_direct: false }),
    kvm.create(SHARD_BUCKET, { history: 1, replicas, allow_direct: false }),
    kvm.create(REMINDER_BUCKET, { history: 1, replicas, allow_direct: false }),
  ]);
  return { jsm, state, shards, reminders };
}

/** The runtime uses only what nats-server 2.9 offers (single filter subject, KV CAS, msgID dedupe). */
export function checkServerVersion(version: string | undefined): void {
  const m = /^(\d+)\.(\d+)/.exec(version ?? "");
  if (!m) throw new ConfigError(`Cannot check the nats-server version: the server reported ${JSON.stringify(version)}`);
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major < 2 || (major === 2 && minor < 9)) {
    throw new ConfigError(`nats-server ${version} is too old: VTOX needs 2.9 or newer (JetStream KV compare-and-set, pull consumers)`);
  }
}

/**
 * Creates a stream, or updates the limits of an existing one (subjects, retention, storage and
 * replicas are left as they are). Safe when several nodes start together: a node that loses the
 * creation race ("stream name already in use") updates the winner's stream instead.
 *
 * @example
 * ```ts
 * await ensureStream(jsm, { name: "VTOX_RESULTS", subjects: ["vtox.health.>"], max_age: 7 * 24 * 3600e9 });
 * ```
 */
export async function ensureStream(jsm: JetStreamManager, cfg: Partial<StreamConfig> & { name: string }): Promise<void> {
  const { subjects: _s, retention: _r, storage: _st, num_replicas: _n, ...limits } = cfg;
  try {
    await jsm.streams.info(cfg.name);
  } catch (err) {
    if (!/not found/i.test(String((err as Error).message))) throw err;
    try {
      await jsm.streams.add(cfg);
      return;
    } catch (e) {
      // Another node created it between our info and add (with other limits, or the server
      // would have accepted the identical config): fall through and update it.
      if (!/already in use/i.test(String((e as Error).message))) throw e;
    }
  }
  await jsm.streams.update(cfg.name, limits);
}
