/**
 * The analyzer actors of one node: for each fault type a member of the queue group on
 * `vtox.analyze.<fault>`, so requests spread over every node that runs analyzers. The DSP runs
 * here, never on the vehicle side. Load follows backlog: a node whose queue is full answers
 * `ANALYZER_BUSY` at once and the requester retries at once, usually landing on another member;
 * a request shed once is sent again with the force header and queued wherever it lands, so when
 * every node is busy work waits in a queue instead of bouncing between nodes.
 *
 * A request carries its window's CBOR bytes, decoded once per node and shared by the fault types
 * that land here; the vehicle actors of this node hand over the window they already decoded.
 * @module
 */
import type { NatsConnection, Msg, Subscription } from "@nats-io/nats-core";
import type { Dsp } from "../../wasm/mod.ts";
import { analyzeFault } from "../analyzers/mod.ts";
import { parseTelemetryWindow, type FaultKind, type TelemetryWindow } from "../domain/mod.ts";
import { assertToken, decodeValue } from "../runtime/mod.ts";
import type { LocalAttempt } from "./analysis_client.ts";
import { decodeAnalysisRequest, encodeAnalysisReply, type AnalysisReply, type AnalysisRequest } from "./analysis_protocol.ts";
import { FleetError } from "./fleet_error.ts";
import { analyzeNodeSubject, analyzerQueue, analyzeSubject, FLEET_FAULTS } from "./subjects.ts";
import type { PeerLoad } from "./peer_backlogs.ts";

/** Options of {@link AnalyzerService.start}. */
export interface AnalyzerServiceOptions {
  nc: NatsConnection;
  dsp: Dsp;
  /** Fault types served here (default all five). */
  faults?: readonly FaultKind[];
  /** Requests queued on this node beyond which new ones are answered ANALYZER_BUSY (default {@link DEFAULT_MAX_BACKLOG}), unless forced. */
  maxBacklog?: number;
  /** Called for each failed analysis (logging). */
  onError?: (fault: FaultKind, err: Error) => void;
  /**
   * Other nodes' backlogs (see peer_backlogs.ts): with it, a local request spilled (see
   * `spillAfterMs`) goes to a peer that reports less than half maxBacklog, and is queued here
   * when none does. Without it such a request goes to the queue group.
   */
  peers?: PeerLoad;
  /**
   * This node's id: the analyzers also answer on `vtox.analyze.<fault>.<nodeId>`, where other
   * nodes send the analyses they spill to this one (see {@link AnalyzerService.tryLocal}).
   */
  nodeId?: string;
  /**
   * A local request beyond maxBacklog is spilled only while the work queued here would keep it
   * waiting at least this long, ms: the backlog times the mean time of an analysis on this node
   * (default {@link DEFAULT_SPILL_AFTER_MS}; 0 spills on the count alone, Infinity never spills).
   */
  spillAfterMs?: number;
}

/** Default {@link AnalyzerServiceOptions.maxBacklog}. */
export const DEFAULT_MAX_BACKLOG = 64;

/**
 * Default {@link AnalyzerServiceOptions.spillAfterMs}. A hop costs CPU on both sides (the request
 * carries the window's bytes, the peer decodes them again) and a round trip; a queue that drains
 * within 50 ms is a burst — a pause of the process or of the machine — and a burst is usually
 * felt by the peers as well. In `bench:fleet` at a fixed 480 windows/s on one 2-core machine,
 * a run whose nodes spilled on the count alone at half load (32 analyses spilled by each node, 13 busy
 * answers) reached p99 128.5 ms and max 299.7 ms; with spilling off p99 was 39.7–45.5 ms. The
 * evidence does not settle the value: later runs with this default that spilled at half load
 * printed p99 102.9–157.0 ms, and runs with 250 ms 64.8–144.0 ms. With analyses of ≈ 0.1 ms
 * (bench:fleet's decode + analysis alone: ≈ 0.5 ms for a window's five), 50 ms is a backlog of
 * several hundred, so this condition, not maxBacklog, decides when a node spills.
 */
