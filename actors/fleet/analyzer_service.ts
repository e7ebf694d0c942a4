/**
 * The analyzer actors of one node: for each fault type a member of the queue group on
 * `vtox.analyze.<fault>`, so requests spread over every node that runs analyzers. The DSP runs
 * here, never on the vehicle side. Load follows backlog: a node whose queue is full answers
 * `ANALYZER_BUSY` at once and the requester retries, landing on another member; a slow node
 * therefore sheds work to idle ones instead of growing an unbounded queue.
 * @module
 */
import type { NatsConnection, Msg, Subscription } from "@nats-io/nats-core";
import type { Dsp } from "../../wasm/mod.ts";
import { analyzeFault } from "../analyzers/mod.ts";
import { parseTelemetryWindow, type FaultKind, type TelemetryWindow } from "../domain/mod.ts";
import { decodeValue } from "../runtime/mod.ts";
import { decodeAnalysisRequest, encodeAnalysisReply, type AnalysisRequest } from "./analysis_protocol.ts";
import { FleetError } from "./fleet_error.ts";
import { analyzerQueue, analyzeSubject, FLEET_FAULTS } from "./subjects.ts";

/** Options of {@link AnalyzerService.start}. */
export interface AnalyzerServiceOptions {
  nc: NatsConnection;
  dsp: Dsp;
  /** Fault types served here (default all five). */
  faults?: readonly FaultKind[];
  /** Requests queued on this node beyond which new ones are answered ANALYZER_BUSY (default 32). */
  maxBacklog?: number;
  /** Called for each failed analysis (logging). */
  onError?: (fault: FaultKind, err: Error) => void;
}

interface Job {
  fault: FaultKind;
  msg: Msg;
}

/** Time slice of DSP work before yielding to the event loop (keeps NATS I/O and shard work flowing). */
const SLICE_MS = 8;
/** Decoded windows kept so the other faults of the same window reuse it (and the analyzers' caches). */
const WINDOW_CACHE = 32;

/** One node's analyzer actors. */
export class AnalyzerService {
  readonly #nc: NatsConnection;
  readonly #dsp: Dsp;
  readonly #maxBacklog: number;
  readonly #onError: ((fault: FaultKind, err: Error) => void) | undefined;
  readonly #subs: Subscription[] = [];
  readonly #queue: Job[] = [];
  readonly #windows = new Map<string, { bytes: number; window: TelemetryWindow }>();
  #running: Promise<void> | undefined;
  #stopped = false;
  /** Counters: analyses done, failed (bad request or analyzer error), refused busy, per fault. */
  readonly counts = { analysed: 0, failed: 0, busy: 0 };
  readonly backlogByFault: Record<string, number> = {};

  private constructor(o: AnalyzerServiceOptions) {
    this.#nc = o.nc;
    this.#dsp = o.dsp;
    this.#maxBacklog = o.maxBacklog ?? 32;
    this.#onError = o.onError;
  }

  /** Subscribes the analyzers of the given fault types. */
  static start(o: AnalyzerServiceOptions): AnalyzerService {
    const s = new AnalyzerService(o);
    if (!Number.isInteger(s.#maxBacklog) || s.#maxBacklog < 1) {
      throw new FleetError("FLEET_CONFIG_INVALID", `Invalid analyzer options: maxBacklog must be an integer >= 1, got ${o.maxBacklog}`);
    }
    for (const fault of o.faults ?? FLEET_FAULTS) {
      s.backlogByFault[fault] = 0;
      s.#subs.push(o.nc.subscribe(analyzeSubject(fault), { queue: analyzerQueue(fault), callback: (_e, m) => s.#onRequest(fault, m) }));
    }
    return s;
  }

  /** Requests waiting on this node. */
  get backlog(): number {
    return this.#queue.length;
  }

  #onRequest(fault: FaultKind, msg: Msg): void {
    if (!msg.reply) return;
    if (this.#stopped || this.#queue.length >= this.#maxBacklog) {
      this.counts.busy++;
      msg.respond(encodeAnalysisReply({ ok: false, code: "ANALYZER_BUSY", message: `analyzer backlog full (${this.#queue.length}/${this.#maxBacklog}); retry` }));
      return;
    }
    this.#queue.push({ fault, msg });
    this.backlogByFault[fault] = (this.backlogByFault[fault] ?? 0) + 1;
    // Start draining after the current batch of socket messages was queued, so the backlog seen by
    // #onRequest is real and a burst beyond maxBacklog is shed to other nodes.
    this.#running ??= Promise.resolve().then(() => this.#drain()).finally(() => (this.#running = undefined));
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

  #serve({ fault, msg }: Job): void {
    try {
      const req = decodeAnalysisRequest(msg.data);
      const window = this.#window(req);
      const diagnosis = analyzeFault(fault, this.#dsp, window, req.profile, req.baseline);
      this.counts.analysed++;
      msg.respond(encodeAnalysisReply({ ok: true, diagnosis }));
    } catch (err) {
      const e = err as Error & { code?: string };
      this.counts.failed++;
      this.#onError?.(fault, e);
      msg.respond(encodeAnalysisReply({ ok: false, code: e.code ?? "ANALYZER_FAILED", message: `${fault} analyzer: ${e.message}` }));
    }
  }

  #window(req: AnalysisRequest): TelemetryWindow {
    const hit = this.#windows.get(req.windowKey);
    if (hit && hit.bytes === req.window.length) return hit.window;
    let window: TelemetryWindow;
    try {
      window = parseTelemetryWindow(decodeValue(req.window, "telemetry window"));
    } catch (err) {
      throw new FleetError("ANALYSIS_REQUEST_INVALID", `Cannot decode telemetry window in analysis request: ${(err as Error).message}`, { cause: err });
    }
    this.#windows.set(req.windowKey, { bytes: req.window.length, window });
    if (this.#windows.size > WINDOW_CACHE) this.#windows.delete(this.#windows.keys().next().value!);
    return window;
  }

  /** Stops taking requests; queued ones are still answered. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const s of this.#subs) s.unsubscribe();
    await this.#running;
  }
}
