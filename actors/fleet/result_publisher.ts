/**
 * Publishes a vehicle's results into the results and alarms streams with msgID
 * `<vehicleId>.<windowTs>.<kind>`: a window replayed after a crash is stored once. Plain core
 * subscribers receive the same messages (a JetStream publish is a publish on the subject).
 * All of a window's publications go out in parallel through the runtime's JetStreamPublisher
 * (acks on one shared inbox). Transient failures (no ack, leader election after a server crash)
 * are retried with the same msgID within a budget; past it the caller keeps the publications in
 * the vehicle's outbox (see vehicle_outbox.ts) instead of failing the window.
 * @module
 */
import type { FaultKind, HealthReport } from "../domain/mod.ts";
import { encodeValue, PublishRejectedError, type JetStreamPublisher } from "../runtime/mod.ts";
import type { AlarmEvent } from "./alarm_tracker.ts";
import { FleetError } from "./fleet_error.ts";
import type { HealthReportMessage } from "./health_message.ts";
import { alarmSubject, diagnosisSubject, healthSubject, resultMsgId } from "./subjects.ts";

/** Content type header put on every result. */
export const CBOR_CONTENT_TYPE = "application/cbor";

/** One result publication. */
export interface Publication {
  subject: string;
  msgID: string;
  body: unknown;
}

/** What one window produced: five diagnoses (with their evidence), the health report (verdicts only), the alarm events. */
export function windowPublications(report: HealthReport, health: HealthReportMessage, alarms: AlarmEvent[]): Publication[] {
  const { vehicleId, windowTimestamp: ts } = report;
  const out: Publication[] = [];
  for (const [fault, d] of Object.entries(report.diagnoses) as [FaultKind, HealthReport["diagnoses"][FaultKind]][]) {
    out.push({ subject: diagnosisSubject(vehicleId, fault), msgID: resultMsgId(vehicleId, ts, `diagnosis.${fault}`), body: { vehicleId, motorId: report.motorId, windowTimestamp: ts, ...d } });
  }
  out.push({ subject: healthSubject(vehicleId), msgID: resultMsgId(vehicleId, ts, "health"), body: health });
  for (const a of alarms) out.push({ subject: alarmSubject(vehicleId, a.fault), msgID: resultMsgId(vehicleId, ts, `alarm.${a.fault}`), body: a });
  return out;
}

/**
 * Stores every publication (in parallel) through the runtime's {@link JetStreamPublisher} (acks on
 * one shared inbox), retrying each unacknowledged one with the same msgID until `budgetMs` has
 * passed. Resolves with how many were new (not duplicates). Rejects with
 * FleetError(RESULT_PUBLISH_FAILED) naming the first publication that could not be stored; the
 * others stop retrying then (they are published again with the same msgIDs by the caller's retry).
 *
 * @example
 * ```ts
 * const fresh = await publishResults(new JetStreamPublisher(nc), windowPublications(report, healthReportMessage(report), []), 5_000);
 * ```
 */
export async function publishResults(publisher: JetStreamPublisher, pubs: Publication[], budgetMs = 5_000): Promise<number> {
  const deadline = Date.now() + budgetMs;
  const headers = { "content-type": CBOR_CONTENT_TYPE };
  let failed = false;
  const results = await Promise.all(pubs.map(async (p) => {
    const data = encodeValue(p.body);
    for (let attempt = 0; ; attempt++) {
      // A sibling already failed: this window's results are retried as a whole later.
      if (failed) return 0;
      try {
        return (await publisher.publish(p.subject, data, { msgID: p.msgID, headers })).duplicate ? 0 : 1;
      } catch (err) {
        if (failed) return 0;
        // Refused by the stream (wrong config, limits): retrying the same message cannot help.
        const fatal = err instanceof PublishRejectedError;
        if (fatal || Date.now() + backoffOf(attempt) > deadline) {
          failed = true;
          throw new FleetError("RESULT_PUBLISH_FAILED", `Cannot store ${p.subject} (${p.msgID}): ${(err as Error).message}`, { cause: err });
        }
      }
      await new Promise((r) => setTimeout(r, backoffOf(attempt)));
    }
  }));
  return results.reduce<number>((a, b) => a + b, 0);
}

function backoffOf(attempt: number): number {
  return Math.min(1_000, 50 * 2 ** attempt);
}
