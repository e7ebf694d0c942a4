/**
 * The vehicle side of an analysis: a core-NATS request to the analyzer actors of one fault type
 * with a timeout, retried when it times out, nobody answers or the analyzer is busy; after the
 * last attempt the result is an explicit `unavailable` verdict. No JetStream write per hop: the
 * window is durable in the telemetry stream and the vehicle's mailbox, so a lost request is
 * simply asked again.
 * @module
 */
import type { NatsConnection } from "@nats-io/nats-core";
import type { Diagnosis, FaultKind } from "../domain/mod.ts";
import { decodeAnalysisReply, encodeAnalysisRequest, type AnalysisRequest } from "./analysis_protocol.ts";
import { analyzeSubject } from "./subjects.ts";
import { unavailableVerdict } from "./unavailable_verdict.ts";

/** Retry policy of analyzer requests. */
export interface AnalysisRetryPolicy {
  /** Reply timeout per attempt, ms (default 3 000). */
  timeoutMs?: number;
  /** Attempts before the verdict is `unavailable` (default 4). */
  attempts?: number;
  /** Pause before a retry after a busy or no-responders answer, ms (doubles each time; default 20). */
  backoffMs?: number;
}

/** Counts of what happened to requests, for the node's status. */
export interface AnalysisCounters {
  retries: number;
  unavailable: number;
}

/**
 * Asks the analyzers of `req.fault` for a Diagnosis; never rejects: failures become `unavailable`.
 *
 * @example
 * ```ts
 * const d = await requestDiagnosis(nc, { v: 1, fault: "bearing", window: bytes, windowKey: "ev1.1700000000000", profile });
 * ```
 */
export async function requestDiagnosis(
  nc: NatsConnection, req: AnalysisRequest, policy: AnalysisRetryPolicy = {}, counters?: AnalysisCounters,
): Promise<Diagnosis> {
  const timeout = policy.timeoutMs ?? 3_000;
  const attempts = policy.attempts ?? 4;
  let backoff = policy.backoffMs ?? 20;
  const data = encodeAnalysisRequest(req);
  const failures: string[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1 && counters) counters.retries++;
    try {
      const m = await nc.request(analyzeSubject(req.fault), data, { timeout });
      const reply = decodeAnalysisReply(m.data);
      if (reply.ok) return reply.diagnosis;
      failures.push(reply.code);
      // A request the analyzer rejected as invalid or failed on will fail again: do not retry it.
      if (reply.code !== "ANALYZER_BUSY") {
        if (counters) counters.unavailable++;
        return unavailableVerdict(req.fault, `the analyzer failed: ${reply.message}`);
      }
    } catch (err) {
      const text = String((err as Error).message);
      failures.push(/no responders/i.test(text) ? "no analyzer running" : /timeout/i.test(text) ? `timeout ${timeout} ms` : text);
    }
    await new Promise((r) => setTimeout(r, backoff));
    backoff = Math.min(backoff * 2, 1_000);
  }
  if (counters) counters.unavailable++;
  return unavailableVerdict(req.fault, `no analyzer answered after ${attempts} attempts (${[...new Set(failures)].join(", ")})`);
}
