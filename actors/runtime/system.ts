/**
 * An actor system: the node-side host of actor kinds and the client API in one object.
 * It creates the streams and buckets, owns a set of shards (each a supervised {@link ShardOwner}
 * child of a one_for_one supervisor), forwards raw publishes to `vtox.actor.>` (ingress), and
 * offers `ref(kind, id).tell/ask`.
 *
 * @example
 * ```ts
 * const system = await ActorSystem.start({ nc, kinds: [counter], shards: 64, ownShards: "all" });
 * await system.ref("counter", "c1").tell("add", 2);
 * const n = await system.ref("counter", "c1").ask<number>("get");
 * await system.shutdown();
 * ```
 * @module
 */
import { jetstream, type JetStreamClient } from "@nats-io/jetstream";
import type { NatsConnection, Subscription } from "@nats-io/nats-core";
import { Supervisor, type SupervisorEvent } from "../../supervisor/mod.ts";
import { ActorAddress, assertShardCount, assertToken } from "./address.ts";
import { ActorClient, type ActorRef, type AskOptions, type TellOptions } from "./actor_client.ts";
import { AskServer } from "./ask_server.ts";
import { DeadLetters } from "./dead_letters.ts";
import { ConfigError } from "./errors.ts";
import { JetStreamPublisher } from "./jetstream_publisher.ts";
import { startIngress } from "./ingress.ts";
import type { ActorKind, ActorLogger } from "./kind.ts";
import { jsonLogger } from "./logger.ts";
import { RuntimeMetrics } from "./metrics.ts";
import { ReminderStore } from "./reminders.ts";
import { ShardChild } from "./shard_child.ts";
import { ShardLeases } from "./shard_lease.ts";
import type { ShardOwnerDeps } from "./shard_owner.ts";
import { checkPartitionedInput, type PartitionedInput } from "./partitioned_input.ts";
import { StateStore } from "./state_store.ts";
import { ensureTopology, type Topology, type TopologyOptions } from "./topology.ts";

/** Options of {@link ActorSystem.start}. */
export interface ActorSystemOptions extends TopologyOptions {
  /** An open NATS connection (the system does not close it). */
  nc: NatsConnection;
  /** This node's id (subject-safe); unique among live nodes. Default: random. */
  nodeId?: string;
  /** Cluster-wide shard count (default 64); must match the count the cluster was created with. */
  shards?: number;
  /** Shards this node owns: a list, "all", or "none" (client only). Default: "all" when kinds are given. */
  ownShards?: number[] | "all" | "none";
  /** Actor kinds hosted here. */
  kinds?: ActorKind<any>[];
  /** Streams whose partitions the shard owners consume for their actors (partitioned_input.ts). */
  inputs?: PartitionedInput[];
  /** Max messages in flight per shard: consumer max_ack_pending and the ask queue bound (default 1024). */
  maxInflightPerShard?: number;
  /** Max messages applied per batch before snapshot + ack (default 512). */
  batchMax?: number;
  /** Passivate actors idle this long, ms (default 5 min). */
  idleMs?: number;
  /** Shard lease time-to-live, ms (default 10 s); a dead node's shards are taken after it. */
  leaseTtlMs?: number;
  /** Attempts per message before it is dead-lettered when `receive` throws (default 3). */
  maxRetries?: number;
  /** Consumer ack_wait, ms (default 30 s). */
  ackWaitMs?: number;
  /** Forward raw publishes on `vtox.actor.>` into mailboxes (default true when hosting). */
  ingress?: boolean;
  /** Logger (default JSON lines on stderr, level from VTOX_LOG). */
  logger?: ActorLogger;
  /** Supervisor events of the shard tree. */
  onSupervisorEvent?: (e: SupervisorEvent) => void;
}

/** Parses a shard set such as `0-15,32,40-47` or `all`. */
export function parseShardSet(text: string, shards: number): number[] | "all" | "none" {
  assertShardCount(shards);
  const t = text.trim();
  if (t === "all" || t === "none") return t;
  const out = new Set<number>();
  for (const part of t.split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw new ConfigError(`Invalid shard set: expected e.g. "0-15,32" or "all", got ${JSON.stringify(text)}`);
    const a = Number(m[1]), b = m[2] === undefined ? a : Number(m[2]);
    if (a > b || b >= shards) throw new ConfigError(`Invalid shard set: ${part} is outside 0..${shards - 1}`);
    for (let i = a; i <= b; i++) out.add(i);
  }
  return [...out].sort((x, y) => x - y);
}

