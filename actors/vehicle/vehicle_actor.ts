/**
 * The vehicle actor (`vehicle.<vehicleId>`, virtual: activated by its first window, passivated
 * when idle, state in KV). For each window it asks the analyzer actors of the five fault types in
 * parallel — this node's own while their backlog is short, otherwise a peer with room on
 * `vtox.analyze.<fault>.<nodeId>`, then the queue groups on `vtox.analyze.<fault>` (core NATS,
 * timeout + retry, `unavailable` when none answers) — aggregates their verdicts
 * into a HealthReport, updates the baseline and the alarm tracks, and stores Diagnosis,
 * HealthReport and alarm events in the results/alarms streams. The window is recorded in the
 * actor's state (`recent`) in the same receive that publishes its results, so a window replayed
 * after any outage is skipped; msgIDs (`<vehicleId>.<ts>.<kind>`) cover the one gap left, a crash
 * between the publish and the snapshot (results duplicate window, see fleet_streams.ts).
 *
 * Messages: `window` (body = the CBOR bytes of a TelemetryWindow: an input from the telemetry
 * stream, where the server's partition mapping stores `vtox.telemetry.<vehicleId>` on this
 * vehicle's shard — see subjects.ts — or a tell from a client), `profile` (tell; a
 * VehicleProfile), asks `health` (latest HealthReport or null), `history`, `summary`, and the
 * durable reminder `publish_results` that retries results the results streams did not store in
 * time (see vehicle_outbox.ts: a results outage never dead-letters a window).
 *
 * Time per window stays below the mailbox ack wait (30 s): analyses ≤ 12.5 s (all attempts of a
 * verdict), baseline fetch ≤ 3.3 s, result publish ≤ `publishBudgetMs` (5 s), then the outbox.
 * @module
 */
