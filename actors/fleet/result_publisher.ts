/**
 * Publishes a vehicle's results into the results and alarms streams with msgID
 * `<vehicleId>.<windowTs>.<kind>`: a window replayed after a crash is stored once. Plain core
 * subscribers receive the same messages (a JetStream publish is a publish on the subject).
 * The publishes are JetStream publishes done by hand (headers + reply + the stream's JSON ack)
 * over a shared {@link ReplyInbox}, all of a window's in parallel. Transient failures (no ack,
 * leader election after a server crash) are retried with the same msgID.
 * @module
 */
import { headers as natsHeaders } from "@nats-io/nats-core";
import type { FaultKind, HealthReport } from "../domain/mod.ts";
import { encodeValue } from "../runtime/mod.ts";
import type { AlarmEvent } from "./alarm_tracker.ts";
import { FleetError } from "./fleet_error.ts";
import type { ReplyInbox } from "./reply_inbox.ts";
import { alarmSubject, diagnosisSubject, healthSubject, resultMsgId } from "./subjects.ts";

/** Content type header put on every result. */
export const CBOR_CONTENT_TYPE = "application/cbor";

/** One result publication. */
export interface Publication {
  subject: string;
  msgID: string;
  body: unknown;
}

/** What one window produced: five diagnoses, the health report, the alarm events. */
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

const decoder = new TextDecoder();

/** Parses a JetStream publish ack; returns whether it was a duplicate or throws the stream's error. */
function ackOf(data: Uint8Array): { duplicate: boolean } {
  const ack = JSON.parse(decoder.decode(data)) as { stream?: string; duplicate?: boolean; error?: { code?: number; description?: string } };
  if (ack.error) throw new Error(`JetStream error ${ack.error.code ?? "?"}: ${ack.error.description ?? "unknown"}`);
  if (!ack.stream) throw new Error("JetStream ack without a stream");
  return { duplicate: ack.duplicate === true };
}

/**
 * Stores every publication (in parallel), retrying each for up to `retryForMs`. Resolves with how
 * many were new (not duplicates); rejects with FleetError(RESULT_PUBLISH_FAILED) after that.
 */
export async function publishResults(inbox: ReplyInbox, pubs: Publication[], retryForMs = 15_000, ackTimeoutMs = 5_000): Promise<number> {
  const deadline = Date.now() + retryForMs;
  const results = await Promise.all(pubs.map(async (p) => {
    const data = encodeValue(p.body);
    let why = "";
    for (let attempt = 0; ; attempt++) {
      const h = natsHeaders();
      h.set("content-type", CBOR_CONTENT_TYPE);
      h.set("Nats-Msg-Id", p.msgID);
      const o = await inbox.request(p.subject, data, ackTimeoutMs, h);
      if (o.kind === "reply") {
        try {
          return ackOf(o.msg.data).duplicate ? 0 : 1;
        } catch (err) {
          why = (err as Error).message;
        }
      } else why = o.kind === "no_responders" ? "no stream captures the subject (no responders)" : `no ack within ${ackTimeoutMs} ms`;
      if (Date.now() > deadline) throw new FleetError("RESULT_PUBLISH_FAILED", `Cannot store ${p.subject} (${p.msgID}): ${why}`);
      await new Promise((r) => setTimeout(r, Math.min(1_000, 50 * 2 ** attempt)));
    }
  }));
  return results.reduce<number>((a, b) => a + b, 0);
}
