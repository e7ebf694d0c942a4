/**
 * The OTP-style supervisor: starts children in order, restarts them per strategy and restart
 * type with jittered backoff, fails and escalates past its restart intensity, and stops its
 * children in reverse order. A supervisor is itself a {@link Child}, so trees nest.
 * @module
 */
import { backoffDelay } from "./backoff.ts";
import { isChild, validateChildSpec, type Child, type ChildSpec, type RestartType, type ValidChildSpec } from "./child.ts";
import { ChildRecord, type ChildInstance, type RestartPlan } from "./child_record.ts";
import {
  ChildRunningError,
  ChildStartError,
  describeFailure,
  describeFound,
  DuplicateChildError,
  SupervisorConfigError,
  SupervisorIntensityError,
  SupervisorNotRunningError,
  UnknownChildError,
} from "./errors.ts";
import type { SupervisorEvent } from "./events.ts";
import { resolveSupervisorOptions, type ResolvedSupervisorOptions, type SupervisorOptions } from "./options.ts";
import { RestartIntensity } from "./restart_intensity.ts";
import { stopWithin } from "./shutdown.ts";
import { affectedChildren } from "./strategy.ts";

type SupervisorState = "idle" | "starting" | "running" | "stopping" | "failing" | "stopped" | "failed";

/** One row of {@link Supervisor.whichChildren}. */
export interface ChildInfo {
  id: string;
  running: boolean;
  restarts: number;
  restart: RestartType;
}

/** Counters since the supervisor was created. */
export interface SupervisorStats {
  /** Children that ended with an error. */
  crashes: number;
  /** Children that ended normally on their own. */
  normalExits: number;
  /** Child restarts performed (one per child started again). */
  restarts: number;
  /** `start()` calls that threw or returned no Child. */
  startFailures: number;
  /** Children that did not stop within their shutdown time. */
  shutdownTimeouts: number;
  /** Child specs refused by `startChild` (invalid or duplicate). */
  rejectedSpecs: number;
}

/**
 * An OTP-style supervisor.
 *
 * @example
 * const root = await Supervisor.start("node", { strategy: "one_for_one", maxRestarts: 5, periodMs: 10_000,
 *   backoff: { initialMs: 100, maxMs: 5_000 } }, [
 *   { id: "membership", start: () => startMembership() },
 *   Supervisor.childSpec("shards", { strategy: "one_for_one" }, shardSpecs),
 * ]);
 * root.done.catch((err) => console.error("node supervisor gave up", err)); // SupervisorIntensityError
 * await root.stop(); // children stop in reverse start order
 */
export class Supervisor implements Child {
  /** Name used in events and errors. */
  readonly name: string;
  /**
   * Resolves when the supervisor is stopped; rejects with {@link SupervisorIntensityError} when it
   * gave up after too many restarts, or with {@link ChildStartError} when its initial start failed.
   */
  readonly done: Promise<void>;

  readonly #opts: ResolvedSupervisorOptions;
  readonly #intensity: RestartIntensity;
  // Insertion order is start order; keyed by id so lookups stay O(1) with many children.
  readonly #records = new Map<string, ChildRecord>();
  // Wakes a backoff sleep when the supervisor stops or fails.
  readonly #halt = new AbortController();
  #state: SupervisorState = "idle";
  // Every change to the children runs through this chain, one at a time, in arrival order.
  #queue: Promise<void> = Promise.resolve();
  #stopping: Promise<void> | undefined;
  #resolveDone!: () => void;
  #rejectDone!: (error: unknown) => void;
  readonly #stats: SupervisorStats = { crashes: 0, normalExits: 0, restarts: 0, startFailures: 0, shutdownTimeouts: 0, rejectedSpecs: 0 };

