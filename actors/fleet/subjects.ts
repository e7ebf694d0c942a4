/**
 * The fleet's public subjects and stream names (documented in docs/subjects.md). Vehicle ids and
 * fault names are single subject tokens, so `vtox.health.*` or `vtox.alarm.ev-17.>` filter cleanly.
 * @module
 */
import { FAULT_KINDS, type FaultKind } from "../domain/mod.ts";
import type { PartitionedInput } from "../runtime/mod.ts";

/**
 * Stream of incoming telemetry windows, stored as `vtox.tp.<partition>.<vehicleId>` (see
 * {@link TELEMETRY_MAPPING_CONFIG}); it is the vehicle actors' input, read by the owner of each
 * vehicle's shard.
 */
export const TELEMETRY_STREAM = "VTOX_TELEMETRY";
/** Partitions of the telemetry stream (a multiple of every supported shard count: 1, 2, 4, … 64). */
export const TELEMETRY_PARTITIONS = 64;
/**
 * The nats-server configuration every server of a VTOX deployment carries (deploy/nats/*.conf, and
 * every server VTOX starts): a publish on `vtox.telemetry.<vehicleId>` (NATS or MQTT) is stored as
 * `vtox.tp.<fnv1a32(vehicleId) % 64>.<vehicleId>`, on its vehicle's shard. Without it a telemetry
 * publish finds no stream (a JetStream publisher gets "no responders").
 */
export const TELEMETRY_MAPPING_CONFIG = `mappings { "vtox.telemetry.*": "vtox.tp.{{partition(${TELEMETRY_PARTITIONS},1)}}.{{wildcard(1)}}" }`;
/** Telemetry as the vehicle actors' partitioned input: body = the window's CBOR bytes, type `window`. */
export const TELEMETRY_INPUT: PartitionedInput = {
  stream: TELEMETRY_STREAM, subjectPrefix: "vtox.tp", partitions: TELEMETRY_PARTITIONS, kind: "vehicle", type: "window",
};
/** Stream of diagnoses and health reports (`vtox.diagnosis.>`, `vtox.health.>`), deduplicated by msgID. */
export const RESULTS_STREAM = "VTOX_RESULTS";
/** Stream of alarm events (`vtox.alarm.>`), deduplicated by msgID. */
export const ALARMS_STREAM = "VTOX_ALARMS";
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
/**
 * `vtox.analyze.<fault>.<nodeId>`: the analyzers of one fault type on one node, no queue group — a
 * node spills an analysis to the peer it chose, not to a group that may hand it back to itself.
 */
export function analyzeNodeSubject(fault: FaultKind, nodeId: string): string {
  return `vtox.analyze.${fault}.${nodeId}`;
}
/** Queue group of the analyzers of one fault type. */
export function analyzerQueue(fault: FaultKind): string {
  return `vtox-analyzers-${fault}`;
}
/** `vtox.cluster.node.<nodeId>`: a node's periodic fleet status (actors, shards, analyzer backlog). */
export function nodeStatusSubject(nodeId: string): string {
  return `vtox.cluster.node.${nodeId}`;
}

/**
 * JetStream msgID of a result: `<vehicleId>.<windowTs>.<kind>` so a replay after a crash is
 * stored once. `kind` is `health`, `diagnosis.<fault>` or `alarm.<fault>`.
 */
export function resultMsgId(vehicleId: string, windowTs: number, kind: string): string {
  return `${vehicleId}.${windowTs}.${kind}`;
}

/** The five fault types, each with its analyzer actors. */
export const FLEET_FAULTS: readonly FaultKind[] = FAULT_KINDS;
