/**
 * The owner of one shard on this node: holds the shard's lease, consumes its mailbox through a
 * durable pull consumer, serves asks for its actors over core NATS, and applies both in one serial
 * order per actor (actors of the shard run in parallel). Each batch is applied, its effects
 * (outgoing tells, publishes) are flushed, the touched actors' snapshots are CAS-written, and only
 * then is the batch acknowledged (ack-all up to its last sequence): a crash anywhere replays
 * messages whose sequence is above the snapshot's, so each message's effect on state is exactly once.
 *
 * A ShardOwner is a supervisor child: `done` resolves on a normal stop and rejects when it
 * crashes (e.g. {@link FencedError} when the server rejected one of its writes).
 * @module
 */
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from "@nats-io/jetstream";
import { headers as natsHeaders, type NatsConnection, type Subscription } from "@nats-io/nats-core";
import { ActorAddress } from "./address.ts";
import {
  Activation, alreadyApplied, markApplied, ReceiveContext, toActorMessage, type OutgoingPublish, type OutgoingTell, type ReminderChange, type TimerChange, type WorkItem,
} from "./activation.ts";
import type { AskHandler, AskServer } from "./ask_server.ts";
import { decodeEnvelope, encodeEnvelope, newEnvelope, ownedCopy, type Envelope } from "./codec.ts";
import type { DeadLetters } from "./dead_letters.ts";
import { DeliveryGapCheck } from "./delivery_gap.ts";
import { BackpressureError, CodecError, FencedError, RuntimeError, UnavailableError, UnknownKindError } from "./errors.ts";
import type { ActorKind, ActorLogger } from "./kind.ts";
import type { RuntimeMetrics } from "./metrics.ts";
import { partitionsOfShard, preparePartitionConsumers, type PartitionedInput } from "./partitioned_input.ts";
import { nextDue, ReminderStore, type ReminderRecord } from "./reminders.ts";
import { type HeldLease, ShardLeases } from "./shard_lease.ts";
import { StaleRevisionError, StateStore } from "./state_store.ts";
import { askSubject, consumerName, MAILBOX_STREAM, shardFilter } from "./topology.ts";

/**
 * Lifetime of a consumer's pull requests, ms. A pull sent while a stream's consumer leader moves
 * (a server failure) is lost; the client notices by two missed heartbeats (half this each) and
 * pulls again, so this bounds how long a shard stalls after a failover (nats.js default 30 s,
 * i.e. a 30 s stall). Idle, it costs one pull per consumer per period.
 */
const PULL_EXPIRES_MS = 5_000;

/** Everything a shard owner needs from its node. */
export interface ShardOwnerDeps {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  store: StateStore;
  leases: ShardLeases;
  reminders: ReminderStore;
  deadLetters: DeadLetters;
  metrics: RuntimeMetrics;
  kinds: ReadonlyMap<string, ActorKind<unknown>>;
  /** Streams whose partitions this owner consumes for its actors (see partitioned_input.ts). */
  inputs: readonly PartitionedInput[];
  nodeId: string;
  shards: number;
  log: ActorLogger;
  /** The node's ask server: decodes ask frames for this owner and coalesces its replies. */
  asks: AskServer;
  /** Publishes an encoded durable tell (used for actor-to-actor tells and reminder firings). */
  sendTell(address: ActorAddress, data: Uint8Array, msgID: string): Promise<void>;
  /** Tuning. */
  maxInflight: number;
  batchMax: number;
  idleMs: number;
  leaseTtlMs: number;
  maxRetries: number;
  ackWaitMs: number;
}

/** Owns one shard until stopped or fenced. */
export class ShardOwner implements AskHandler {
  readonly shard: number;
  readonly done: Promise<void>;
  readonly #d: ShardOwnerDeps;
  readonly #acts = new Map<string, Activation>();
  #queue: WorkItem[] = [];
  /** An emptied batch array kept to be the next queue (see {@link ShardOwner.#kick}). */
  #spareQueue: WorkItem[] | undefined;
  #drainRun: Promise<void> | undefined;
  /** True while #kick processes synchronously (guards against re-entry from user code). */
  #draining = false;
  #lease: HeldLease;
  #messages: ConsumerMessages | undefined;
  /** This owner's consumers of its partitions of each input. */
  readonly #inputMessages: { input: PartitionedInput; partition: number; messages: ConsumerMessages; pending: number }[] = [];
  #askSub: Subscription | undefined;
  #renewTimer: ReturnType<typeof setInterval> | undefined;
  #sweepTimer: ReturnType<typeof setInterval> | undefined;
  readonly #reminderTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The reminder record each scheduled timer fires; a firing whose record was replaced or cancelled meanwhile writes nothing. */
  readonly #reminderRecs = new Map<string, ReminderRecord>();
  /** The batch being applied: its asks are answered with an error if the owner dies before replying. */
  #inflight: WorkItem[] | undefined;
  #state: "running" | "stopping" | "stopped" = "running";
  #renewing = false;
  #resolve!: () => void;
  #reject!: (err: Error) => void;
  #consumerLoop: Promise<void> | undefined;
  #spareFx: BatchEffects | undefined;

  private constructor(deps: ShardOwnerDeps, shard: number, lease: HeldLease) {
    this.#d = deps;
    this.shard = shard;
    this.#lease = lease;
    this.done = new Promise<void>((res, rej) => {
      this.#resolve = res;
      this.#reject = rej;
    });
    // A crash is reported through `done`; avoid an unhandled rejection when nobody watches it.
    this.done.catch(() => {});
  }

