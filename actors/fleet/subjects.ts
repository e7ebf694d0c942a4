/**
 * The fleet's public subjects and stream names (documented in docs/subjects.md). Vehicle ids and
 * fault names are single subject tokens, so `vtox.health.*` or `vtox.alarm.ev-17.>` filter cleanly.
 * @module
 */
import { FAULT_KINDS, type FaultKind } from "../domain/mod.ts";

/** Stream of incoming telemetry windows (`vtox.telemetry.>`). */
export const TELEMETRY_STREAM = "VTOX_TELEMETRY";
/** Stream of diagnoses and health reports (`vtox.diagnosis.>`, `vtox.health.>`), deduplicated by msgID. */
export const RESULTS_STREAM = "VTOX_RESULTS";
/** Stream of alarm events (`vtox.alarm.>`), deduplicated by msgID. */
export const ALARMS_STREAM = "VTOX_ALARMS";
/** Durable consumer on the telemetry stream shared by every node's router (work is spread over nodes). */
export const TELEMETRY_ROUTER_CONSUMER = "vtox-telemetry-router";
/** Actor kind of the vehicle actor. */
export const VEHICLE_KIND = "vehicle";
/** KV bucket of vehicle profiles, key = vehicle id, value = CBOR VehicleProfile. */
export const PROFILE_BUCKET = "vtox_profiles";

/** `vtox.telemetry.<vehicleId>`: where a vehicle publishes a TelemetryWindow. */
export function telemetrySubject(vehicleId: string): string {
  return `vtox.telemetry.${vehicleId}`;
}
/** `vtox/telemetry/<vehicleId>`: the same, as an MQTT topic through nats-server's MQTT listener. */
export function telemetryMqttTopic(vehicleId: string): string {
  return `vtox/telemetry/${vehicleId}`;
}
/** `vtox.diagnosis.<vehicleId>.<fault>`: one analyzer's Diagnosis of one window. */
export function diagnosisSubject(vehicleId: string, fault: FaultKind): string {
  return `vtox.diagnosis.${vehicleId}.${fault}`;
}
/** `vtox.health.<vehicleId>`: the aggregated HealthReport of one window. */
export function healthSubject(vehicleId: string): string {
  return `vtox.health.${vehicleId}`;
}
/** `vtox.alarm.<vehicleId>.<fault>`: an AlarmEvent (raised / escalated / cleared). */
export function alarmSubject(vehicleId: string, fault: FaultKind): string {
  return `vtox.alarm.${vehicleId}.${fault}`;
}
/** `vtox.analyze.<fault>`: request subject of the analyzer actors of one fault type (queue group). */
export function analyzeSubject(fault: FaultKind): string {
  return `vtox.analyze.${fault}`;
}
/** Queue group of the analyzers of one fault type. */
export function analyzerQueue(fault: FaultKind): string {
  return `vtox-analyzers-${fault}`;
}
/** `vtox.cluster.node.<nodeId>`: a node's periodic fleet status (actors, shards, analyzer backlog). */
export function nodeStatusSubject(nodeId: string): string {
  return `vtox.cluster.node.${nodeId}`;
}
/** Dead-letter subject of rejected telemetry (stored in the runtime's DLQ stream). */
export const TELEMETRY_DLQ_SUBJECT = "vtox.dlq.telemetry";

/**
 * JetStream msgID of a result: `<vehicleId>.<windowTs>.<kind>` so a replay after a crash is
 * stored once. `kind` is `health`, `diagnosis.<fault>` or `alarm.<fault>`.
 */
export function resultMsgId(vehicleId: string, windowTs: number, kind: string): string {
  return `${vehicleId}.${windowTs}.${kind}`;
}

/** The five fault types, each with its analyzer actors. */
export const FLEET_FAULTS: readonly FaultKind[] = FAULT_KINDS;