import type { KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import type { Dsp } from "../../wasm/mod.ts";
import { aggregate, type RememberedBand, updateBaseline } from "../analyzers/mod.ts";
import { bandAfter, bandToPass } from "./bearing_band_memory.ts";
import {
  DEFAULT_INDUCTION_PROFILE, FAULT_KINDS, parseTelemetryWindow, parseVehicleProfile,
  type Diagnosis, type FaultKind, type TelemetryWindow, type VehicleProfile,
} from "../domain/mod.ts";
import {
  diagnoseFault, encodeAnalysisRequest, healthReportMessage, nextAlarm, normalTrack, TelemetryRejectedError, VEHICLE_KIND, windowPublications,
  type AlarmEvent, type AnalysisCounters, type AnalysisRequest, type AnalysisRetryPolicy, type LocalAnalyzers,
} from "../fleet/mod.ts";
import { decodeOwnedValue, decodeValue, JetStreamPublisher, ReplyCorrelator, type ActorContext, type ActorKind, type ActorMessage } from "../runtime/mod.ts";
import { StageTimings } from "./stage_timings.ts";
import { checkOutboxRoom, flushOutbox, PUBLISH_RESULTS_REMINDER, retryOutboxLater } from "./vehicle_outbox.ts";
import { HISTORY_SIZE, initialVehicleState, RECENT_SIZE, type VehicleState } from "./vehicle_state.ts";

/** What the vehicle actor needs from its node. */
export interface VehicleActorDeps {
  nc: NatsConnection;
  /** The DSP core, used only while the baseline is learning (the analyses run on analyzer actors). */
  dsp: Dsp;
  /** Profile bucket (key = vehicle id); a vehicle without an entry uses the default induction profile. */
  profiles?: KV;
  /** Analyzer request policy. */
  analysis?: AnalysisRetryPolicy;
  /** This node's analyzer actors, used first while they keep up (local-first, spill-over by backlog). */
  localAnalyzers?: LocalAnalyzers;
  /** Consecutive normal verdicts that clear an alarm (default 2). */
  clearAfter?: number;
  /** Counters shared with the node status. */
  counters?: VehicleCounters;
  /**
   * Time a window's results may take to be stored before they wait in the outbox and the window
   * is accepted anyway, ms (default 5 000). With the analysis budget (12.5 s) and the baseline
   * fetch (≤ 3.3 s) a window stays below the mailbox ack wait (30 s).
   */
  publishBudgetMs?: number;
}

/** Counters of the vehicle actors of one node. */
export interface VehicleCounters extends AnalysisCounters {
  windows: number;
  duplicates: number;
  rejected: number;
  /** Profile bucket reads that failed or held an invalid profile (the window was diagnosed anyway). */
  profileReadErrors: number;
  alarms: number;
  faultsFound: number;
  /** Windows whose results waited in the outbox (results streams unavailable), and outbox retries. */
  resultsDeferred: number;
  outboxRetries: number;
  /** Where windows spend their time (window timestamp → actor, analysis, publishing). */
  timings: StageTimings;
}

/** Fresh counters. */
export function vehicleCounters(): VehicleCounters {
  return { windows: 0, duplicates: 0, rejected: 0, profileReadErrors: 0, alarms: 0, faultsFound: 0, resultsDeferred: 0, outboxRetries: 0, retries: 0, unavailable: 0, timings: new StageTimings() };
}

/** The vehicle actor kind, plus `close()` for the subscriptions it opened on the node's connection. */
export interface VehicleKind extends ActorKind<VehicleState> {
  /** Closes the kind's reply inbox and result publisher (after the actor system has stopped). */
  close(): void;
}

/**
 * The vehicle actor kind.
 *
 * @example
 * ```ts
 * const kind = vehicleKind({ nc, dsp, profiles });
 * const system = await ActorSystem.start({ nc, kinds: [kind] });
 * // ...
 * await system.shutdown();
 * kind.close();
 * ```
 */
export function vehicleKind(deps: VehicleActorDeps): VehicleKind {
  const counters = deps.counters ?? vehicleCounters();
  // One reply subscription for every analysis request and result publish of this node's vehicles.
  let inbox: ReplyCorrelator | undefined;
  const inboxOf = () => (inbox ??= new ReplyCorrelator(deps.nc));
  let publisher: JetStreamPublisher | undefined;
  const publisherOf = () => (publisher ??= new JetStreamPublisher(deps.nc));
  const budget = deps.publishBudgetMs ?? 5_000;
  const reject = rejectionCounter(counters);
  return {
    kind: VEHICLE_KIND,
    close() {
      inbox?.close();
      publisher?.close();
      inbox = undefined;
      publisher = undefined;
    },
    initialState: (id) => initialVehicleState(id),
    async receive(ctx, msg) {
      switch (msg.type) {
        case "window":
          return await onWindow(deps, inboxOf(), publisherOf(), counters, reject, ctx, msg);
        case PUBLISH_RESULTS_REMINDER: {
          const outbox = ctx.state.outbox ?? [];
          if (!outbox.length) return;
          counters.outboxRetries++;
          const { remaining, error } = await flushOutbox(publisherOf(), outbox, budget);
          if (remaining.length !== outbox.length) ctx.state = { ...ctx.state, outbox: remaining };
          if (remaining.length) {
            ctx.log.warn("results still waiting for the results streams", { vehicle: ctx.state.vehicleId, windows: remaining.length, error: error?.message });
            retryOutboxLater(ctx, typeof msg.body === "number" ? msg.body : 1);
          }
          return;
        }
        case "profile":
          ctx.state = { ...ctx.state, profile: parseVehicleProfile(msg.body), profileSource: "message" };
          return;
        case "health":
          return ctx.reply(ctx.state.latest ?? null);
        case "history":
          return ctx.reply(ctx.state.history);
        case "summary": {
          const { latest, baseline, outbox, ...rest } = ctx.state;
          return ctx.reply({
            ...rest, latestStatus: latest?.status ?? null, baselineWindows: baseline?.windows ?? 0, baselineTurnFaultRef: baseline?.turnFaultCount ?? 0,
            resultsWaiting: outbox?.length ?? 0,
          });
        }
        default:
          throw new TelemetryRejectedError(`vehicle actor: unknown message type ${JSON.stringify(msg.type)}; expected window, profile, health, history, summary or ${PUBLISH_RESULTS_REMINDER}`);
      }
    },
  };
}

async function profileOf(deps: VehicleActorDeps, counters: VehicleCounters, ctx: ActorContext<VehicleState>): Promise<Pick<VehicleState, "profile" | "profileSource">> {
  const s = ctx.state;
  if (s.profile && s.profileSource !== "default") return { profile: s.profile, profileSource: s.profileSource };
  // A vehicle on the default profile looks again now and then: its profile may be registered later.
  if (s.profile && s.windows % 50 !== 0) return { profile: s.profile, profileSource: s.profileSource };
  let entry;
  try {
    entry = await deps.profiles?.get(s.vehicleId);
  } catch (err) {
    // The bucket not answering must not block diagnosis: this window uses what the vehicle had (or
    // the default), and the failure is visible in the log and the node's counters.
    counters.profileReadErrors++;
    ctx.log.warn("vehicle profile unavailable; diagnosing with the profile in use", { vehicle: s.vehicleId, error: (err as Error).message });
    return s.profile ? { profile: s.profile, profileSource: s.profileSource } : { profile: DEFAULT_INDUCTION_PROFILE, profileSource: "default" };
  }
  if (entry && entry.operation === "PUT" && entry.value.length) {
    try {
      return { profile: parseVehicleProfile(decodeValue(entry.value, "vehicle profile")), profileSource: "bucket" };
    } catch (err) {
      // A bad bucket entry must not block diagnosis; fall through to the default.
      counters.profileReadErrors++;
      ctx.log.warn("vehicle profile in the bucket is invalid; using the default", { vehicle: s.vehicleId, error: (err as Error).message });
    }
  }
  return { profile: DEFAULT_INDUCTION_PROFILE, profileSource: "default" };
}

/**
 * Counts each rejected window message once (the runtime retries a failing message before
 * dead-lettering it) and returns the error to throw: the runtime then dead-letters the message
 * with the reason (`vtox.dlq.receive.vehicle.<id>`) instead of dropping it. One per kind instance,
 * so two nodes (or kinds) in one process count their own rejections.
 */
function rejectionCounter(counters: VehicleCounters): (msg: ActorMessage, err: TelemetryRejectedError) => TelemetryRejectedError {
  const counted = new Set<string>();
  return (msg, err) => {
    if (!counted.has(msg.id)) {
      counters.rejected++;
      counted.add(msg.id);
      if (counted.size > 1_000) counted.delete(counted.values().next().value!);
    }
    return err;
  };
}

type Reject = ReturnType<typeof rejectionCounter>;

/** Decodes and checks a `window` message (the CBOR bytes of a TelemetryWindow). */
function windowOf(msg: ActorMessage, vehicleId: string): { window: TelemetryWindow; raw: Uint8Array } {
  if (!(msg.body instanceof Uint8Array)) throw new TelemetryRejectedError(`Cannot diagnose window for ${vehicleId}: body must be the CBOR bytes of a telemetry window`);
  // Decoded in place, not copied first: the bytes are the message as received (a socket read
  // buffer nothing writes to again) or an envelope body the runtime decoded from its own copy, and
  // the Int16 samples are converted to Float32 copies right away.
  return { window: parseTelemetryWindow(decodeOwnedValue(msg.body, "telemetry window")), raw: msg.body };
}

async function onWindow(deps: VehicleActorDeps, inbox: ReplyCorrelator, publisher: JetStreamPublisher, counters: VehicleCounters, reject: Reject, ctx: ActorContext<VehicleState>, msg: ActorMessage,
): Promise<void> {
  const s = ctx.state;
  let window: TelemetryWindow;
  let raw: Uint8Array;
  try {
    ({ window, raw } = windowOf(msg, s.vehicleId));
  } catch (err) {
    throw reject(msg, err instanceof TelemetryRejectedError ? err
      : new TelemetryRejectedError(`Cannot diagnose window for ${s.vehicleId}: ${(err as Error).message}`, { cause: err }));
  }
  if (window.vehicleId !== s.vehicleId) {
    throw reject(msg, new TelemetryRejectedError(`Cannot diagnose window for ${s.vehicleId}: it belongs to vehicle ${JSON.stringify(window.vehicleId)}`));
  }
  if (s.recent.includes(window.timestamp)) {
    counters.duplicates++;
    ctx.state = { ...s, duplicates: s.duplicates + 1 };
    return;
  }
  checkOutboxRoom(s.vehicleId, s.outbox ?? []);
  const t0 = Date.now();
  // The window timestamp is the vehicle's clock: a skewed clock shows up here, not elsewhere.
  counters.timings.add("toActor", t0 - window.timestamp);
  const { profile, profileSource } = await profileOf(deps, counters, ctx);
  const band = bandToPass(s.bearingBand, window, profile!, s.windows);
  const diagnoses = await analyse(deps, inbox, counters, raw, window, profile!, s, band);
  const t1 = Date.now();
  counters.timings.add("analysis", t1 - t0);
  const report = aggregate(window, diagnoses);
  const baseline = updateBaseline(s.baseline, deps.dsp, window, profile!, report);
  const bearingBand = bandAfter(s.bearingBand, diagnoses.bearing, band, window, profile!, s.windows);
  const alarms = { ...s.alarms };
  const events: AlarmEvent[] = [];
  for (const fault of FAULT_KINDS) {
    const { track, event } = nextAlarm(alarms[fault] ?? normalTrack(), diagnoses[fault],
      { vehicleId: s.vehicleId, motorId: window.motorId, windowTimestamp: window.timestamp }, deps.clearAfter ?? 2);
    alarms[fault] = track;
    if (event) events.push(event);
  }
  // Recorded and published in one step: the snapshot after this receive holds the window in
  // `recent` (a replay is skipped whatever the outage) and whatever was not stored in `outbox`.
  const waiting = s.outbox ?? [];
  const latest = healthReportMessage(report);
  const { remaining: outbox, error } = await flushOutbox(publisher, [...waiting, { windowTimestamp: window.timestamp, publications: windowPublications(report, latest, events) }], deps.publishBudgetMs ?? 5_000);
  counters.timings.add("publish", Date.now() - t1);
  if (outbox.length) {
    counters.resultsDeferred++;
    ctx.log.warn("results wait in the outbox: the results streams did not store them", { vehicle: s.vehicleId, windows: outbox.length, error: error?.message });
    // One reminder per outage: later windows join the outbox and the reminder retries them all.
    if (!waiting.length) retryOutboxLater(ctx, 0);
  }
  counters.windows++;
  counters.alarms += events.length;
  counters.faultsFound += report.findings.length;
  const history = [...s.history, { windowTimestamp: window.timestamp, status: report.status, healthIndex: report.healthIndex, findings: report.findings }];
  const recent = [...s.recent, window.timestamp];
  ctx.state = {
    ...s, profile, profileSource, baseline, bearingBand, latest, alarms,
    history: history.slice(-HISTORY_SIZE), recent: recent.slice(-RECENT_SIZE), windows: s.windows + 1, outbox,
  };
}

async function analyse(
  deps: VehicleActorDeps, inbox: ReplyCorrelator, counters: VehicleCounters, raw: Uint8Array, window: TelemetryWindow, profile: VehicleProfile, s: VehicleState,
  bearingBand: RememberedBand | undefined,
): Promise<Record<FaultKind, Diagnosis>> {
  const windowKey = `${window.vehicleId}.${window.timestamp}`;
  const req: AnalysisRequest = {
    v: 1, window: raw, windowKey, profile, ...(s.baseline ? { baseline: s.baseline } : {}),
    ...(bearingBand ? { bearingBand } : {}),
  };
  let bytes: Uint8Array | undefined;
  const encoded = () => (bytes ??= encodeAnalysisRequest(req));
  const verdicts = await Promise.all(FAULT_KINDS.map((fault) => diagnoseFault(fault, req, encoded, inbox, { local: deps.localAnalyzers, window, policy: deps.analysis, counters })));
  return Object.fromEntries(FAULT_KINDS.map((f, i) => [f, verdicts[i]!])) as Record<FaultKind, Diagnosis>;
}