  /** Number of activated actors. */
  get activeActors(): number {
    return this.#acts.size;
  }

  /**
   * Input messages stored for this owner's partitions and not yet applied, approximately: those not
   * yet delivered as the server reported with the last delivery of each partition (no API request;
   * it lags while a partition waits at max_ack_pending) plus those delivered and queued or in the
   * batch being applied (until that batch is acknowledged; redeliveries count again).
   */
  get inputBacklog(): number {
    let n = 0;
    for (const i of this.#inputMessages) n += i.pending;
    for (const item of this.#queue) if (item.t === "input") n++;
    if (this.#inflight) for (const item of this.#inflight) if (item.t === "input") n++;
    return n;
  }

  /** True while the owner runs. */
  get running(): boolean {
    return this.#state === "running";
  }

  /** The lease epoch this owner holds. */
  get epoch(): number {
    return this.#lease.epoch;
  }

  /**
   * Takes the shard: waits (polling) until its lease is free, expired or ours, then starts
   * consuming. `signal` aborts the wait.
   */
  static async start(
    deps: ShardOwnerDeps, shard: number, opts: { signal?: AbortSignal; force?: boolean; onWaiting?: () => void } = {},
  ): Promise<ShardOwner> {
    let lease: HeldLease | undefined;
    for (let attempt = 0; ; attempt++) {
      lease = await deps.leases.tryAcquire(shard, deps.nodeId, opts.force);
      if (lease) break;
      if (attempt === 0) opts.onWaiting?.();
      if (opts.signal?.aborted) throw new RuntimeError("SYSTEM_STOPPED", `stopped waiting for the lease of shard ${shard}`);
      await new Promise((r) => setTimeout(r, Math.max(100, deps.leaseTtlMs / 4)));
    }
    const owner = new ShardOwner(deps, shard, lease);
    try {
      await owner.#begin();
    } catch (err) {
      await owner.#teardown(false);
      throw err;
    }
    return owner;
  }

  async #begin(): Promise<void> {
    const d = this.#d;
    const name = await this.#prepareConsumer();
    const consumer = await d.js.consumers.get(MAILBOX_STREAM, name);
    this.#messages = await consumer.consume({ max_messages: Math.min(d.batchMax, d.maxInflight), expires: PULL_EXPIRES_MS });
    const messages = this.#messages;
    this.#consumerLoop = (async () => {
      const gaps = new DeliveryGapCheck(`shard ${this.shard}'s mailbox consumer`);
      for await (const m of messages) {
        gaps.next(m.info.deliverySequence);
        this.#onStored(m);
      }
      // The iterator ended without an error while we still hold the lease: we would keep renewing
      // it while consuming nothing (a zombie owner). Crash so the supervisor starts a fresh owner.
      if (this.#state === "running") {
        throw new UnavailableError(`shard ${this.shard}: the mailbox consumer stopped delivering while the owner was running`);
      }
    })().catch((err) => this.#crash(err));
    this.#renewTimer = setInterval(() => void this.#renew(), Math.max(50, d.leaseTtlMs / 3));
    for (const input of d.inputs) {
      // Sequences are per stream incarnation: a recreated stream starts again at 1, so the applied
      // sequences an actor's snapshot keeps are keyed by the stream's creation time too.
      const streamKey = `${input.stream}@${(await d.jsm.streams.info(input.stream)).created}`;
      const partitions = partitionsOfShard(input, this.shard, d.shards);
      const names = await preparePartitionConsumers(d.jsm, input, partitions, this.#lease.epoch, { maxAckPending: d.maxInflight, ackWaitMs: d.ackWaitMs });
      const consumers = await Promise.all(partitions.map((p) => d.js.consumers.get(input.stream, names.get(p)!)));
      for (const [k, partition] of partitions.entries()) {
        const c = consumers[k]!;
        // A deleted consumer (e.g. by the shard's next owner) ends the iterator with an error instead
        // of waiting for it forever: this owner crashes and its supervisor starts a fresh one.
        const inputMessages = await c.consume({ max_messages: Math.min(d.batchMax, d.maxInflight), expires: PULL_EXPIRES_MS, abort_on_missing_resource: true });
        const entry = { input, partition, messages: inputMessages, pending: 0 };
        this.#inputMessages.push(entry);
        void (async () => {
          const gaps = new DeliveryGapCheck(`shard ${this.shard}'s consumer of ${input.stream} partition ${partition}`);
          for await (const m of inputMessages) {
            gaps.next(m.info.deliverySequence);
            entry.pending = m.info.pending;
            this.#onInput(m, input, streamKey, partition);
          }
          if (this.#state === "running") {
            throw new UnavailableError(`shard ${this.shard}: the consumer of ${input.stream} partition ${partition} stopped delivering while the owner was running`);
          }
        })().catch((err) => this.#crash(err));
      }
    }
    this.#askSub = d.nc.subscribe(askSubject(this.shard), { callback: (_e, m) => d.asks.onMessage(m, this) });
    const sweepMs = Math.min(5_000, Math.max(25, d.idleMs / 2));
    this.#sweepTimer = setInterval(() => this.#passivateIdle(), sweepMs);
    for (const rec of await d.reminders.list(this.shard)) this.#scheduleReminder(rec);
  }

  /**
   * Creates this epoch's durable consumer starting after the highest ack floor of earlier epochs'
   * consumers, then deletes those. (A fresh consumer per epoch means messages a dead owner held
   * unacknowledged are redelivered at once instead of after ack_wait.)
   */
  async #prepareConsumer(): Promise<string> {
    const d = this.#d;
    const prefix = `shard-${this.shard}-e`;
    const old: string[] = [];
    let start = 1;
    for await (const ci of d.jsm.consumers.list(MAILBOX_STREAM)) {
      if (!ci.name.startsWith(prefix)) continue;
      old.push(ci.name);
      start = Math.max(start, ci.ack_floor.stream_seq + 1, ci.config.opt_start_seq ?? 1);
    }
    const name = consumerName(this.shard, this.#lease.epoch);
    await d.jsm.consumers.add(MAILBOX_STREAM, {
      durable_name: name,
      filter_subject: shardFilter(this.shard),
      ack_policy: AckPolicy.All,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: start,
      max_ack_pending: d.maxInflight,
      ack_wait: d.ackWaitMs * 1_000_000,
    });
    for (const o of old) if (o !== name) await d.jsm.consumers.delete(MAILBOX_STREAM, o).catch(() => {});
    return name;
  }

  /** Takes a message from the mailbox consumer (also the test seam for the consumer's behaviour). */
  #onStored(m: JsMsg): void {
    if (this.#state !== "running") return;
    const ack = () => m.ack();
    const storedAtMs = () => Math.floor(m.info.timestampNanos / 1e6);
    const parts = m.subject.split(".");
    let env: Envelope;
    let key: string;
    try {
      if (parts.length !== 5) throw new RuntimeError("INVALID_ADDRESS", `mailbox subject must be vtox.mbox.<shard>.<kind>.<id>, got ${m.subject}`);
      key = ActorAddress.of(parts[3]!, parts[4]!).key;
      if (!this.#d.kinds.has(parts[3]!)) throw new UnknownKindError(parts[3]!, [...this.#d.kinds.keys()]);
      env = decodeEnvelope(m.data);
    } catch (err) {
      this.#d.metrics.inc("malformed");
      this.#queue.push({ t: "tell", key: "", env: badEnvelope(err as Error, m.data), seq: m.seq, ack, storedAtMs });
      this.#kick();
      return;
    }
    this.#queue.push({ t: "tell", key, env, seq: m.seq, ack, storedAtMs });
    this.#kick();
  }

  /**
   * Takes a message of a partitioned input: the actor id is the subject's last token, the body the
   * stored bytes (decoded by the kind). A subject that names no valid actor is dead-lettered.
   */
  #onInput(m: JsMsg, input: PartitionedInput, streamKey: string, partition: number): void {
    if (this.#state !== "running") return;
    const ack = () => m.ack();
    const storedAtMs = () => Math.floor(m.info.timestampNanos / 1e6);
    const id = m.subject.slice(m.subject.lastIndexOf(".") + 1);
    let key: string;
    let env: Envelope;
    try {
      key = ActorAddress.of(input.kind, id).key;
      env = { v: 1, type: input.type, id: `${input.stream}.${m.seq}`, ts: storedAtMs(), headers: {}, body: m.data };
    } catch (err) {
      this.#d.metrics.inc("malformed");
      this.#queue.push({ t: "input", key: "", env: badEnvelope(err as Error, m.data, m.subject), stream: streamKey, seq: m.seq, partition, ack, storedAtMs });
      this.#kick();
      return;
    }
    this.#queue.push({ t: "input", key, env, stream: streamKey, seq: m.seq, partition, ack, storedAtMs });
    this.#kick();
  }

  /**
   * Takes a decoded ask (from the node's {@link AskServer}): validates its target, applies the
   * queue bound, and queues it in this shard's serial order. Answers through the ask server.
   */
  takeAsk(env: Envelope, reply: string, corr: number, raw: Uint8Array, subject: string): void {
    const d = this.#d;
    if (this.#state !== "running") return d.asks.replyError(reply, corr, "FENCED", `shard ${this.shard} is not served here any more; retry`);
    const to = env.to;
    // An active actor's key was validated when it was activated.
    if (to === undefined || !this.#acts.has(to)) {
      try {
        if (!to) throw new RuntimeError("INVALID_ADDRESS", "ask envelope has no target (to)");
        const addr = ActorAddress.parse(to);
        if (!d.kinds.has(addr.kind)) throw new UnknownKindError(addr.kind, [...d.kinds.keys()]);
        if (addr.shardOf(d.shards) !== this.shard) throw new RuntimeError("INVALID_ADDRESS", `${to} is not in shard ${this.shard}`);
      } catch (err) {
        return d.asks.reject(subject, reply, corr, err as RuntimeError, raw);
      }
    }
    if (this.#queue.length >= d.maxInflight) {
      d.metrics.inc("backpressure_rejections");
      const e = new BackpressureError(`shard ${this.shard} has ${this.#queue.length} queued messages (limit ${d.maxInflight}); retry later`);
      return d.asks.replyError(reply, corr, e.code, e.message);
    }
    this.#queue.push({ t: "ask", key: to!, env, reply, corr });
    this.#kick();
  }

  #kick(): void {
    if (this.#drainRun || this.#draining) return;
    // Process synchronously while batches complete synchronously (no promise per message);
    // switch to the async drain at the first batch that has to wait (KV, JetStream, async receive).
    this.#draining = true;
    try {
      while (this.#queue.length && this.#state !== "stopped") {
        // A queue that fits in one batch becomes the batch (no splice copy per ask); once the batch
        // finished synchronously nothing refers to it any more and it is the next empty queue.
        let batch: WorkItem[];
        if (this.#queue.length <= this.#d.batchMax) {
          batch = this.#queue;
          this.#queue = this.#spareQueue ?? [];
          this.#spareQueue = undefined;
        } else batch = this.#queue.splice(0, this.#d.batchMax);
        const pending = this.#processBatch(batch);
        if (!pending) {
          batch.length = 0;
          this.#spareQueue = batch;
        }
        if (pending) {
          this.#drainRun = pending.then(() => this.#drain(), (err) => this.#crash(err as Error)).finally(() => {
            this.#drainRun = undefined;
            if (this.#queue.length && this.#state !== "stopped") this.#kick();
          });
          return;
        }
      }
    } catch (err) {
      this.#crash(err as Error);
    } finally {
      this.#draining = false;
    }
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length && this.#state !== "stopped") {
        const batch = this.#queue.splice(0, this.#d.batchMax);
        const pending = this.#processBatch(batch);
        if (pending) await pending;
      }
    } catch (err) {
      this.#crash(err as Error);
    }
  }

  /**
   * Applies a batch, then flushes its effects, snapshots the touched actors and acks. Returns
   * undefined (no promise) when everything completed synchronously, which is the common case for
   * a read-only ask to an active actor.
   */
  #processBatch(batch: WorkItem[]): Promise<void> | undefined {
    this.#inflight = batch;
    const first = batch[0]!;
    if (batch.length === 1 && first.key !== "") {
      // Fast path: one item for one actor, no grouping.
      const act = this.#acts.get(first.key);
      if (act) {
        // The effect lists of a batch that finished synchronously are empty again: reuse them.
        const fx = this.#spareFx ?? newEffects();
        this.#spareFx = undefined;
        const pending = this.#apply(act, first, fx);
        act.lastUsed = Date.now();
        const ack = first.t === "tell" || first.t === "input" ? first.ack : undefined;
        if (pending) return pending.then(() => this.#finishBatch(fx, [act], ack)).then(() => this.#landed(batch));
        const done = this.#finishBatch(fx, [act], ack);
        if (!done) {
          this.#spareFx = fx;
          this.#inflight = undefined;
          return undefined;
        }
        return done.then(() => this.#landed(batch));
      }
    }
    return this.#processGrouped(batch, newEffects()).then(() => this.#landed(batch));
  }

  /** A batch was fully finished (acked, replied): nothing of it is left to answer on a crash. */
  #landed(batch: WorkItem[]): void {
    if (this.#inflight === batch) this.#inflight = undefined;
  }

  async #processGrouped(batch: WorkItem[], fx: BatchEffects): Promise<void> {
    const d = this.#d;
    const groups = new Map<string, WorkItem[]>();
    // Ack policy "all": the highest sequence of the mailbox and of each input partition in the batch
    // acknowledges the rest (not the last in batch order: a redelivery may follow a newer message).
    let lastAck: (() => void) | undefined;
    let lastSeq = 0;
    let inputAcks: Map<number, { seq: number; ack: () => void }> | undefined;
    for (const item of batch) {
      if (item.t === "tell" && item.seq > lastSeq) {
        lastAck = item.ack;
        lastSeq = item.seq;
      } else if (item.t === "input") {
        const top = (inputAcks ??= new Map()).get(item.partition);
        if (!top || item.seq > top.seq) inputAcks.set(item.partition, { seq: item.seq, ack: item.ack });
      }
      if (item.key === "") {
        const bad = item.env.body as BadBody;
        fx.dead.push(d.deadLetters.send(bad.raw, {
          origin: item.t === "input" ? "input" : "mailbox", code: bad.code, reason: bad.reason, subject: bad.subject ?? `vtox.mbox.${this.shard}`,
          ...(item.t === "tell" ? { seq: item.seq } : item.t === "input" ? { seq: item.seq, stream: item.stream } : {}),
        }));
        continue;
      }
      let g = groups.get(item.key);
      if (!g) groups.set(item.key, (g = []));
      g.push(item);
    }
    const touched: Activation[] = [];
    const runGroup = async (key: string, items: WorkItem[]): Promise<void> => {
      const act = this.#acts.get(key) ?? (await this.#activate(key));
      touched.push(act);
      for (const item of items) {
        const pending = this.#apply(act, item, fx);
        if (pending) await pending;
      }
      act.lastUsed = Date.now();
    };
    if (groups.size === 1) {
      const [[key, items]] = groups;
      await runGroup(key!, items!);
    } else if (groups.size > 1) {
      await Promise.all([...groups].map(([key, items]) => runGroup(key, items)));
    }
    if (inputAcks) {
      const acks = [...inputAcks.values()].map((a) => a.ack);
      if (lastAck) acks.push(lastAck);
      lastAck = () => {
        for (const a of acks) a();
      };
    }
    await this.#finishBatch(fx, touched, lastAck);
  }

  /** Effects first (idempotent msgIDs), then snapshots, then the ack: a crash anywhere replays safely. */
  #finishBatch(fx: BatchEffects, touched: Activation[], lastAck: (() => void) | undefined): Promise<void> | undefined {
    const dirty = touched.filter((a) => a.dirty);
    if (!fx.tells.length && !fx.dead.length && !dirty.length && !fx.reminders.length) {
      this.#publishAll(fx.publishes);
      lastAck?.();
      for (const r of fx.replies) this.#d.asks.reply(r.reply, r.corr, r.ok, r.body);
      fx.publishes.length = 0;
      fx.replies.length = 0;
      return undefined;
    }
    return this.#finishDurably(fx, dirty, lastAck);
  }

  /**
   * Snapshot values are encoded first (a state that cannot be encoded dead-letters the message
   * that made it so, with its effects, before anything leaves); then tells and dead letters,
   * publishes, reminder records (KV writes idempotent by key, so a replay re-applies them), the
   * snapshots, the ack, the replies, and last the in-memory reminder timers. A crash anywhere
   * before the ack replays the batch; after the ack nothing durable is left to do.
   */
  async #finishDurably(fx: BatchEffects, dirty: Activation[], lastAck: (() => void) | undefined): Promise<void> {
    const d = this.#d;
    const values = dirty.length ? await this.#encodeSnapshots(dirty, fx) : [];
    if (fx.tells.length || fx.dead.length) {
      await Promise.all([
        ...fx.tells.map((t) => d.sendTell(t.address, t.data, t.msgID)),
        ...fx.dead,
      ]);
    }
    this.#publishAll(fx.publishes);
    for (const r of fx.reminders) await this.#persistReminder(r);
    if (dirty.length) await Promise.all(dirty.map((a, i) => this.#snapshot(a, values[i]!)));
    lastAck?.();
    for (const r of fx.replies) d.asks.reply(r.reply, r.corr, r.ok, r.body);
    for (const r of fx.reminders) if (r.rec) this.#scheduleReminder(r.rec);
  }

  #publishAll(publishes: OutgoingPublish[]): void {
    for (const p of publishes) {
      if (!p.headers) {
        this.#d.nc.publish(p.subject, p.data);
        continue;
      }
      const h = natsHeaders();
      for (const [k, v] of Object.entries(p.headers)) h.set(k, v);
      this.#d.nc.publish(p.subject, p.data, { headers: h });
    }
    publishes.length = 0;
  }

  /** Encodes each dirty actor's snapshot; an actor whose state cannot be encoded is repaired first. */
  async #encodeSnapshots(dirty: Activation[], fx: BatchEffects): Promise<Uint8Array[]> {
    const store = this.#d.store;
    const out: Uint8Array[] = [];
    for (const act of dirty) {
      try {
        out.push(store.encode(act.key, act.state, act.seq, act.inputSeqs));
      } catch (err) {
        if (!(err instanceof CodecError)) throw err;
        await this.#dropUnencodable(act, fx, err);
        // The state is now the stored snapshot plus steps that each encoded: this cannot fail
        // unless receive is not deterministic, and then crashing (and replaying) is right.
        out.push(store.encode(act.key, act.state, act.seq, act.inputSeqs));
      }
    }
    return out;
  }

