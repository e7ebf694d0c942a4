/**
 * The vehicle side of an analysis: a core-NATS request to the analyzer actors of one fault type
 * with a timeout, retried when it times out, nobody answers or the analyzer is busy; after the
 * last attempt the result is an explicit `unavailable` verdict. No JetStream write per hop: the
 * window is durable in the telemetry stream and the vehicle's mailbox, so a lost request is
 * simply asked again. The request bytes are encoded once per window and sent to all five
 * fault subjects.
 * @module
 */
import { headers as natsHeaders } from "@nats-io/nats-core";
import type { Diagnosis, FaultKind, TelemetryWindow } from "../domain/mod.ts";
import { DEADLINE_HEADER, FORCE_HEADER } from "./analyzer_service.ts";
import { decodeAnalysisReply, type AnalysisReply, type AnalysisRequest } from "./analysis_protocol.ts";
import type { ReplyCorrelator } from "../runtime/mod.ts";
import { analyzeNodeSubject, analyzeSubject } from "./subjects.ts";
import { unavailableVerdict } from "./unavailable_verdict.ts";

/** Retry policy of analyzer requests. */
export interface AnalysisRetryPolicy {
  /** Reply timeout per attempt, ms (default 3 000). */
  timeoutMs?: number;
  /** Attempts before the verdict is `unavailable` (default 4). */
  attempts?: number;
  /** Pause before a retry after a timeout or no-responders answer, ms (doubles each time; default 20). A busy answer is retried at once. */
  backoffMs?: number;
  /**
   * Time all attempts of one verdict may take together, ms (default 12 500): with the defaults
   * 4 × 3 s fit; a longer policy is cut here so a window's analysis stays well below the mailbox
   * ack wait (30 s) together with its result publish.
   */
  maxTotalMs?: number;
}

/** Counts of what happened to requests, for the node's status. */
export interface AnalysisCounters {
  retries: number;
  unavailable: number;
}

/**
 * Asks the analyzers of `fault` for a Diagnosis of the encoded request — the node `firstPeer`
 * first when given, then the queue group; never rejects: failures become `unavailable` with the reason.
 *
 * @example
 * ```ts
 * const req = encodeAnalysisRequest({ v: 1, window: bytes, windowKey: "ev1.1700000000000", profile });
 * const d = await requestDiagnosis(inbox, "bearing", req);
 * ```
 */
export async function requestDiagnosis(
  inbox: ReplyCorrelator, fault: FaultKind, request: Uint8Array, policy: AnalysisRetryPolicy = {}, counters?: AnalysisCounters, firstPeer?: string,
): Promise<Diagnosis> {
  const timeout = policy.timeoutMs ?? 3_000;
  const attempts = policy.attempts ?? 4;
  let backoff = policy.backoffMs ?? 20;
  const deadline = Date.now() + (policy.maxTotalMs ?? 12_500);
  const failures: string[] = [];
  let force = false;
  let tried = 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const left = Math.min(timeout, deadline - Date.now());
    if (left < 1) break;
    if (attempt > 1 && counters) counters.retries++;
    tried = attempt;
    const h = natsHeaders();
    h.set(DEADLINE_HEADER, String(Date.now() + left));
    if (force) h.set(FORCE_HEADER, "1");
    // The chosen peer first; a retry (it is busy, gone or slow) goes to the whole queue group.
    const subject = attempt === 1 && firstPeer !== undefined ? analyzeNodeSubject(fault, firstPeer) : analyzeSubject(fault);
    const o = await inbox.request(subject, request, left, h);
    if (o.kind === "reply") {
      let reply;
      try {
        reply = decodeAnalysisReply(o.msg.data);
      } catch (err) {
        if (counters) counters.unavailable++;
        return unavailableVerdict(fault, `the analyzer's reply was not understood: ${(err as Error).message}`);
      }
      if (reply.ok) return reply.diagnosis;
      failures.push(reply.code);
      // A request the analyzer rejected as invalid or failed on will fail again: do not retry it.
      if (reply.code !== "ANALYZER_BUSY") {
        if (counters) counters.unavailable++;
        return unavailableVerdict(fault, `the analyzer failed: ${reply.message}`);
      }
      // Shed by a busy node: ask again at once (another member likely takes it), and make it stick.
      force = true;
      continue;
    } else {
      failures.push(o.kind === "no_responders" ? "no analyzer running" : o.kind === "closed" ? "connection closed" : `timeout ${left} ms`);
      // The chosen peer is gone (or runs a build without the node subject): the group, at once.
      if (attempt === 1 && firstPeer !== undefined && o.kind === "no_responders") continue;
    }
    if (attempt < attempts) {
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, 1_000);
    }
  }
  if (counters) counters.unavailable++;
  return unavailableVerdict(fault, `no analyzer answered after ${tried} attempts (${[...new Set(failures)].join(", ")})`);
}

/**
 * What this node's analyzers made of a request: their reply, or — when they do not serve the
 * fault or are past their bound — ask elsewhere: the peer `spillTo` first when one was chosen,
 * else (and on any retry) the queue group.
 */
export type LocalAttempt = { reply: Promise<AnalysisReply>; spillTo?: undefined } | { reply?: undefined; spillTo?: string };

/** The analyzers of this node, as the vehicle actor sees them (see AnalyzerService.tryLocal). */
export interface LocalAnalyzers {
  tryLocal(fault: FaultKind, req: AnalysisRequest, window?: TelemetryWindow): LocalAttempt;
}

/**
 * One fault's verdict, local-first: this node's analyzers when they keep up, otherwise (with
 * {@link requestDiagnosis}) the peer they chose on `vtox.analyze.<fault>.<nodeId>` first, and the
 * queue group on `vtox.analyze.<fault>` when they chose none, none run here, or for a retry.
 * `encoded` is called at most once, only when a request has to leave the process.
 *
 * @example
 * ```ts
 * const d = await diagnoseFault("bearing", req, () => encodeAnalysisRequest(req), inbox, { local: analyzers });
 * ```
 */
export async function diagnoseFault(
  fault: FaultKind, req: AnalysisRequest, encoded: () => Uint8Array, inbox: ReplyCorrelator,
  o: { local?: LocalAnalyzers | undefined; window?: TelemetryWindow | undefined; policy?: AnalysisRetryPolicy | undefined; counters?: AnalysisCounters | undefined } = {},
): Promise<Diagnosis> {
  const local = o.local?.tryLocal(fault, req, o.window);
  if (local?.reply) {
    const reply = await local.reply;
    if (reply.ok) return reply.diagnosis;
    if (reply.code !== "ANALYZER_BUSY") {
      if (o.counters) o.counters.unavailable++;
      return unavailableVerdict(fault, `the analyzer failed: ${reply.message}`);
    }
  }
  return await requestDiagnosis(inbox, fault, encoded(), o.policy, o.counters, local?.spillTo);
}
