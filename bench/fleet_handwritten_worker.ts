/**
 * One worker process of bench:fleet's hand-written peer (see fleet_handwritten.ts): the work a
 * window needs by the contract, written by hand without the actor runtime. It pull-consumes
 * windows from the peer's input stream (one consumer shared by every worker), decodes each, runs the five
 * analyzers as a vehicle does (the vehicle's baseline and remembered bearing band kept in memory),
 * aggregates them, stores the five Diagnoses and the HealthReport in a results stream with their
 * msgIDs and acks the window once they are stored. It keeps no durable state, tracks no alarms and
 * routes nothing, so nothing survives its crash exactly once: a measure of the work, not an
 * alternative to the runtime.
 *
 * `node --import tsx bench/fleet_handwritten_worker.ts <nats-url> <stream> <consumer> <subject-prefix>`;
 * prints `ready` once consuming, exits on SIGTERM.
 * @module
 */
import { connect } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { aggregate, analyzeFault, BAND_SCAN_EVERY, bearingBandOf, updateBaseline, type RememberedBand, type VehicleBaseline } from "../actors/analyzers/mod.ts";
import { type Diagnosis, FAULT_KINDS, type FaultKind, parseTelemetryWindow, parseVehicleProfile, type VehicleProfile } from "../actors/domain/mod.ts";
import { healthReportMessage, PROFILE_BUCKET, publishResults, windowPublications } from "../actors/fleet/mod.ts";
import { decodeOwnedValue, decodeValue, JetStreamPublisher } from "../actors/runtime/mod.ts";
import { loadDsp } from "../wasm/mod.ts";

const [url, stream, consumerName, prefix] = process.argv.slice(2);
if (!url || !stream || !consumerName || !prefix) throw new Error("fleet_handwritten_worker: usage: <nats-url> <stream> <consumer> <subject-prefix>");
process.on("SIGTERM", () => process.exit(0));

const dsp = await loadDsp();
const nc = await connect({ servers: url, noAsyncTraces: true });
const profiles = new Map<string, VehicleProfile>();
const kv = await new Kvm(nc).open(PROFILE_BUCKET);
for await (const id of await kv.keys()) {
  const e = await kv.get(id);
  if (e?.value.length) profiles.set(id, parseVehicleProfile(decodeValue(e.value)));
}
const vehicles = new Map<string, { windows: number; baseline?: VehicleBaseline; band?: RememberedBand }>();
const publisher = new JetStreamPublisher(nc);
const messages = await (await jetstream(nc).consumers.get(stream, consumerName)).consume({ max_messages: 256 });
console.log("ready");
for await (const m of messages) {
  const window = parseTelemetryWindow(decodeOwnedValue(m.data, "telemetry window"));
  const profile = profiles.get(window.vehicleId);
  if (!profile) throw new Error(`fleet_handwritten_worker: no profile for ${window.vehicleId} in ${PROFILE_BUCKET}`);
  let v = vehicles.get(window.vehicleId);
  if (!v) vehicles.set(window.vehicleId, (v = { windows: 0 }));
  // As a vehicle does: a full band scan every BAND_SCAN_EVERY-th window, the band it chose between.
  const band = v.windows % BAND_SCAN_EVERY === 0 ? undefined : v.band;
  const diagnoses = {} as Record<FaultKind, Diagnosis>;
  for (const fault of FAULT_KINDS) diagnoses[fault] = analyzeFault(fault, dsp, window, profile, v.baseline, band);
  if (!band) v.band = bearingBandOf(diagnoses.bearing);
  v.windows++;
  const report = aggregate(window, diagnoses);
  v.baseline = updateBaseline(v.baseline, dsp, window, profile, report);
  const pubs = windowPublications(report, healthReportMessage(report), []).map((p) => ({ ...p, subject: `${prefix}.${p.subject}` }));
  publishResults(publisher, pubs).then(() => m.ack(), () => m.nak());
}
