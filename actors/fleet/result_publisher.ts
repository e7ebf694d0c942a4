/**
 * Publishes a vehicle's results into the results and alarms streams with msgID
 * `<vehicleId>.<windowTs>.<kind>`: a window replayed after a crash is stored once. Plain core
 * subscribers receive the same messages (a JetStream publish is a publish on the subject).
 * Transient JetStream errors (leader election after a server crash) are retried with the same msgID.
 * @module
 */
import type { JetStreamClient } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/nats-core";
import type { FaultKind, HealthReport } from "../domain/mod.ts";
import { encodeValue } from "../runtime/mod.ts";
import type { AlarmEvent } from "./alarm_tracker.ts";
import { FleetError } from "./fleet_error.ts";
import { alarmSubject, diagnosisSubject, healthSubject, resultMsgId } from "./subjects.ts";

/** Content type header put on every result. */
export const CBOR_CONTENT_TYPE = "application/cbor";

/** One result publication. */
interface Publication {
  subject: string;
  msgID: string;
  body: unknown;
}

/** What one window produced. */
export function windowPublications(report: HealthReport, alarms: AlarmEvent[]): Publication[] {
  const { vehicleId, windowTimestamp: ts } = report;
  const out: Publication[] = [];
  for (const [fault, d] of Object.entries(report.diagnoses) as [FaultKind, HealthReport["diagnoses"][FaultKind]][]) {
    out.push({ subject: diagnosisSubject(vehicleId, fault), msgID: resultMsgId(vehicleId, ts, `diagnosis.${fault}`), body: { vehicleId, motorId: report.motorId, windowTimestamp: ts, ...d } });
  }
  out.push({ subject: healthSubject(vehicleId), msgID: resultMsgId(vehicleId, ts, "health"), body: report });
  for (const a of alarms) out.push({ subject: alarmSubject(vehicleId, a.fault), msgID: resultMsgId(vehicleId, ts, `alarm.${a.fault}`), body: a });
  return out;
}

/**
 * Stores every publication (in parallel), retrying transient errors for up to `retryForMs`.
 * Resolves with how many were new (not duplicates).
 */
export async function publishResults(js: JetStreamClient, pubs: Publication[], retryForMs = 15_000): Promise<number> {
  const deadline = Date.now() + retryForMs;
  const results = await Promise.all(pubs.map(async (p) => {
    const data = encodeValue(p.body);
    for (let attempt = 0; ; attempt++) {
      const h = natsHeaders();
      h.set("content-type", CBOR_CONTENT_TYPE);
      try {
        const ack = await js.publish(p.subject, data, { msgID: p.msgID, headers: h });
        return ack.duplicate ? 0 : 1;
      } catch (err) {
        if (Date.now() > deadline) {
          throw new FleetError("RESULT_PUBLISH_FAILED", `Cannot store ${p.subject} (${p.msgID}): ${(err as Error).message}`, { cause: err });
        }
        await new Promise((r) => setTimeout(r, Math.min(1_000, 50 * 2 ** attempt)));
      }
    }
  }));
  return results.reduce<number>((a, b) => a + b, 0);
}
