/**
 * A node's fleet status, published every second on `vtox.cluster.node.<nodeId>` (core NATS, CBOR):
 * actors, shards, analyzer backlog per fault type, ingest and diagnosis counters. The live
 * summary and autoscaling read it; nothing depends on receiving every one.
 * @module
 */
import type { NatsConnection } from "@nats-io/nats-core";
import { encodeValue } from "../runtime/mod.ts";
import { nodeStatusSubject } from "./subjects.ts";

/** One status message. */
export interface NodeStatus {
  nodeId: string;
  /** When it was sampled, ms since epoch. */
  at: number;
  activeActors: number;
  ownedShards: number;
  /** Analysis requests queued on this node, total and per fault type. */
  analyzerBacklog: number;
  analyzerBacklogByFault: Record<string, number>;
  /**
   * How long the analyses queued here would keep a new one waiting, ms (backlog × this node's mean
   * analysis time): past the backlog bound and 50 ms of it, the node spills analyses to a peer with room.
   */
  analyzerQueuedMs: number;
  analysed: number;
  /** Of the analyses requested here, how many this node's vehicle actors ran on this node's analyzers. */
  analysedLocally: number;
  /** Analyses this node's vehicle actors sent to a peer with room (this node past its bound and 50 ms of queued work). */
  analysesSpilled: number;
  analyzerBusy: number;
  /** Analysis requests skipped because their requester's deadline had passed. */
  analyzerExpired: number;
  rejectedTelemetry: number;
  windows: number;
  unavailableVerdicts: number;
  analysisRetries: number;
  /** p50/p99 ms of recent windows per stage: window timestamp → vehicle actor, analysis, result publishing. */
  stagesMs: Record<string, { p50: number; p99: number }>;
  /** Windows whose results had to wait in their vehicle's outbox (results streams not storing them in time). */
  resultsDeferred: number;
  /** Profile bucket reads that failed or held an invalid profile (diagnosed with the profile in use). */
  profileReadErrors: number;
  /** Windows stored in the telemetry stream for this node's shards and not yet taken by their vehicles. */
  telemetryBacklog: number;
}

/**
 * Publishes `sample()` every `periodMs`; returns a stop function.
 *
 * @example
 * ```ts
 * const stop = publishNodeStatus(nc, "n1", () => node.status());
 * ```
 */
export function publishNodeStatus(nc: NatsConnection, nodeId: string, sample: () => NodeStatus, periodMs = 1_000): () => void {
  const subject = nodeStatusSubject(nodeId);
  const t = setInterval(() => {
    if (!nc.isClosed()) nc.publish(subject, encodeValue(sample()));
  }, periodMs);
  return () => clearInterval(t);
}