export const DEFAULT_SPILL_AFTER_MS = 50;

/** Weight of the newest analysis in the mean analysis time. */
const ANALYSIS_TIME_WEIGHT = 0.05;

/** Header of a request that must be queued even when the backlog is full (it was shed once already). */
export const FORCE_HEADER = "Vtox-Analyze-Force";
/** Header with the requester's deadline (ms since epoch): past it nobody waits for the answer, so it is skipped. */
export const DEADLINE_HEADER = "Vtox-Analyze-Deadline";

/** Where a job's answer goes: a NATS reply, or the promise of an in-process caller. */
type Answer = (r: AnalysisReply) => void;

interface Job {
  fault: FaultKind;
  req: AnalysisRequest;
  window: TelemetryWindow;
  answer: Answer;
  /** The requester stops waiting at this time (ms since epoch). */
  deadline: number;
}

/** Time slice of DSP work before yielding to the event loop (keeps NATS I/O and shard work flowing). */
const SLICE_MS = 8;
/** Windows kept so the other faults of the same window reuse it (and the analyzers' caches). */
const WINDOW_CACHE = 64;

/** One node's analyzer actors. */
export class AnalyzerService {
  readonly #dsp: Dsp;
  readonly #maxBacklog: number;
  readonly #onError: ((fault: FaultKind, err: Error) => void) | undefined;
  readonly #peers: PeerLoad | undefined;
  readonly #spillAfterMs: number;
  #meanAnalysisMs = 0;
  readonly #subs: Subscription[] = [];
  readonly #faults = new Set<FaultKind>();
  readonly #queue: Job[] = [];
  readonly #windows = new Map<string, Promise<TelemetryWindow>>();
  #fetching = 0;
  #running: Promise<void> | undefined;
  #stopped = false;
  /** Counters: analyses done, failed (bad request, undecodable window or analyzer error), refused busy, skipped past their deadline, taken in-process, spilled. */
  readonly counts = { analysed: 0, failed: 0, busy: 0, expired: 0, local: 0, spilled: 0 };
  /** Requests waiting per fault type. */
  readonly backlogByFault: Record<string, number> = {};

  private constructor(o: AnalyzerServiceOptions) {
    this.#dsp = o.dsp;
    this.#maxBacklog = o.maxBacklog ?? DEFAULT_MAX_BACKLOG;
    this.#onError = o.onError;
    this.#peers = o.peers;
    this.#spillAfterMs = o.spillAfterMs ?? DEFAULT_SPILL_AFTER_MS;
  }

  /** Subscribes the analyzers of the given fault types. */
  static start(o: AnalyzerServiceOptions): AnalyzerService {
    const s = new AnalyzerService(o);
    if (!Number.isInteger(s.#maxBacklog) || s.#maxBacklog < 1) {
      throw new FleetError("FLEET_CONFIG_INVALID", `Invalid analyzer options: maxBacklog must be an integer >= 1, got ${o.maxBacklog}`);
    }
    if (typeof s.#spillAfterMs !== "number" || Number.isNaN(s.#spillAfterMs) || s.#spillAfterMs < 0) {
      const shown = typeof o.spillAfterMs === "number" ? String(o.spillAfterMs) : JSON.stringify(o.spillAfterMs);
      throw new FleetError("FLEET_CONFIG_INVALID", `Invalid analyzer options: spillAfterMs must be a number >= 0 (Infinity: never spill), got ${shown}`);
    }
    if (o.nodeId !== undefined) {
      try {
        assertToken("node id", o.nodeId);
      } catch (err) {
        throw new FleetError("FLEET_CONFIG_INVALID", `Invalid analyzer options: ${(err as Error).message}`, { cause: err });
      }
    }
    for (const fault of o.faults ?? FLEET_FAULTS) {
      s.backlogByFault[fault] = 0;
      s.#faults.add(fault);
      s.#subs.push(o.nc.subscribe(analyzeSubject(fault), { queue: analyzerQueue(fault), callback: (_e, m) => s.#onRequest(fault, m) }));
      if (o.nodeId !== undefined) s.#subs.push(o.nc.subscribe(analyzeNodeSubject(fault, o.nodeId), { callback: (_e, m) => s.#onRequest(fault, m) }));
    }
    return s;
  }

  /** The backlog bound: past it peers get ANALYZER_BUSY and this node's own requests may spill. */
  get maxBacklog(): number {
    return this.#maxBacklog;
  }

  /** Queued work, ms, past which this node's own requests spill to a lighter peer. */
  get spillAfterMs(): number {
    return this.#spillAfterMs;
  }

  /** Requests waiting on this node (queued or waiting for their window). */
  get backlog(): number {
    return this.#queue.length + this.#fetching;
  }

  /** Mean time of one analysis on this node, ms (a moving average; 0 before the first). */
  get meanAnalysisMs(): number {
    return this.#meanAnalysisMs;
  }

  /** How long the work queued here would keep a new request waiting, ms (backlog × mean analysis time). */
  get queuedWorkMs(): number {
    return this.backlog * this.#meanAnalysisMs;
  }

  #fail(fault: FaultKind, answer: Answer, err: Error & { code?: string }): void {
    this.counts.failed++;
    this.#onError?.(fault, err);
    answer({ ok: false, code: err.code ?? "ANALYZER_FAILED", message: `${fault} analyzer: ${err.message}` });
  }