  /** Creates a supervisor with its child specs without starting anything; see {@link Supervisor.start}. */
  constructor(name: string, options: SupervisorOptions, children: ChildSpec[] = []) {
    if (typeof name !== "string" || name.length === 0) {
      throw new SupervisorConfigError("supervisor", "name", "a non-empty string", name);
    }
    this.name = name;
    this.#opts = resolveSupervisorOptions(name, options);
    this.#intensity = new RestartIntensity(this.#opts.maxRestarts, this.#opts.periodMs);
    if (!Array.isArray(children)) {
      throw new SupervisorConfigError(`children of supervisor "${name}"`, "children", "an array of child specs", children);
    }
    for (const spec of children) {
      const valid = validateChildSpec(spec, name);
      if (this.#find(valid.id)) throw new DuplicateChildError(name, valid.id);
      this.#records.set(valid.id, new ChildRecord(valid));
    }
    this.done = new Promise<void>((resolve, reject) => {
      this.#resolveDone = resolve;
      this.#rejectDone = reject;
    });
    // The parent (or the owner) observes `done`; an unobserved failure must not kill the process.
    this.done.catch(() => {});
  }

  /** Creates a supervisor and starts its children in order; rejects with {@link ChildStartError} if one fails to start. */
  static async start(name: string, options: SupervisorOptions, children: ChildSpec[] = []): Promise<Supervisor> {
    const supervisor = new Supervisor(name, options, children);
    await supervisor.start();
    return supervisor;
  }

  /**
   * A child spec that runs a nested supervisor, so failures past its intensity escalate to the
   * parent. `children` may be a function to build fresh specs on every (re)start. Shutdown waits
   * for the whole subtree unless `shutdownMs` says otherwise.
   */
  static childSpec(
    id: string,
    options: SupervisorOptions,
    children: ChildSpec[] | (() => ChildSpec[]),
    extra: { restart?: RestartType; shutdownMs?: number } = {},
  ): ChildSpec {
    return {
      id,
      restart: extra.restart ?? "permanent",
      shutdownMs: extra.shutdownMs ?? Infinity,
      start: () => Supervisor.start(id, options, typeof children === "function" ? children() : children),
    };
  }

  /**
   * Starts the children in order. If one fails to start, those already started are stopped in
   * reverse order, `done` rejects, and this rejects with {@link ChildStartError}.
   */
  start(): Promise<void> {
    if (this.#state !== "idle") return Promise.reject(new SupervisorNotRunningError(this.name, "start", `already ${this.#state}`));
    this.#state = "starting";
    return this.#enqueue(async () => {
      for (const record of [...this.#records.values()]) {
        if (this.#state !== "starting") break;
        try {
          await this.#startRecord(record, 0);
        } catch (error) {
          this.#state = "failing";
          this.#halt.abort();
          await this.#stopAll(`start of child "${record.id}" failed`);
          this.#finish("failed", `start of child "${record.id}" failed`, error);
          throw error;
        }
      }
      if (this.#state !== "starting") throw new SupervisorNotRunningError(this.name, "finish starting", "stopped while starting");
      this.#state = "running";
    });
  }

  /** Adds a child at the end of the start order and starts it. The spec is not kept if it fails to start. */
  startChild(spec: ChildSpec): Promise<void> {
    let valid: ValidChildSpec;
    try {
      valid = validateChildSpec(spec, this.name);
    } catch (error) {
      this.#stats.rejectedSpecs++;
      return Promise.reject(error);
    }
    return this.#enqueue(async () => {
      this.#requireRunning(`start child "${valid.id}"`);
      if (this.#find(valid.id)) {
        this.#stats.rejectedSpecs++;
        throw new DuplicateChildError(this.name, valid.id);
      }
      const record = new ChildRecord(valid);
      this.#records.set(record.id, record);
      try {
        await this.#startRecord(record, 0);
      } catch (error) {
        this.#remove(record);
        throw error;
      }
    });
  }

  /** Stops a child and keeps its spec (a temporary child's spec is dropped). It is not restarted. */
  terminateChild(id: string): Promise<void> {
    return this.#enqueue(async () => {
      this.#requireRunning(`terminate child "${id}"`);
      const record = this.#get(id);
      record.wanted = false;
      record.pendingRestart = undefined;
      await this.#stopRecord(record, "terminated");
      if (record.spec.restart === "temporary") this.#remove(record);
    });
  }

  /** Starts again a child that was terminated or ended for good (its spec is still kept). */
  restartChild(id: string): Promise<void> {
    return this.#enqueue(async () => {
      this.#requireRunning(`restart child "${id}"`);
      const record = this.#get(id);
      if (record.instance) throw new ChildRunningError(this.name, id, "restart");
      await this.#startRecord(record, 0);
    });
  }

  /** Forgets the spec of a child that is not running. */
  deleteChild(id: string): void {
    const record = this.#get(id);
    if (record.instance || record.wanted) throw new ChildRunningError(this.name, id, "delete");
    this.#remove(record);
  }

  /** The children in start order. */
  whichChildren(): ChildInfo[] {
    return [...this.#records.values()].map((r) => ({ id: r.id, running: r.instance !== undefined, restarts: r.restarts, restart: r.spec.restart }));
  }

  /** Counters since creation (a copy). */
  stats(): SupervisorStats {
    return { ...this.#stats };
  }

  /** `idle`, `starting`, `running`, `stopping`, `failing`, `stopped` or `failed`. */
  get state(): string {
    return this.#state;
  }

  /** Stops the children in reverse start order, then resolves `done`. Safe to call more than once. */
  stop(reason = "shutdown"): Promise<void> {
    if (this.#stopping) return this.#stopping;
    if (this.#state === "failing" || this.#state === "failed" || this.#state === "stopped") {
      return this.done.then(() => {}, () => {});
    }
    this.#state = "stopping";
    this.#halt.abort();
    this.#stopping = this.#enqueue(async () => {
      await this.#stopAll(reason);
      this.#finish("stopped", reason);
    });
    return this.#stopping;
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task);
    this.#queue = result.then(() => {}, () => {});
    return result;
  }

  #emit(event: Omit<SupervisorEvent, "supervisor" | "at">): void {
    const listener = this.#opts.onEvent;
    if (!listener) return;
    try {
      listener({ supervisor: this.name, at: this.#opts.clock.now(), ...event });
    } catch {
      // Observability must never change supervision.
    }
  }

  #find(id: string): ChildRecord | undefined {
    return this.#records.get(id);
  }

  #get(id: string): ChildRecord {
    const record = this.#find(id);
    if (!record) throw new UnknownChildError(this.name, id);
    return record;
  }

  #remove(record: ChildRecord): void {
    if (this.#records.get(record.id) === record) this.#records.delete(record.id);
  }

  #requireRunning(operation: string): void {
    if (this.#state !== "running") throw new SupervisorNotRunningError(this.name, operation, this.#state);
  }

  #finish(state: "stopped" | "failed", reason: string, error?: unknown): void {
    // A stop queued behind a failing start finds the supervisor already ended.
    if (this.#state === "stopped" || this.#state === "failed") return;
    this.#state = state;
    this.#emit({ type: "stopped", reason, error });
    if (state === "stopped") this.#resolveDone();
    else this.#rejectDone(error);
  }

  /** Starts one instance; throws {@link ChildStartError}. */
  async #startRecord(record: ChildRecord, attempt: number): Promise<void> {
    let child: unknown;
    try {
      child = await record.spec.start();
      if (!isChild(child)) {
        throw new TypeError(`start() must return a Child (a done promise and a stop function), got ${describeFound(child)}`);
      }
    } catch (cause) {
      this.#stats.startFailures++;
      const error = new ChildStartError(this.name, record.id, { cause });
      this.#emit({ type: "start_failed", childId: record.id, attempt, error, reason: describeFailure(cause) });
      throw error;
    }
    const instance: ChildInstance = { child, startedAt: this.#opts.clock.now() };
    record.instance = instance;
    record.wanted = true;
    record.pendingRestart = undefined;
    child.done.then(
      () => this.#onExit(record, instance, false, undefined),
      (error: unknown) => this.#onExit(record, instance, true, error),
    );
    this.#emit({ type: "started", childId: record.id, attempt });
  }

  #onExit(record: ChildRecord, instance: ChildInstance, crashed: boolean, error: unknown): void {
    this.#enqueue(() => this.#handleExit(record, instance, crashed, error)).catch(() => {});
  }

  async #handleExit(record: ChildRecord, instance: ChildInstance, crashed: boolean, error: unknown): Promise<void> {
    // An instance the supervisor already stopped or replaced: its end was expected.
    if (record.instance !== instance) return;
    record.instance = undefined;
    if (crashed) this.#stats.crashes++;
    else this.#stats.normalExits++;
    this.#emit({ type: "exited", childId: record.id, reason: crashed ? "crash" : "normal", error });
    if (this.#state !== "running") return;
    if (record.spec.restart === "temporary") {
      record.wanted = false;
      this.#remove(record);
      return;
    }
    if (!crashed && record.spec.restart === "transient") {
      record.wanted = false;
      return;
    }
    const backoff = this.#opts.backoff;
    // A child that ran long enough before failing starts its backoff over.
    if (backoff && this.#opts.clock.now() - instance.startedAt >= backoff.resetAfterMs) record.consecutiveFailures = 0;
    await this.#restart(record, crashed ? error : undefined, crashed ? "crash" : "normal exit");
  }

  /**
   * Restarts `failed` and, per strategy, its siblings: counts the restart against the
   * intensity, stops the affected siblings (reverse order) at once, and starts the affected
   * children (start order) after the backoff delay. The delay is waited outside the queue so
   * one child's backoff never holds up other children or API calls.
   */
  async #restart(failed: ChildRecord, cause: unknown, reason: string): Promise<void> {
    const clock = this.#opts.clock;
    if (!this.#intensity.record(clock.now())) {
      await this.#fail(failed, cause, reason);
      return;
    }
    failed.consecutiveFailures++;
    const attempt = failed.consecutiveFailures;
    const backoff = this.#opts.backoff;
    const delayMs = backoff ? backoffDelay(attempt, backoff, this.#opts.random) : 0;
    let affected: ChildRecord[] = [failed];
    if (this.#opts.strategy !== "one_for_one") {
      const ordered = [...this.#records.values()];
      affected = affectedChildren(this.#opts.strategy, ordered.length, ordered.indexOf(failed))
        .map((i) => ordered[i])
        .filter((r) => r === failed || r.wanted);
    }
    this.#emit({ type: "restarting", childId: failed.id, attempt, delayMs, reason, error: cause, affected: affected.map((r) => r.id) });
    for (const sibling of [...affected].reverse()) {
      if (sibling !== failed) await this.#stopRecord(sibling, `restart after "${failed.id}" failed`);
    }
    // OTP: a temporary sibling taken down by a restart is not started again.
    const plan: RestartPlan = {
      failed,
      attempt,
      reason,
      records: affected.filter((r) => r === failed || r.spec.restart !== "temporary"),
    };
    for (const r of affected) if (!plan.records.includes(r)) this.#remove(r);
    // A later plan covering the same child takes it over; this plan then skips it.
    for (const r of plan.records) r.pendingRestart = plan;
    if (delayMs > 0) {
      clock
        .sleep(delayMs, this.#halt.signal)
        .then(() => this.#enqueue(() => this.#carryOut(plan)))
        .catch(() => {});
      return;
    }
    await this.#carryOut(plan);
  }

  /** Starts the children of a restart plan that are still waiting for it, in start order. */
  async #carryOut(plan: RestartPlan): Promise<void> {
    if (this.#state !== "running") return;
    for (const r of plan.records) {
      // stop() or a failure may have come while the previous child was starting.
      if (this.#state !== "running") return;
      if (r.pendingRestart !== plan) continue;
      const isFailed = r === plan.failed;
      try {
        await this.#startRecord(r, isFailed ? plan.attempt : 0);
      } catch (error) {
        // A failed restart is another failure of that child; a new plan takes over the rest.
        await this.#restart(r, error, "start failed");
        return;
      }
      r.restarts++;
      this.#stats.restarts++;
      this.#emit({
        type: "restarted",
        childId: r.id,
        attempt: isFailed ? plan.attempt : undefined,
        reason: isFailed ? plan.reason : `sibling "${plan.failed.id}" failed`,
      });
    }
  }

  async #fail(record: ChildRecord, cause: unknown, reason: string): Promise<void> {
    const error = new SupervisorIntensityError(this.name, record.id, this.#opts.maxRestarts, this.#opts.periodMs, { cause });
    this.#state = "failing";
    this.#halt.abort();
    this.#emit({ type: "intensity_exceeded", childId: record.id, reason, error });
    await this.#stopAll("restart intensity exceeded");
    this.#finish("failed", "restart intensity exceeded", error);
  }

  async #stopAll(reason: string): Promise<void> {
    for (const record of [...this.#records.values()].reverse()) {
      if (record.instance) await this.#stopRecord(record, reason);
    }
  }

  /** Stops the running instance of `record`, waiting at most its shutdown time. Never throws. */
  async #stopRecord(record: ChildRecord, reason: string): Promise<void> {
    const instance = record.instance;
    if (!instance) return;
    record.instance = undefined;
    const shutdownMs = record.spec.shutdownMs ?? this.#opts.shutdownMs;
    const { inTime, stopFailed, stopError } = await stopWithin(instance.child, reason, shutdownMs, this.#opts.clock);
    if (stopFailed) {
      this.#emit({ type: "stop_failed", childId: record.id, reason: describeFailure(stopError), error: stopError });
    }
    if (!inTime) {
      this.#stats.shutdownTimeouts++;
      this.#emit({ type: "shutdown_timeout", childId: record.id, reason: `did not stop within ${shutdownMs} ms` });
    }
    this.#emit({ type: "stopped", childId: record.id, reason });
  }
}
