/**
 * The fleet on the cluster: telemetry ingest and routing to vehicle actors, analyzer actors per
 * fault type, results and de-duplicated alarms on the documented subjects (docs/subjects.md),
 * the fleet streams, the fleet simulator over NATS and the live summary.
 *
 * @example
 * ```ts
 * import { ensureFleetStreams, runFleetSimulator, DEFAULT_FAULT_MIX } from "./actors/fleet/mod.ts";
 * await ensureFleetStreams(nc);
 * await runFleetSimulator(nc, { vehicles: 20, rate: 10, faults: DEFAULT_FAULT_MIX, durationMs: 10_000 });
 * ```
 * @module
 */
export { nextAlarm, normalTrack, type AlarmEvent, type AlarmLevel, type AlarmTrack } from "./alarm_tracker.ts";
export { diagnoseFault, requestDiagnosis, type AnalysisCounters, type AnalysisRetryPolicy, type LocalAnalyzers, type LocalAttempt } from "./analysis_client.ts";
export {
  ANALYSIS_PROTOCOL_VERSION, decodeAnalysisReply, decodeAnalysisRequest, encodeAnalysisReply, encodeAnalysisRequest,
  type AnalysisReply, type AnalysisRequest,
} from "./analysis_protocol.ts";
export { AnalyzerService, DEADLINE_HEADER, DEFAULT_MAX_BACKLOG, DEFAULT_SPILL_AFTER_MS, FORCE_HEADER, type AnalyzerServiceOptions } from "./analyzer_service.ts";
export { PeerBacklogs, type PeerChoice, type PeerLoad } from "./peer_backlogs.ts";
export { compactWindow, type CompactWindow } from "./compact_window.ts";
export { assignClasses, DEFAULT_FAULT_MIX, injectionOf, parseFaultMix, type FaultMixEntry } from "./fault_mix.ts";
export { FleetConfigError, FleetError, TelemetryRejectedError, type FleetErrorCode } from "./fleet_error.ts";
export { FLEET_CURRENT_FS, FLEET_VIBRATION_FS, planFleet, type FleetPlan, type FleetPlanOptions, type FleetVehicle } from "./fleet_plan.ts";
export { runFleetSimulator, type FleetSimulatorOptions, type FleetSimulatorProgress } from "./fleet_simulator.ts";
export { ensureFleetStreams, fleetStreamConfigs, RESULTS_DUPLICATE_WINDOW_MS, type FleetStreamOptions, type FleetStreams } from "./fleet_streams.ts";
export { LiveSummary, type LiveSummarySnapshot } from "./live_summary.ts";
export { publishNodeStatus, type NodeStatus } from "./node_status.ts";
export { CBOR_CONTENT_TYPE, publishResults, windowPublications, type Publication } from "./result_publisher.ts";
export { healthReportMessage, type DiagnosisVerdict, type HealthReportMessage } from "./health_message.ts";
export * from "./subjects.ts";
export { unavailableVerdict } from "./unavailable_verdict.ts";