  #onRequest(fault: FaultKind, msg: Msg): void {
    if (!msg.reply) return;
    const answer: Answer = (r) => msg.respond(encodeAnalysisReply(r));
    // A request that was already shed elsewhere carries the force header: every node is busy, so queue it.
    const forced = msg.headers?.get(FORCE_HEADER) === "1";
    if (this.#stopped || (!forced && this.backlog >= this.#maxBacklog)) {
      this.counts.busy++;
      answer({ ok: false, code: "ANALYZER_BUSY", message: `analyzer backlog full (${this.backlog}/${this.#maxBacklog}); retry` });
      return;
    }
    let req: AnalysisRequest;
    try {
      req = decodeAnalysisRequest(msg.data);
    } catch (err) {
      return this.#fail(fault, answer, err as Error);
    }
    const deadline = Number(msg.headers?.get(DEADLINE_HEADER) || Infinity);
    this.#enqueue(fault, req, answer, deadline);
  }

  /**
   * Local-first analysis for a vehicle actor on this node: queues the request here and returns
   * the reply (`window`: the request's window already decoded by the caller), unless this node
   * does not serve `fault`, or its backlog has reached the bound (where it would answer other
   * nodes ANALYZER_BUSY) and would keep the request waiting at least `spillAfterMs` while a peer
   * has room — it reports a backlog under half the bound (or, without peer knowledge, at all).
   * Then the caller asks elsewhere: that peer directly (`spillTo`), else the queue group, where
   * less loaded nodes take it — not the group first, which may hand the request back to this
   * node, which would answer it busy. This keeps a window's five analyses on the node that
   * already holds the window while it keeps up, and spreads work only to nodes that have room.
   * The bound, not less: a queue below it drains in tens of ms, and a hop costs more CPU than that
   * (the request carries the window's bytes, the peer decodes them again). With half the bound,
   * about 5 % of the analyses of bench:fleet's sustained phase went through the queue group (with
   * ~170 busy answers) between two nodes sharing the same two cores, where a hop relieves nothing.
   * The wait, too: a short queue past the bound is a burst, which a hop makes longer (see
   * {@link DEFAULT_SPILL_AFTER_MS}).
   */
  tryLocal(fault: FaultKind, req: AnalysisRequest, window?: TelemetryWindow): LocalAttempt {
    if (this.#stopped || !this.#faults.has(fault)) return {};
    if (this.backlog >= this.#maxBacklog && this.queuedWorkMs >= this.#spillAfterMs) {
      if (!this.#peers) {
        this.counts.spilled++;
        return {};
      }
      const peer = this.#peers.lightestPeer(fault);
      // A peer with room, not one merely less overloaded: between overloaded nodes a hop only adds work.
      if (peer && peer.backlog < this.#maxBacklog / 2) {
        this.counts.spilled++;
        this.#peers.spilled(peer.nodeId);
        return { spillTo: peer.nodeId };
      }
    }
    this.counts.local++;
    // No deadline: the caller waits in-process and never retries a local request; a backlog past
    // the threshold stays here only while no peer has room, so waiting here is the shortest wait.
    return { reply: new Promise<AnalysisReply>((resolve) => this.#enqueue(fault, req, resolve, Infinity, window)) };
  }

  #enqueue(fault: FaultKind, req: AnalysisRequest, answer: Answer, deadline: number, decoded?: TelemetryWindow): void {
    this.backlogByFault[fault] = (this.backlogByFault[fault] ?? 0) + 1;
    this.#fetching++;
    this.#windowOf(req, decoded).then(
      (window) => {
        this.#fetching--;
        this.#queue.push({ fault, req, window, answer, deadline });
        this.#startDrain();
      },
      (err) => {
        this.#fetching--;
        this.backlogByFault[fault] = (this.backlogByFault[fault] ?? 1) - 1;
        this.#fail(fault, answer, err as Error);
      },
    );
  }

  #windowOf(req: AnalysisRequest, decoded?: TelemetryWindow): Promise<TelemetryWindow> {
    if (decoded) return Promise.resolve(decoded);
    const key = `${req.windowKey}#${req.window.length}`;
    let p = this.#windows.get(key);
    if (!p) {
      p = this.#load(req);
      this.#windows.set(key, p);
      // A failed decode is not cached (its request is answered with the error, and nothing else waits).
      p.catch(() => this.#windows.delete(key));
      if (this.#windows.size > WINDOW_CACHE) this.#windows.delete(this.#windows.keys().next().value!);
    }
    return p;
  }

  async #load(req: AnalysisRequest): Promise<TelemetryWindow> {
    try {
      return parseTelemetryWindow(decodeValue(req.window, "telemetry window"));
    } catch (err) {
      throw new FleetError("ANALYSIS_REQUEST_INVALID", `Cannot decode telemetry window in analysis request: ${(err as Error).message}`, { cause: err });
    }
  }

  /**
   * Starts draining after the current batch of socket messages was queued, so the backlog seen by
   * requests is real and a burst beyond maxBacklog is shed to other nodes. A job queued after the
   * drain loop saw an empty queue but before it ended is picked up by the re-check at its end.
   */
  #startDrain(): void {
    if (this.#running) return;
    this.#running = Promise.resolve().then(() => this.#drain()).finally(() => {
      this.#running = undefined;
      if (this.#queue.length) this.#startDrain();
    });
  }

  async #drain(): Promise<void> {
    let sliceStart = performance.now();
    while (this.#queue.length) {
      const job = this.#queue.shift()!;
      this.backlogByFault[job.fault] = (this.backlogByFault[job.fault] ?? 1) - 1;
      this.#serve(job);
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise((r) => setTimeout(r, 0));
        sliceStart = performance.now();
      }
    }
  }

  #serve({ fault, req, window, answer, deadline }: Job): void {
    // Work for a requester that already timed out (and retried) would only delay live requests.
    if (deadline < Date.now()) {
      this.counts.expired++;
      return;
    }
    try {
      const t0 = performance.now();
      const diagnosis = analyzeFault(fault, this.#dsp, window, req.profile, req.baseline, req.bearingBand);
      const ms = performance.now() - t0;
      this.#meanAnalysisMs = this.#meanAnalysisMs === 0 ? ms : this.#meanAnalysisMs + (ms - this.#meanAnalysisMs) * ANALYSIS_TIME_WEIGHT;
      this.counts.analysed++;
      answer({ ok: true, diagnosis });
    } catch (err) {
      this.#fail(fault, answer, err as Error);
    }
  }

  /** Stops taking requests; queued ones are still answered. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const s of this.#subs) s.unsubscribe();
    while (this.#fetching > 0 || this.#running) {
      await this.#running;
      if (this.#fetching > 0) await new Promise((r) => setTimeout(r, 10));
    }
  }
}
