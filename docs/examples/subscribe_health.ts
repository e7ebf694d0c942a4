/**
 * An external subscriber written only against the documented subjects: a plain NATS client and a
 * generic CBOR decoder, no VTOX code. Prints one JSON line per HealthReport and alarm event.
 *
 *   node --import tsx docs/examples/subscribe_health.ts --server nats://127.0.0.1:4222 [--count 10] [--vehicle ev-03]
 *
 * `--count N` exits after N health reports. The same payloads can be replayed from the
 * VTOX_RESULTS and VTOX_ALARMS streams with any JetStream consumer.
 * @module
 */
import { connect } from "@nats-io/transport-node";
import { decode } from "cbor-x";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { server: { type: "string", default: "nats://127.0.0.1:4222" }, count: { type: "string" }, vehicle: { type: "string", default: "*" } },
});
const count = values.count === undefined ? Infinity : Number(values.count);
if (!(count > 0)) {
  console.error(`--count must be a number > 0, got ${values.count}`);
  process.exit(2);
}

const nc = await connect({ servers: values.server });
let reports = 0;
const vehicle = values.vehicle;

// Alarm events: raised / escalated / cleared, one per change (not one per window).
nc.subscribe(`vtox.alarm.${vehicle}.*`, {
  callback: (_err, m) => {
    const a = decode(m.data);
    console.log(JSON.stringify({ type: "alarm", subject: m.subject, event: a.event, fault: a.fault, level: a.level, severity: a.severity, alarmId: a.alarmId }));
  },
});

// Health reports: one per window and vehicle.
const health = nc.subscribe(`vtox.health.${vehicle}`);
await nc.flush();
console.error(`listening on vtox.health.${vehicle} and vtox.alarm.${vehicle}.* at ${values.server}`);
for await (const m of health) {
  const r = decode(m.data);
  console.log(JSON.stringify({
    type: "health", subject: m.subject, contentType: m.headers?.get("content-type"), vehicleId: r.vehicleId, windowTimestamp: r.windowTimestamp,
    status: r.status, healthIndex: r.healthIndex, findings: r.findings, bearing: r.diagnoses.bearing.status,
  }));
  if (++reports >= count) break;
}
await nc.drain();
