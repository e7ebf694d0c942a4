/**
 * A fleet node: one process's share of the fleet. It hosts the vehicle actors of the shards it
 * owns (actor runtime; each shard owner reads its partitions of the telemetry stream directly),
 * the analyzer actors of the five fault types (queue groups, and this node's own subjects
 * `vtox.analyze.<fault>.<nodeId>` for the analyses peers spill to it) and publishes its status
 * every second.
 * @module
 */
import type { NatsConnection } from "@nats-io/nats-core";
import {
  AnalyzerService, ensureFleetStreams, PeerBacklogs, publishNodeStatus, TELEMETRY_INPUT,
  type AnalysisRetryPolicy, type NodeStatus,
} from "../../actors/fleet/mod.ts";
import { ActorSystem, type ActorLogger, type ActorSystemOptions } from "../../actors/runtime/mod.ts";
import { vehicleCounters, vehicleKind, type VehicleCounters, type VehicleKind } from "../../actors/vehicle/mod.ts";
import { loadDsp } from "../../wasm/mod.ts";

/** Options of {@link startFleetNode}. */
export interface FleetNodeOptions {
  nc: NatsConnection;
  nodeId?: string;
  /** Cluster-wide shard count (default 64). */
  shards?: number;
  /** Shards owned here (default all). */
  ownShards?: number[] | "all" | "none";
  /** Stream and bucket replicas (default 1). */
  replicas?: number;
  /** Run analyzer actors here (default true). */
  analyzers?: boolean;
  /** Vehicle actors use this node's analyzers first while their backlog is short (default true). */
  localFirst?: boolean;
  /** Analyzer backlog bound (default DEFAULT_MAX_BACKLOG). */
  analyzerBacklog?: number;
  /** Queued analysis work, ms, past which this node spills its own analyses to a lighter peer (default DEFAULT_SPILL_AFTER_MS). */
  spillAfterMs?: number;
  /** Analyzer request policy of the vehicle actors. */
  analysis?: AnalysisRetryPolicy;
  /** Passivate vehicles idle this long, ms (default 5 min). */
  idleMs?: number;
  leaseTtlMs?: number;
  /** In-flight messages per shard (runtime default 1024). */
  maxInflightPerShard?: number;
  /** Runtime batch size per shard (default 64: a window batch waits on analyzers, keep it short). */
  batchMax?: number;
  /** Telemetry and mailbox msgID dedupe window, ms (default 2 min). */
  duplicateWindowMs?: number;
  /** Results and alarms msgID dedupe window, ms (default RESULTS_DUPLICATE_WINDOW_MS, 10 min). */
  resultsDuplicateWindowMs?: number;
  /** Time a window's results may take to be stored before they wait in the vehicle's outbox, ms (default 5 s). */
  publishBudgetMs?: number;
  /** Supervisor events of the node's shard tree (restarts, give-ups), e.g. for logging. */
  onSupervisorEvent?: ActorSystemOptions["onSupervisorEvent"];
  /** Status period, ms (default 1000; 0 = no status). */
  statusPeriodMs?: number;
  logger?: ActorLogger;
}

/** A running fleet node. */
export interface FleetNode {
  readonly nodeId: string;
  readonly system: ActorSystem;
  readonly analyzers: AnalyzerService | undefined;
  readonly counters: VehicleCounters;
  /** The status as published. */
  status(): NodeStatus;
  /** Graceful stop: stop routing, drain the shards (snapshots, acks, leases), stop analyzers. */
  stop(): Promise<void>;
}

/**
 * Starts a fleet node on an open connection (not closed by `stop`).
 *
 * @example
 * ```ts
 * const node = await startFleetNode({ nc, nodeId: "n1" });
 * await node.system.ready();
 * // ... publish telemetry on vtox.telemetry.<vehicleId>
 * await node.stop();
 * ```
 */
