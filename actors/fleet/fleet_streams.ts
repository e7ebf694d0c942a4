/**
 * Creates (or updates) the fleet's JetStream streams: telemetry in, results and alarms out, each
 * with retention limits. Results and alarms deduplicate by msgID for
 * {@link RESULTS_DUPLICATE_WINDOW_MS}: the vehicle actor records a window in its state in the
 * receive that publishes its results, so the msgIDs only have to cover a crash between that
 * publish and the snapshot recording it — at most a batch held past the mailbox ack wait (30 s)
 * for each of a few redeliveries plus a lease failover; 10 min is ≥ 30 s × 4 deliveries + the
 * lease TTL with a wide margin.
 * @module
 */
import { DiscardPolicy, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { ensureStream } from "../runtime/mod.ts";
import { FleetConfigError } from "./fleet_error.ts";
import { ALARMS_STREAM, PROFILE_BUCKET, RESULTS_STREAM, TELEMETRY_INPUT, TELEMETRY_STREAM } from "./subjects.ts";

/** Retention limits of the fleet streams. */
export interface FleetStreamOptions {
  /** Replicas (1 single server, 3 cluster). Default 1. */
  replicas?: number;
  /** Telemetry kept at most this long, ms (default 24 h) and this many bytes (default 4 GiB). */
  telemetryMaxAgeMs?: number;
  telemetryMaxBytes?: number;
  /** Results kept at most this long, ms (default 7 days) and this many bytes (default 2 GiB). */
  resultsMaxAgeMs?: number;
  resultsMaxBytes?: number;
  /** Alarms kept at most this long, ms (default 90 days). */
  alarmsMaxAgeMs?: number;
  /** Dedupe window of the telemetry msgIDs, ms (default 2 min). */
  duplicateWindowMs?: number;
  /** Dedupe window of the results and alarms msgIDs, ms (default {@link RESULTS_DUPLICATE_WINDOW_MS}). */
  resultsDuplicateWindowMs?: number;
}

/**
 * Default dedupe window of results and alarms, ms: covers a crash between a window's result
 * publish and the snapshot recording the window (see the module doc for the arithmetic).
 */
export const RESULTS_DUPLICATE_WINDOW_MS = 10 * 60_000;

const ns = (ms: number) => ms * 1_000_000;

/** The streams' configurations (exported for docs and tests). */
export function fleetStreamConfigs(o: FleetStreamOptions = {}): Partial<StreamConfig>[] {
  const replicas = o.replicas ?? 1;
  if (![1, 3, 5].includes(replicas)) throw new FleetConfigError(`Invalid fleet streams: replicas must be 1, 3 or 5, got ${replicas}`);
  const dup = ns(o.duplicateWindowMs ?? 120_000);
  const resultsDupMs = o.resultsDuplicateWindowMs ?? RESULTS_DUPLICATE_WINDOW_MS;
  if (!Number.isFinite(resultsDupMs) || resultsDupMs < 100) {
    throw new FleetConfigError(`Invalid fleet streams: resultsDuplicateWindowMs must be >= 100, got ${resultsDupMs}`);
  }
  const resultsDup = ns(resultsDupMs);
  const base = { retention: RetentionPolicy.Limits, storage: StorageType.File, num_replicas: replicas, duplicate_window: dup };
  return [
    // Telemetry: a full stream refuses new windows (explicit error to the publisher), never drops old unprocessed ones silently.
    { ...base, name: TELEMETRY_STREAM, subjects: [`${TELEMETRY_INPUT.subjectPrefix}.>`], discard: DiscardPolicy.New,
      max_age: ns(o.telemetryMaxAgeMs ?? 24 * 3600_000), max_bytes: o.telemetryMaxBytes ?? 4 * 1024 ** 3 },
    { ...base, name: RESULTS_STREAM, subjects: ["vtox.diagnosis.>", "vtox.health.>"], discard: DiscardPolicy.Old, duplicate_window: resultsDup,
      max_age: ns(o.resultsMaxAgeMs ?? 7 * 24 * 3600_000), max_bytes: o.resultsMaxBytes ?? 2 * 1024 ** 3 },
    { ...base, name: ALARMS_STREAM, subjects: ["vtox.alarm.>"], discard: DiscardPolicy.Old, duplicate_window: resultsDup,
      max_age: ns(o.alarmsMaxAgeMs ?? 90 * 24 * 3600_000), max_bytes: 1024 ** 3 },
  ];
}

/** Handles on the fleet's JetStream resources. */
export interface FleetStreams {
  jsm: JetStreamManager;
  profiles: KV;
}

/** Creates the telemetry, results and alarms streams and the profile bucket. Idempotent. */
export async function ensureFleetStreams(nc: NatsConnection, o: FleetStreamOptions = {}): Promise<FleetStreams> {
  const jsm = await jetstreamManager(nc, { timeout: 10_000 });
  for (const cfg of fleetStreamConfigs(o)) await ensureStream(jsm, cfg as Partial<StreamConfig> & { name: string });
  const profiles = await new Kvm(nc).create(PROFILE_BUCKET, { history: 1, replicas: o.replicas ?? 1 });
  return { jsm, profiles };
}