/** A node's actor system. */
export class ActorSystem {
  readonly nodeId: string;
  readonly shards: number;
  readonly metrics: RuntimeMetrics;
  readonly client: ActorClient;
  readonly topology: Topology;
  readonly #nc: NatsConnection;
  readonly #supervisor: Supervisor | undefined;
  /** Filled by the supervisor's start functions, also on restarts. */
  readonly #children: Map<number, ShardChild>;
  readonly #ingress: Subscription | undefined;
  readonly #statePublisher: JetStreamPublisher | undefined;
  readonly #asks: AskServer | undefined;
  #stopped = false;

  private constructor(
    nc: NatsConnection, nodeId: string, shards: number, client: ActorClient, topology: Topology,
    sup: Supervisor | undefined, ingress: Subscription | undefined, metrics: RuntimeMetrics, children: Map<number, ShardChild>,
    statePublisher: JetStreamPublisher | undefined, asks: AskServer | undefined,
  ) {
    this.#asks = asks;
    this.#statePublisher = statePublisher;
    this.#nc = nc;
    this.metrics = metrics;
    this.#children = children;
    this.nodeId = nodeId;
    this.shards = shards;
    this.client = client;
    this.topology = topology;
    this.#supervisor = sup;
    this.#ingress = ingress;
  }