  /**
   * The actor's state cannot be encoded: restore it from its snapshot and replay what it applied
   * since (effects muted), checking after each message that the state still encodes. A message
   * after which it does not is dead-lettered (ACTOR_FAILED) with its effects dropped and an error
   * reply for an ask; the state goes on from before it.
   */
  async #dropUnencodable(act: Activation, fx: BatchEffects, first: CodecError): Promise<void> {
    const d = this.#d;
    d.log.warn("actor state cannot be encoded; dead-lettering the message that made it so", { actor: act.key, error: first.message });
    d.metrics.inc("actor_restarts");
    const seqBefore = act.seq;
    const inputSeqsBefore = act.inputSeqs;
    const snap = await d.store.load(act.key, () => act.kind.initialState(act.id));
    act.state = snap.state;
    act.seq = snap.seq;
    act.inputSeqs = snap.inputSeqs;
    act.revision = snap.revision;
    const kept: WorkItem[] = [];
    for (const item of act.uncommitted ?? []) {
      const ctx = new ReceiveContext(act, item, d.log);
      await act.kind.receive(ctx, toActorMessage(item));
      markApplied(act, item);
      let bad: CodecError | undefined;
      try {
        d.store.encode(act.key, ctx.state, act.seq, act.inputSeqs);
      } catch (err) {
        if (!(err instanceof CodecError)) throw err;
        bad = err;
      }
      if (!bad) {
        act.state = ctx.state;
        kept.push(item);
        continue;
      }
      const reason = `${act.key}: the state after ${item.env.type} (${item.env.id}) cannot be snapshotted: ${bad.message}`;
      fx.dead.push(this.#deadLetterReceived(act, item, "ACTOR_FAILED", reason));
      dropEffectsOf(fx, item, reason);
    }
    // Dead-lettered items count as applied too: they must not be applied on a replay.
    act.seq = Math.max(act.seq, seqBefore);
    act.inputSeqs = inputSeqsBefore;
    act.uncommitted = kept;
    act.dirty = true;
  }

