/**
 * Formats the fleet's live summary for a terminal: vehicles, windows/s, faults found, alarms and
 * per node actors, shards and analyzer backlog.
 * @module
 */
import type { LiveSummarySnapshot } from "../../actors/fleet/mod.ts";

/**
 * The summary as a few lines of text.
 *
 * @example
 * ```ts
 * const live = new LiveSummary(nc);
 * setInterval(() => console.log(formatLiveSummary(live.snapshot(), { simulated: 1234 })), 2_000);
 * ```
 */
export function formatLiveSummary(s: LiveSummarySnapshot, extra: { simulated?: number; elapsedS?: number } = {}): string {
  const faults = Object.entries(s.faultsFound).map(([k, n]) => `${k} ${n}`).join(", ") || "none";
  const age = s.reportAgeMs ? `, window→report p50 ${s.reportAgeMs.p50.toFixed(0)} ms p99 ${s.reportAgeMs.p99.toFixed(0)} ms` : "";
  const lines = [
    `── fleet${extra.elapsedS !== undefined ? ` @ ${extra.elapsedS.toFixed(0)} s` : ""} ─ vehicles ${s.vehicles} · windows ${s.windows}` +
      `${extra.simulated !== undefined ? ` of ${extra.simulated} sent` : ""} · ${s.windowsPerS.toFixed(1)} windows/s${age}`,
    `   faults found (vehicles): ${faults} · alarms raised ${s.alarms.raised}, escalated ${s.alarms.escalated}, cleared ${s.alarms.cleared}, active ${s.alarms.active}`,
  ];
  // Each node reports the windows waiting for its own shards.
  const ingest = s.nodes.reduce((sum, n) => sum + (n.telemetryBacklog ?? 0), 0);
  if (s.nodes.length) lines.push(`   telemetry backlog (stored, not yet taken by its vehicle): ${ingest}`);
  for (const n of s.nodes) {
    const backlog = Object.entries(n.analyzerBacklogByFault).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(" ");
    // Older nodes' statuses lack the queued time and the spill count: shown only when present.
    const queued = n.analyzerBacklog > 0 && n.analyzerQueuedMs !== undefined ? ` ≈ ${n.analyzerQueuedMs} ms of work` : "";
    const spilled = n.analysesSpilled ? `, spilled to peers ${n.analysesSpilled}` : "";
    lines.push(`   node ${n.nodeId}: ${n.activeActors} actors on ${n.ownedShards} shards · analyzer backlog ${n.analyzerBacklog}${backlog ? ` (${backlog})` : ""}${queued}` +
      ` · analyses ${n.analysed} (local ${n.analysedLocally ?? 0}${spilled}) · windows diagnosed ${n.windows}${n.unavailableVerdicts ? ` · unavailable ${n.unavailableVerdicts}` : ""}${n.rejectedTelemetry ? ` · rejected ${n.rejectedTelemetry}` : ""}`);
  }
  const stages = s.nodes.map((n) => Object.entries(n.stagesMs ?? {}).map(([k, v]) => `${k} ${v.p50}/${v.p99}`).join(", ")).filter(Boolean);
  if (stages.length) lines.push(`   stage ms p50/p99 by node: ${stages.join(" | ")}`);
  if (!s.nodes.length) lines.push("   (no node status yet)");
  return lines.join("\n");
}

/** Where an external system subscribes, with a ready-to-run subscriber (printed at start). */
export function subscribeHint(natsUrl: string): string {
  return [
    `  subscribe    CBOR payloads; subjects and schemas in docs/subjects.md`,
    `    health       vtox.health.<vehicleId>`,
    `    verdicts     vtox.diagnosis.<vehicleId>.<fault>`,
    `    alarms       vtox.alarm.<vehicleId>.<fault>   (replay: JetStream streams VTOX_RESULTS, VTOX_ALARMS)`,
    `    node status  vtox.cluster.node.<nodeId>         (every second)`,
    `  try it       node --import tsx docs/examples/subscribe_health.ts --server ${natsUrl}`,
    `               (in another terminal, in this repository; or: nats sub --server ${natsUrl} 'vtox.alarm.>')`,
  ].join("\n");
}