  /** Creates the topology and starts owning the configured shards. */
  static async start(opts: ActorSystemOptions): Promise<ActorSystem> {
    const shards = opts.shards ?? 64;
    assertShardCount(shards);
    const nodeId = opts.nodeId ?? `node-${crypto.randomUUID().slice(0, 8)}`;
    assertToken("node id", nodeId);
    const kinds = new Map<string, ActorKind<unknown>>();
    for (const k of opts.kinds ?? []) {
      assertToken("kind", k.kind);
      if (kinds.has(k.kind)) throw new ConfigError(`Invalid kinds: "${k.kind}" is registered twice`);
      if (typeof k.receive !== "function" || typeof k.initialState !== "function") {
        throw new ConfigError(`Invalid kind "${k.kind}": it needs initialState(id) and receive(ctx, msg) functions`);
      }
      kinds.set(k.kind, k);
    }
    const own = opts.ownShards ?? (kinds.size ? "all" : "none");
    const owned = own === "all" ? [...Array(shards).keys()] : own === "none" ? [] : own;
    for (const s of owned) if (!Number.isInteger(s) || s < 0 || s >= shards) throw new ConfigError(`Invalid shard ${s}: must be in 0..${shards - 1}`);
    if (owned.length && !kinds.size) throw new ConfigError("Invalid options: a node that owns shards needs at least one actor kind");
    const inputs = opts.inputs ?? [];
    for (const input of inputs) checkPartitionedInput(input, shards, new Set(kinds.keys()));
    const streams = inputs.map((i) => i.stream);
    const twice = streams.find((s, i) => streams.indexOf(s) !== i);
    if (twice) throw new ConfigError(`Invalid inputs: stream ${JSON.stringify(twice)} is given twice (its partition consumers would collide)`);

    const nc = opts.nc;
    const topology = await ensureTopology(nc, opts);
    const leases = new ShardLeases(topology.shards, opts.leaseTtlMs ?? 10_000);
    await leases.checkShardCount(shards);
    const js: JetStreamClient = jetstream(nc, { timeout: 10_000 });
    const metrics = new RuntimeMetrics();
    const client = new ActorClient(nc, shards, metrics);
    const deadLetters = new DeadLetters(js, metrics);
    const log = opts.logger ?? jsonLogger({ node: nodeId }, (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.VTOX_LOG as "info" ?? "info");
    const ingress = (opts.ingress ?? owned.length > 0) ? startIngress(nc, client, deadLetters, metrics, log) : undefined;

    let sup: Supervisor | undefined;
    const statePublisher = owned.length ? new JetStreamPublisher(nc, 10_000) : undefined;
    const children = new Map<number, ShardChild>();
    const asks = owned.length
      ? new AskServer(nc, nodeId, metrics, deadLetters, log, (shard) => {
        const owner = children.get(shard)?.owner;
        return owner?.running ? owner : undefined;
      })
      : undefined;
    if (owned.length) {
      const deps: ShardOwnerDeps = {
        nc, js, jsm: topology.jsm, store: new StateStore(topology.state, statePublisher!), leases, reminders: new ReminderStore(topology.reminders),
        deadLetters, metrics, kinds, inputs, nodeId, shards, log, asks: asks!,
        sendTell: async (address, data, msgID) => void (await client.sendEncoded(address, data, msgID)),
        maxInflight: opts.maxInflightPerShard ?? 1024,
        batchMax: opts.batchMax ?? 512,
        idleMs: opts.idleMs ?? 300_000,
        leaseTtlMs: opts.leaseTtlMs ?? 10_000,
        maxRetries: opts.maxRetries ?? 3,
        ackWaitMs: opts.ackWaitMs ?? 30_000,
      };
      sup = await Supervisor.start(`node-${nodeId}`, {
        strategy: "one_for_one",
        // A server failover makes every shard fail a few times within seconds; that is not a reason to give up.
        maxRestarts: Math.max(50, owned.length * 10),
        periodMs: 60_000,
        backoff: { initialMs: 100, maxMs: 5_000, jitter: 0.2 },
        ...(opts.onSupervisorEvent ? { onEvent: opts.onSupervisorEvent } : {}),
      }, owned.map((shard) => ({
        id: `shard-${shard}`,
        restart: "permanent" as const,
        shutdownMs: 30_000,
        start: () => {
          const child = new ShardChild(deps, shard);
          children.set(shard, child);
          return child;
        },
      })));
    }
    asks?.listen();
    return new ActorSystem(nc, nodeId, shards, client, topology, sup, ingress, metrics, children, statePublisher, asks);
  }

  /** Partitioned-input messages stored for this node's running shard owners and not yet applied (see ShardOwner.inputBacklog). */
  get inputBacklog(): number {
    let n = 0;
    for (const c of this.#children.values()) if (c.owner?.running) n += c.owner.inputBacklog;
    return n;
  }

  /** Shards this node owns right now (lease held and consuming). */
  ownedShards(): number[] {
    return [...this.#children].filter(([, c]) => c.owner?.running).map(([s]) => s).sort((a, b) => a - b);
  }

  /** Waits until every configured shard is owned (or the timeout elapses; then rejects). */
  async ready(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const want = this.#children.size;
    while (this.ownedShards().length < want) {
      if (Date.now() > deadline) throw new ConfigError(`node ${this.nodeId} owns ${this.ownedShards().length}/${want} shards after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * Waits until every configured shard is either owned here or known to be held by another live
   * node (this node then waits as a standby and takes it when that lease expires).
   */
  async settled(timeoutMs = 30_000): Promise<{ owned: number[]; waiting: number[] }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const owned = this.ownedShards();
      const waiting = [...this.#children].filter(([, c]) => c.waiting).map(([s]) => s).sort((a, b) => a - b);
      if (owned.length + waiting.length >= this.#children.size) return { owned, waiting };
      if (Date.now() > deadline) throw new ConfigError(`node ${this.nodeId}: ${owned.length} shards owned, ${waiting.length} waiting, of ${this.#children.size}, after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Number of activated actors on this node. */
  get activeActors(): number {
    let n = 0;
    for (const c of this.#children.values()) n += c.owner?.activeActors ?? 0;
    return n;
  }

  /** The supervisor of this node's shards (rejects `done` when restart intensity is exceeded). */
  get supervisor(): Supervisor | undefined {
    return this.#supervisor;
  }

  /** A reference to an actor. */
  ref<Reply = unknown>(kind: string, id: string): ActorRef<Reply> {
    return this.client.ref<Reply>(kind, id);
  }

  /** Durable tell to `kind/id`. */
  tell(kind: string, id: string, type: string, body?: unknown, opts?: TellOptions): Promise<number> {
    return this.client.tell(ActorAddress.of(kind, id), type, body, opts);
  }

  /** Ask `kind/id`. */
  ask<R = unknown>(kind: string, id: string, type: string, body?: unknown, opts?: AskOptions): Promise<R> {
    return this.client.ask<R>(ActorAddress.of(kind, id), type, body, opts);
  }

  /** Graceful shutdown: stop ingress, stop every shard (drain, snapshot, ack, release lease), close the client. */
  async shutdown(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#ingress?.unsubscribe();
    await this.#supervisor?.stop("shutdown");
    this.#asks?.close();
    this.#statePublisher?.close();
    this.client.close();
    await this.#nc.flush().catch(() => {});
  }
}