  async #activate(key: string): Promise<Activation> {
    const dot = key.indexOf(".");
    const kind = this.#d.kinds.get(key.slice(0, dot))!;
    const id = key.slice(dot + 1);
    const snap = await this.#d.store.load(key, () => kind.initialState(id));
    // Another activation may have raced in while we awaited the load.
    const existing = this.#acts.get(key);
    if (existing) return existing;
    const act = new Activation(key, id, kind, snap.state, snap.seq, snap.revision, snap.inputSeqs);
    this.#acts.set(key, act);
    this.#d.metrics.inc("activations");
    return act;
  }

  /** Applies one item. Stays synchronous when `receive` is (the common case), else returns a promise. */
  #apply(act: Activation, item: WorkItem, fx: BatchEffects): void | Promise<void> {
    if (alreadyApplied(act, item)) {
      this.#d.metrics.inc("duplicates_skipped");
      return;
    }
    const ctx = new ReceiveContext(act, item, this.#d.log);
    let result: void | Promise<void>;
    try {
      result = act.kind.receive(ctx, toActorMessage(item));
    } catch (err) {
      return this.#retryAfterFailure(act, item, fx, err, 1);
    }
    if (result && typeof (result as Promise<void>).then === "function") {
      return (result as Promise<void>).then(
        () => this.#applied(act, item, ctx, fx),
        (err) => this.#retryAfterFailure(act, item, fx, err, 1),
      );
    }
    this.#applied(act, item, ctx, fx);
  }

  /** `receive` threw: restart the actor from its snapshot and retry, up to the limit; then dead-letter. */
  async #retryAfterFailure(act: Activation, item: WorkItem, fx: BatchEffects, firstErr: unknown, failures: number): Promise<void> {
    const d = this.#d;
    let err = firstErr;
    // An error that says the message itself is invalid (`retryable: false`) would fail again; it
    // is dead-lettered with its own code.
    const invalid = firstErr as { retryable?: unknown; code?: unknown } | null;
    const rejected = invalid?.retryable === false;
    if (rejected) failures = Math.max(failures, d.maxRetries);
    for (;;) {
      d.metrics.inc("actor_restarts");
      await this.#restart(act);
      if (failures >= d.maxRetries) break;
      const ctx = new ReceiveContext(act, item, d.log);
      try {
        await act.kind.receive(ctx, toActorMessage(item));
        this.#applied(act, item, ctx, fx);
        return;
      } catch (e) {
        err = e;
        failures++;
      }
    }
    const what = rejected ? "rejected" : `failed ${failures} times on`;
    const reason = `${act.key} ${what} ${item.env.type} (${item.env.id}): ${(err as Error)?.message ?? String(err)}`;
    // The item never reaches `uncommitted`: a later repair replay must not re-apply it.
    d.log.warn("message dead-lettered after repeated actor failure", { actor: act.key, error: reason });
    fx.dead.push(this.#deadLetterReceived(act, item, rejected && typeof invalid.code === "string" ? invalid.code : "ACTOR_FAILED", reason));
    if (item.t === "ask") fx.replies.push({ reply: item.reply, corr: item.corr, ok: false, body: { code: "ACTOR_FAILED", message: reason } });
    if (item.t === "tell" || item.t === "input") {
      markApplied(act, item);
      act.dirty = true;
    }
  }

  /**
   * Dead-letters an item `receive` could not take (origin `receive`): an input as it was stored
   * (the raw payload), a mailbox message as its envelope; a durable one with its stream sequence,
   * so a replay dead-letters it only once.
   */
  #deadLetterReceived(act: Activation, item: WorkItem, code: string, reason: string): Promise<void> {
    return this.#d.deadLetters.send(item.t === "input" ? item.env.body as Uint8Array : encodeEnvelope(item.env), {
      origin: "receive", code, reason, subject: `vtox.actor.${act.kind.kind}.${act.id}`, actor: act.key,
      ...(item.t === "tell" ? { seq: item.seq } : item.t === "input" ? { seq: item.seq, stream: item.stream } : {}),
    });
  }

  /** Takes a successful `receive`'s state and effects into the activation and the batch. */
  #applied(act: Activation, item: WorkItem, ctx: ReceiveContext, fx: BatchEffects): void {
    const d = this.#d;
    act.state = ctx.state;
    if (ctx.dirty || item.t === "tell" || item.t === "input") {
      act.dirty = true;
      (act.uncommitted ??= []).push(item);
    }
    markApplied(act, item);
    d.metrics.inc(item.t === "ask" ? "asks_served" : "messages_applied");
    if (ctx.tells) for (const t of ctx.tells) {
      t.src = item;
      fx.tells.push(t);
    }
    if (ctx.publishes) for (const p of ctx.publishes) {
      p.src = item;
      fx.publishes.push(p);
    }
    if (ctx.reminders) for (const r of ctx.reminders) fx.reminders.push({ act, change: r, src: item });
    if (ctx.timers) for (const t of ctx.timers) this.#applyTimer(act, t);
    if (item.t === "ask") {
      const body = ctx.replied ? ctx.replyBody : null;
      // A reply that reveals no new state and caused no effects need not wait for the snapshot.
      if (!ctx.dirty && !ctx.tells && !ctx.reminders) d.asks.reply(item.reply, item.corr, true, body);
      else fx.replies.push({ reply: item.reply, corr: item.corr, ok: true, body });
    }
  }

  /**
   * Restarts an actor from its last snapshot and replays what it applied since (effects muted).
   * Items dead-lettered since the snapshot are not in `uncommitted`; their sequences stay marked.
   */
  async #restart(act: Activation): Promise<void> {
    const seqBefore = act.seq;
    const inputSeqsBefore = act.inputSeqs;
    const snap = await this.#d.store.load(act.key, () => act.kind.initialState(act.id));
    act.state = snap.state;
    act.seq = snap.seq;
    act.inputSeqs = snap.inputSeqs;
    act.revision = snap.revision;
    const replay = act.uncommitted ?? [];
    for (const item of replay) {
      const ctx = new ReceiveContext(act, item, this.#d.log);
      await act.kind.receive(ctx, toActorMessage(item));
      act.state = ctx.state;
      markApplied(act, item);
    }
    act.seq = Math.max(act.seq, seqBefore);
    act.inputSeqs = inputSeqsBefore;
  }

  async #snapshot(act: Activation, value: Uint8Array): Promise<void> {
    try {
      // Unanswered writes (the state bucket's leader being elected after a server died) are retried
      // while the lease holds instead of crashing the owner: a crash here cost a cluster failover
      // about 10 s more (the owner's restart recreates its consumers on a JetStream still recovering).
      act.revision = await this.#d.store.writeEncoded(act.key, value, act.revision, { retryForMs: Math.max(0, this.#lease.expiresAt - Date.now()), running: () => this.#state === "running" });
      this.#d.metrics.inc("snapshots_written");
      act.dirty = false;
      act.uncommitted = undefined;
    } catch (err) {
      if (err instanceof StaleRevisionError) {
        this.#d.metrics.inc("fenced");
        throw new FencedError(this.shard, `shard ${this.shard}: the server rejected the snapshot of ${act.key} (${err.message}); this node is no longer its writer`, { cause: err });
      }
      throw err;
    }
  }

  #applyTimer(act: Activation, t: TimerChange): void {
    const timers = (act.timers ??= new Map());
    const prev = timers.get(t.name);
    if (prev) {
      clearTimeout(prev);
      clearInterval(prev);
      timers.delete(t.name);
    }
    if (t.op === "cancel") return;
    const fire = () => {
      if (this.#state !== "running") return;
      if (!t.repeat) timers.delete(t.name);
      this.#queue.push({ t: "timer", key: act.key, env: newEnvelope(t.type, t.body) });
      this.#kick();
    };
    timers.set(t.name, t.repeat ? setInterval(fire, Math.max(1, t.delayMs)) : setTimeout(fire, t.delayMs));
  }

  /**
   * Writes a reminder change to KV (before the batch's snapshot and ack; idempotent by key). The
   * old in-memory timer stops now so it cannot fire (or re-put) a record this change replaces;
   * the new one is scheduled after the ack ({@link #scheduleReminder}).
   */
  async #persistReminder(r: ReminderEffect): Promise<void> {
    const { act, change } = r;
    const key = ReminderStore.key(this.shard, act.key, change.name);
    this.#unscheduleReminder(key);
    if (change.op === "cancel") {
      r.rec = undefined;
      await this.#d.reminders.delete(this.shard, act.key, change.name);
      return;
    }
    // Due relative to when a durable message was stored (the server's timestamp), so a replay of
    // it writes the same record, and a firing it already caused has the same msgID (deduplicated).
    const base = r.src.t === "tell" ? r.src.storedAtMs() : Date.now();
    const rec: ReminderRecord = {
      actor: act.key, name: change.name, dueAt: base + change.schedule.dueInMs, type: change.type, body: change.body ?? null,
      ...(change.schedule.periodMs ? { periodMs: change.schedule.periodMs } : {}),
    };
    await this.#d.reminders.put(this.shard, rec);
    r.rec = rec;
  }

  #unscheduleReminder(key: string): void {
    const prev = this.#reminderTimers.get(key);
    if (prev) clearTimeout(prev);
    this.#reminderTimers.delete(key);
    this.#reminderRecs.delete(key);
  }

  #scheduleReminder(rec: ReminderRecord): void {
    if (this.#state !== "running") return;
    const key = ReminderStore.key(this.shard, rec.actor, rec.name);
    const prev = this.#reminderTimers.get(key);
    if (prev) clearTimeout(prev);
    this.#reminderRecs.set(key, rec);
    const delay = Math.max(0, Math.min(rec.dueAt - Date.now(), 2 ** 31 - 1));
    this.#reminderTimers.set(key, setTimeout(() => void this.#fireReminder(rec).catch((err) => {
      this.#d.log.error("reminder firing failed; retrying", { reminder: key, error: String(err) });
      if (this.#reminderRecs.get(key) === rec) this.#scheduleReminder({ ...rec, dueAt: Date.now() + 1_000 });
    }), delay));
  }

  async #fireReminder(rec: ReminderRecord): Promise<void> {
    if (this.#state !== "running") return;
    const d = this.#d;
    const [kind, id] = rec.actor.split(".") as [string, string];
    const msgID = `rem:${rec.actor}:${rec.name}:${rec.dueAt}`;
    const env = newEnvelope(rec.type, rec.body, { id: msgID, headers: { "vtox-reminder": rec.name } });
    await d.sendTell(ActorAddress.of(kind, id), encodeEnvelope(env), msgID);
    d.metrics.inc("reminders_fired");
    const key = ReminderStore.key(this.shard, rec.actor, rec.name);
    // Replaced or cancelled while the firing was sent: that change owns the record now.
    if (this.#reminderRecs.get(key) !== rec || this.#state !== "running") return;
    this.#reminderTimers.delete(key);
    this.#reminderRecs.delete(key);
    if (rec.periodMs) {
      const next = { ...rec, dueAt: nextDue(rec.dueAt, rec.periodMs, Date.now()) };
      await d.reminders.put(this.shard, next);
      this.#scheduleReminder(next);
    } else {
      await d.reminders.delete(this.shard, rec.actor, rec.name);
    }
  }

  #passivateIdle(): void {
    if (this.#drainRun || this.#state !== "running") return;
    const cutoff = Date.now() - this.#d.idleMs;
    for (const [key, act] of this.#acts) {
      if (act.lastUsed < cutoff && !act.dirty && !(act.timers && act.timers.size)) {
        this.#acts.delete(key);
        this.#d.metrics.inc("passivations");
      }
    }
  }

  async #renew(): Promise<void> {
    // One renewal at a time: two concurrent CAS writes at the same revision would fence ourselves.
    if (this.#state !== "running" || this.#renewing) return;
    this.#renewing = true;
    try {
      this.#lease = await this.#d.leases.renew(this.#lease);
    } catch (err) {
      if (err instanceof FencedError) {
        this.#d.metrics.inc("fenced");
        this.#crash(err);
      } else this.#d.log.warn("lease renewal failed; will retry", { shard: this.shard, error: String(err) });
    } finally {
      this.#renewing = false;
    }
  }

  #crash(err: Error): void {
    if (this.#state === "stopped") return;
    this.#d.log.error("shard owner crashed", { shard: this.shard, error: err.message });
    void this.#teardown(false).finally(() => this.#reject(err));
  }

  /** Graceful stop: stop taking messages, finish and snapshot what was taken, ack, release the lease. */
  async stop(_reason?: string): Promise<void> {
    if (this.#state !== "running") return await this.done.catch(() => {});
    this.#state = "stopping";
    this.#messages?.stop();
    for (const i of this.#inputMessages) i.messages.stop();
    this.#askSub?.unsubscribe();
    while (this.#drainRun) await this.#drainRun;
    if ((this.#state as string) === "stopped") return await this.done.catch(() => {});
    if (this.#queue.length) {
      this.#drainRun = this.#drain();
      await this.#drainRun;
    }
    await this.#teardown(true);
    this.#resolve();
  }

  async #teardown(release: boolean): Promise<void> {
    const wasStopped = this.#state === "stopped";
    this.#state = "stopped";
    if (wasStopped) return;
    this.#messages?.stop();
    for (const i of this.#inputMessages) i.messages.stop();
    this.#askSub?.unsubscribe();
    clearInterval(this.#renewTimer);
    clearInterval(this.#sweepTimer);
    for (const t of this.#reminderTimers.values()) clearTimeout(t);
    this.#reminderTimers.clear();
    this.#reminderRecs.clear();
    for (const act of this.#acts.values()) for (const t of act.timers?.values() ?? []) {
      clearTimeout(t);
      clearInterval(t);
    }
    this.#acts.clear();
    // Asks taken but not answered would wait out their timeout: tell their callers to retry at
    // the shard's next owner (FENCED makes the client re-route). Duplicate replies are ignored.
    const why = `shard ${this.shard} is no longer served by node ${this.#d.nodeId}; retry`;
    for (const item of [...(this.#inflight ?? []), ...this.#queue]) {
      if (item.t === "ask") this.#d.asks.replyError(item.reply, item.corr, "FENCED", why);
    }
    this.#inflight = undefined;
    this.#queue = [];
    if (release) await this.#d.leases.release(this.#lease).catch(() => {});
  }
}

/** A reminder change of a batch; `rec` is the record written (set) once persisted. */
interface ReminderEffect {
  act: Activation;
  change: ReminderChange;
  src: WorkItem;
  rec?: ReminderRecord | undefined;
}

interface BatchEffects {
  tells: OutgoingTell[];
  publishes: OutgoingPublish[];
  replies: { reply: string; corr: number; ok: boolean; body: unknown }[];
  dead: Promise<void>[];
  reminders: ReminderEffect[];
}

/** Removes the effects a dead-lettered item produced; its ask (if any) gets an error reply instead. */
function dropEffectsOf(fx: BatchEffects, item: WorkItem, reason: string): void {
  fx.tells = fx.tells.filter((t) => t.src !== item);
  fx.publishes = fx.publishes.filter((p) => p.src !== item);
  fx.reminders = fx.reminders.filter((r) => r.src !== item);
  if (item.t !== "ask") return;
  for (const r of fx.replies) {
    if (r.corr === item.corr && r.reply === item.reply) {
      r.ok = false;
      r.body = { code: "ACTOR_FAILED", message: reason };
    }
  }
}

function newEffects(): BatchEffects {
  return { tells: [], publishes: [], replies: [], dead: [], reminders: [] };
}

interface BadBody {
  raw: Uint8Array;
  code: string;
  reason: string;
  /** The stored subject, when it is not this shard's mailbox. */
  subject?: string;
}

/** A stand-in envelope for an undecodable stored message, so it keeps its place in the ack order. */
function badEnvelope(err: Error, raw: Uint8Array, subject?: string): Envelope {
  const body: BadBody = { raw: ownedCopy(raw), code: (err as RuntimeError).code ?? "INTERNAL", reason: err.message, ...(subject ? { subject } : {}) };
  return { v: 1, type: "bad", id: "", ts: Date.now(), headers: {}, body };
}
