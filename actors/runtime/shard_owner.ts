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
import type { NatsConnection, Subscription } from "@nats-io/nats-core";
import { ActorAddress } from "./address.ts";
import { Activation, ReceiveContext, toActorMessage, type OutgoingTell, type ReminderChange, type TimerChange, type WorkItem } from "./activation.ts";
import type { AskHandler, AskServer } from "./ask_server.ts";
import { decodeEnvelope, encodeEnvelope, encodeValue, newEnvelope, newMessageId, type Envelope } from "./codec.ts";
import type { DeadLetters } from "./dead_letters.ts";
import { BackpressureError, FencedError, RuntimeError, UnknownKindError } from "./errors.ts";
import type { ActorKind, ActorLogger } from "./kind.ts";
import type { RuntimeMetrics } from "./metrics.ts";
import { nextDue, ReminderStore, type ReminderRecord } from "./reminders.ts";
import { type HeldLease, ShardLeases } from "./shard_lease.ts";
import { StaleRevisionError, StateStore } from "./state_store.ts";
import { askSubject, consumerName, MAILBOX_STREAM, shardFilter } from "./topology.ts";

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
  nodeId: string;
  shards: number;
  log: ActorLogger;
  /** The node's ask server: decodes ask frames for this owner and coalesces its replies. */
  asks: AskServer;
  /** Publishes a durable tell (used for actor-to-actor tells and reminder firings). */
  sendTell(address: ActorAddress, env: Envelope, msgID: string): Promise<void>;
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
  #drainRun: Promise<void> | undefined;
  /** True while #kick processes synchronously (guards against re-entry from user code). */
  #draining = false;
  #lease: HeldLease;
  #messages: ConsumerMessages | undefined;
  #askSub: Subscription | undefined;
  #renewTimer: ReturnType<typeof setInterval> | undefined;
  #sweepTimer: ReturnType<typeof setInterval> | undefined;
  readonly #reminderTimers = new Map<string, ReturnType<typeof setTimeout>>();
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
    this.#messages = await consumer.consume({ max_messages: Math.min(d.batchMax, d.maxInflight) });
    const messages = this.#messages;
    this.#consumerLoop = (async () => {
      for await (const m of messages) this.#onStored(m);
    })().catch((err) => this.#crash(err));
    this.#askSub = d.nc.subscribe(askSubject(this.shard), { callback: (_e, m) => d.asks.onMessage(m, this) });
    this.#renewTimer = setInterval(() => void this.#renew(), Math.max(50, d.leaseTtlMs / 3));
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

  #onStored(m: JsMsg): void {
    if (this.#state !== "running") return;
    const ack = () => m.ack();
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
      this.#queue.push({ t: "tell", key: "", env: badEnvelope(err as Error, m.data), seq: m.seq, ack });
      this.#kick();
      return;
    }
    this.#queue.push({ t: "tell", key, env, seq: m.seq, ack });
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
        const pending = this.#processBatch(this.#queue.splice(0, this.#d.batchMax));
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
        const ack = first.t === "tell" ? first.ack : undefined;
        if (pending) return pending.then(() => this.#finishBatch(fx, [act], ack));
        const done = this.#finishBatch(fx, [act], ack);
        if (!done) this.#spareFx = fx;
        return done;
      }
    }
    return this.#processGrouped(batch, newEffects());
  }

  async #processGrouped(batch: WorkItem[], fx: BatchEffects): Promise<void> {
    const d = this.#d;
    const groups = new Map<string, WorkItem[]>();
    let lastAck: (() => void) | undefined;
    for (const item of batch) {
      if (item.t === "tell") lastAck = item.ack;
      if (item.key === "") {
        const bad = item.env.body as BadBody;
        fx.dead.push(d.deadLetters.send(bad.raw, {
          origin: "mailbox", code: bad.code, reason: bad.reason, subject: `vtox.mbox.${this.shard}`,
          ...(item.t === "tell" ? { seq: item.seq } : {}),
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
    await this.#finishBatch(fx, touched, lastAck);
  }

  /** Effects first (idempotent msgIDs), then snapshots, then the ack: a crash anywhere replays safely. */
  #finishBatch(fx: BatchEffects, touched: Activation[], lastAck: (() => void) | undefined): Promise<void> | undefined {
    const dirty = touched.filter((a) => a.dirty);
    if (!fx.tells.length && !fx.dead.length && !dirty.length && !fx.reminders.length) {
      for (const p of fx.publishes) this.#d.nc.publish(p.subject, encodeValue(p.body));
      lastAck?.();
      for (const r of fx.replies) this.#d.asks.reply(r.reply, r.corr, r.ok, r.body);
      fx.publishes.length = 0;
      fx.replies.length = 0;
      return undefined;
    }
    return this.#finishDurably(fx, dirty, lastAck);
  }

  async #finishDurably(fx: BatchEffects, dirty: Activation[], lastAck: (() => void) | undefined): Promise<void> {
    const d = this.#d;
    if (fx.tells.length || fx.dead.length) {
      await Promise.all([
        ...fx.tells.map((t) => d.sendTell(ActorAddress.of(t.kind, t.id), t.env, t.msgID)),
        ...fx.dead,
      ]);
    }
    for (const p of fx.publishes) d.nc.publish(p.subject, encodeValue(p.body));
    if (dirty.length) await Promise.all(dirty.map((a) => this.#snapshot(a)));
    lastAck?.();
    for (const r of fx.replies) d.asks.reply(r.reply, r.corr, r.ok, r.body);
    for (const r of fx.reminders) await this.#applyReminder(r);
  }

  async #activate(key: string): Promise<Activation> {
    const dot = key.indexOf(".");
    const kind = this.#d.kinds.get(key.slice(0, dot))!;
    const id = key.slice(dot + 1);
    const snap = await this.#d.store.load(key, () => kind.initialState(id));
    // Another activation may have raced in while we awaited the load.
    const existing = this.#acts.get(key);
    if (existing) return existing;
    const act = new Activation(key, id, kind, snap.state, snap.seq, snap.revision);
    this.#acts.set(key, act);
    this.#d.metrics.inc("activations");
    return act;
  }

  /** Applies one item. Stays synchronous when `receive` is (the common case), else returns a promise. */
  #apply(act: Activation, item: WorkItem, fx: BatchEffects): void | Promise<void> {
    if (item.t === "tell" && item.seq <= act.seq) {
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
    const reason = `${act.key} failed ${failures} times on ${item.env.type} (${item.env.id}): ${(err as Error)?.message ?? String(err)}`;
    d.log.warn("message dead-lettered after repeated actor failure", { actor: act.key, error: reason });
    fx.dead.push(d.deadLetters.send(encodeEnvelope(item.env), {
      origin: "receive", code: "ACTOR_FAILED", reason, subject: `vtox.actor.${act.kind.kind}.${act.id}`, actor: act.key,
      ...(item.t === "tell" ? { seq: item.seq } : {}),
    }));
    if (item.t === "ask") fx.replies.push({ reply: item.reply, corr: item.corr, ok: false, body: { code: "ACTOR_FAILED", message: reason } });
    if (item.t === "tell") {
      act.seq = item.seq;
      act.dirty = true;
    }
  }

  /** Takes a successful `receive`'s state and effects into the activation and the batch. */
  #applied(act: Activation, item: WorkItem, ctx: ReceiveContext, fx: BatchEffects): void {
    const d = this.#d;
    act.state = ctx.state;
    if (ctx.dirty || item.t === "tell") {
      act.dirty = true;
      (act.uncommitted ??= []).push(item);
    }
    if (item.t === "tell") act.seq = item.seq;
    d.metrics.inc(item.t === "ask" ? "asks_served" : "messages_applied");
    if (ctx.tells) for (const t of ctx.tells) fx.tells.push(t.msgID ? t : { ...t, msgID: newMessageId(), env: { ...t.env, id: newMessageId() } });
    if (ctx.publishes) for (const p of ctx.publishes) fx.publishes.push(p);
    if (ctx.reminders) for (const r of ctx.reminders) fx.reminders.push({ act, change: r });
    if (ctx.timers) for (const t of ctx.timers) this.#applyTimer(act, t);
    if (item.t === "ask") {
      const body = ctx.replied ? ctx.replyBody : null;
      // A reply that reveals no new state and caused no effects need not wait for the snapshot.
      if (!ctx.dirty && !ctx.tells && !ctx.reminders) d.asks.reply(item.reply, item.corr, true, body);
      else fx.replies.push({ reply: item.reply, corr: item.corr, ok: true, body });
    }
  }

  /** Restarts an actor from its last snapshot and replays what it applied since (effects muted). */
  async #restart(act: Activation): Promise<void> {
    const snap = await this.#d.store.load(act.key, () => act.kind.initialState(act.id));
    act.state = snap.state;
    act.seq = snap.seq;
    act.revision = snap.revision;
    const replay = act.uncommitted ?? [];
    for (const item of replay) {
      const ctx = new ReceiveContext(act, item, this.#d.log);
      await act.kind.receive(ctx, toActorMessage(item));
      act.state = ctx.state;
      if (item.t === "tell") act.seq = item.seq;
    }
  }

  async #snapshot(act: Activation): Promise<void> {
    try {
      act.revision = await this.#d.store.write(act.key, act.state, act.seq, act.revision);
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

  async #applyReminder(r: { act: Activation; change: ReminderChange }): Promise<void> {
    const { act, change } = r;
    const key = ReminderStore.key(this.shard, act.key, change.name);
    const prev = this.#reminderTimers.get(key);
    if (prev) clearTimeout(prev);
    this.#reminderTimers.delete(key);
    if (change.op === "cancel") {
      await this.#d.reminders.delete(this.shard, act.key, change.name);
      return;
    }
    const rec: ReminderRecord = {
      actor: act.key, name: change.name, dueAt: Date.now() + change.schedule.dueInMs, type: change.type, body: change.body ?? null,
      ...(change.schedule.periodMs ? { periodMs: change.schedule.periodMs } : {}),
    };
    await this.#d.reminders.put(this.shard, rec);
    this.#scheduleReminder(rec);
  }

  #scheduleReminder(rec: ReminderRecord): void {
    const key = ReminderStore.key(this.shard, rec.actor, rec.name);
    const prev = this.#reminderTimers.get(key);
    if (prev) clearTimeout(prev);
    const delay = Math.max(0, Math.min(rec.dueAt - Date.now(), 2 ** 31 - 1));
    this.#reminderTimers.set(key, setTimeout(() => void this.#fireReminder(rec).catch((err) => {
      this.#d.log.error("reminder firing failed; retrying", { reminder: key, error: String(err) });
      if (this.#state === "running") this.#scheduleReminder({ ...rec, dueAt: Date.now() + 1_000 });
    }), delay));
  }

  async #fireReminder(rec: ReminderRecord): Promise<void> {
    if (this.#state !== "running") return;
    const d = this.#d;
    const [kind, id] = rec.actor.split(".") as [string, string];
    const msgID = `rem:${rec.actor}:${rec.name}:${rec.dueAt}`;
    const env = newEnvelope(rec.type, rec.body, { id: msgID, headers: { "vtox-reminder": rec.name } });
    await d.sendTell(ActorAddress.of(kind, id), env, msgID);
    d.metrics.inc("reminders_fired");
    const key = ReminderStore.key(this.shard, rec.actor, rec.name);
    this.#reminderTimers.delete(key);
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
    this.#askSub?.unsubscribe();
    clearInterval(this.#renewTimer);
    clearInterval(this.#sweepTimer);
    for (const t of this.#reminderTimers.values()) clearTimeout(t);
    this.#reminderTimers.clear();
    for (const act of this.#acts.values()) for (const t of act.timers?.values() ?? []) {
      clearTimeout(t);
      clearInterval(t);
    }
    this.#acts.clear();
    this.#queue = [];
    if (release) await this.#d.leases.release(this.#lease).catch(() => {});
  }
}

interface BatchEffects {
  tells: OutgoingTell[];
  publishes: { subject: string; body: unknown }[];
  replies: { reply: string; corr: number; ok: boolean; body: unknown }[];
  dead: Promise<void>[];
  reminders: { act: Activation; change: ReminderChange }[];
}

function newEffects(): BatchEffects {
  return { tells: [], publishes: [], replies: [], dead: [], reminders: [] };
}

interface BadBody {
  raw: Uint8Array;
  code: string;
  reason: string;
}

/** A stand-in envelope for an undecodable stored message, so it keeps its place in the ack order. */
function badEnvelope(err: Error, raw: Uint8Array): Envelope {
  const body: BadBody = { raw: raw.slice(), code: (err as RuntimeError).code ?? "CODEC_MALFORMED", reason: err.message };
  return { v: 1, type: "bad", id: "", ts: Date.now(), headers: {}, body };
}