export async function startFleetNode(o: FleetNodeOptions): Promise<FleetNode> {
  const dsp = await loadDsp();
  const { profiles } = await ensureFleetStreams(o.nc, {
    replicas: o.replicas ?? 1,
    ...(o.duplicateWindowMs ? { duplicateWindowMs: o.duplicateWindowMs } : {}),
    ...(o.resultsDuplicateWindowMs ? { resultsDuplicateWindowMs: o.resultsDuplicateWindowMs } : {}),
  });
  const counters = vehicleCounters();
  // What has been started, undone in reverse order when a later step fails.
  const undo: (() => Promise<void> | void)[] = [];
  let analyzers: AnalyzerService | undefined;
  let peers: PeerBacklogs;
  let system: ActorSystem;
  let kind: VehicleKind;
  try {
    // Chosen here (not by the actor system) so the peer view can skip this node's own status.
    const nodeId = o.nodeId ?? `node-${crypto.randomUUID().slice(0, 8)}`;
    const watching = (peers = PeerBacklogs.watch(o.nc, nodeId));
    undo.push(() => watching.close());
    analyzers = o.analyzers === false ? undefined : AnalyzerService.start({
      nc: o.nc, dsp, peers, nodeId, ...(o.analyzerBacklog ? { maxBacklog: o.analyzerBacklog } : {}),
      ...(o.spillAfterMs !== undefined ? { spillAfterMs: o.spillAfterMs } : {}),
      onError: (fault, err) => o.logger?.warn("analysis failed", { fault, error: err.message }),
    });
    const started = analyzers;
    if (started) undo.push(() => started.stop());
    const k = (kind = vehicleKind({
      nc: o.nc, dsp, profiles, counters, ...(o.analysis ? { analysis: o.analysis } : {}),
      ...(o.publishBudgetMs ? { publishBudgetMs: o.publishBudgetMs } : {}),
      ...(analyzers && o.localFirst !== false ? { localAnalyzers: analyzers } : {}),
    }));
    undo.push(() => k.close());
    system = await ActorSystem.start({
      nc: o.nc,
      nodeId,
      shards: o.shards ?? 64,
      ownShards: o.ownShards ?? "all",
      replicas: o.replicas ?? 1,
      ...(o.duplicateWindowMs ? { duplicateWindowMs: o.duplicateWindowMs } : {}),
      kinds: [kind],
      inputs: [TELEMETRY_INPUT],
      batchMax: o.batchMax ?? 64,
      ...(o.idleMs ? { idleMs: o.idleMs } : {}),
      ...(o.leaseTtlMs ? { leaseTtlMs: o.leaseTtlMs } : {}),
      ...(o.maxInflightPerShard ? { maxInflightPerShard: o.maxInflightPerShard } : {}),
      ...(o.logger ? { logger: o.logger } : {}),
      ...(o.onSupervisorEvent ? { onSupervisorEvent: o.onSupervisorEvent } : {}),
    });
    const sys = system;
    undo.push(() => sys.shutdown());
  } catch (err) {
    for (const step of undo.reverse()) {
      try {
        await step();
      } catch (e) {
        o.logger?.warn("cleanup after a failed node start failed", { error: (e as Error).message });
      }
    }
    throw err;
  }
  const statusMs = o.statusPeriodMs ?? 1_000;
  const status = (): NodeStatus => ({
    nodeId: system.nodeId,
    at: Date.now(),
    activeActors: system.activeActors,
    ownedShards: system.ownedShards().length,
    analyzerBacklog: analyzers?.backlog ?? 0,
    analyzerBacklogByFault: { ...(analyzers?.backlogByFault ?? {}) },
    analyzerQueuedMs: Math.round(analyzers?.queuedWorkMs ?? 0),
    analysed: analyzers?.counts.analysed ?? 0,
    analyzerBusy: analyzers?.counts.busy ?? 0,
    analyzerExpired: analyzers?.counts.expired ?? 0,
    analysedLocally: analyzers?.counts.local ?? 0,
    analysesSpilled: analyzers?.counts.spilled ?? 0,
    rejectedTelemetry: counters.rejected,
    windows: counters.windows,
    unavailableVerdicts: counters.unavailable,
    analysisRetries: counters.retries,
    stagesMs: counters.timings.quantiles(),
    resultsDeferred: counters.resultsDeferred,
    profileReadErrors: counters.profileReadErrors,
    telemetryBacklog: system.inputBacklog,
  });
  const stopStatus = statusMs > 0 ? publishNodeStatus(o.nc, system.nodeId, status, statusMs) : () => {};
  return {
    nodeId: system.nodeId, system, analyzers, counters, status,
    async stop() {
      stopStatus();
      await system.shutdown();
      kind.close();
      await analyzers?.stop();
      peers.close();
    },
  };
}
