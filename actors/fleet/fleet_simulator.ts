/**
 * The fleet simulator over NATS: registers each vehicle's profile in the profile bucket and
 * publishes its windows on `vtox.telemetry.<vehicleId>` at a fixed total rate, through JetStream
 * (a window counts as sent once the telemetry stream acknowledged it; msgID
 * `<vehicleId>.<timestamp>` makes a retried publish safe). Vehicles take turns round-robin.
 * @module
 */
import { jetstream } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { encodeValue } from "../runtime/mod.ts";
import { FleetConfigError } from "./fleet_error.ts";
import { planFleet, type FleetPlan, type FleetPlanOptions } from "./fleet_plan.ts";
import { PROFILE_BUCKET, TELEMETRY_MAPPING_CONFIG, TELEMETRY_STREAM, telemetrySubject } from "./subjects.ts";

/** Options of {@link runFleetSimulator}. */
export interface FleetSimulatorOptions extends FleetPlanOptions {
  /** Total windows per second across the fleet. */
  rate: number;
  /** Stop after this long, ms (default: until `signal` aborts or `windows` are sent). */
  durationMs?: number;
  /** Stop after this many windows. */
  windows?: number;
  /** Publishes awaiting their ack at most (default 256). */
  maxInFlight?: number;
  /** Stops the simulator. */
  signal?: AbortSignal;
  /** Called about once a second and at the end. */
  onProgress?: (p: FleetSimulatorProgress) => void;
  /** Called for each acknowledged window (vehicle, window timestamp, publish time). */
  onAccepted?: (vehicleId: string, timestamp: number, publishedAt: number) => void;
  /** Skip writing profiles to the profile bucket (default false). */
  skipProfiles?: boolean;
  /** Use a plan made earlier (else one is made from the options). */
  plan?: FleetPlan;
}

/** Progress of a run. */
export interface FleetSimulatorProgress {
  vehicles: number;
  sent: number;
  accepted: number;
  failed: number;
  elapsedMs: number;
  /** Accepted windows per second so far. */
  ratePerS: number;
  /** Last publish error, if any. */
  lastError?: string;
}

/**
 * Runs the simulator; resolves with the final progress.
 *
 * @example
 * ```ts
 * const p = await runFleetSimulator(nc, { vehicles: 20, rate: 10, faults: DEFAULT_FAULT_MIX, durationMs: 30_000 });
 * console.log(`${p.accepted} windows accepted`);
 * ```
 */
export async function runFleetSimulator(nc: NatsConnection, o: FleetSimulatorOptions): Promise<FleetSimulatorProgress> {
  if (!(o.rate > 0 && o.rate <= 1e6)) throw new FleetConfigError(`Invalid simulator: rate must be > 0 windows/s (at most 1e6), got ${o.rate}`);
  if (o.durationMs !== undefined && !(o.durationMs > 0)) throw new FleetConfigError(`Invalid simulator: duration must be > 0 ms, got ${o.durationMs}`);
  if (o.windows !== undefined && !(Number.isInteger(o.windows) && o.windows > 0)) throw new FleetConfigError(`Invalid simulator: windows must be an integer > 0, got ${o.windows}`);
  const plan = o.plan ?? planFleet(o);
  const js = jetstream(nc, { timeout: 10_000 });
  if (!o.skipProfiles) {
    const kv = await new Kvm(nc).create(PROFILE_BUCKET, { history: 1 });
    await Promise.all(plan.vehicles.map((v) => kv.put(v.vehicleId, encodeValue(v.profile))));
  }
  const maxInFlight = o.maxInFlight ?? 256;
  const n = plan.vehicles.length;
  const lastTs = new Float64Array(n);
  const p: FleetSimulatorProgress = { vehicles: n, sent: 0, accepted: 0, failed: 0, elapsedMs: 0, ratePerS: 0 };
  const start = performance.now();
  let inFlight = 0;
  let nextProgress = 1_000;
  const done = () => o.signal?.aborted || (o.windows !== undefined && p.sent >= o.windows)
    || (o.durationMs !== undefined && performance.now() - start >= o.durationMs);
  const report = () => {
    p.elapsedMs = performance.now() - start;
    p.ratePerS = p.accepted / Math.max(0.001, p.elapsedMs / 1000);
    o.onProgress?.({ ...p });
  };
  const publishOne = (i: number) => {
    const v = plan.vehicles[i]!;
    const ts = Math.max(Date.now(), lastTs[i]! + 1);
    lastTs[i] = ts;
    const k = Math.floor(p.sent / n);
    const data = plan.windowBytes(i, k, ts);
    const publishedAt = performance.now();
    p.sent++;
    inFlight++;
    void js.publish(telemetrySubject(v.vehicleId), data, { msgID: `${v.vehicleId}.${ts}`, retries: 3 }).then(
      () => {
        p.accepted++;
        o.onAccepted?.(v.vehicleId, ts, publishedAt);
      },
      (err) => {
        p.failed++;
        p.lastError = telemetryPublishError(v.vehicleId, err as Error);
      },
    ).finally(() => inFlight--);
  };
  while (!done()) {
    const elapsed = performance.now() - start;
    const due = Math.floor((elapsed / 1000) * o.rate) + 1;
    while (p.sent < due && inFlight < maxInFlight && !done()) publishOne(p.sent % n);
    if (elapsed >= nextProgress) {
      report();
      nextProgress += 1_000;
    }
    await new Promise((r) => setTimeout(r, Math.max(1, Math.min(20, 1000 / o.rate))));
  }
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 5));
  report();
  return p;
}

/**
 * The reason a telemetry publish failed, in the user's terms: nats.js reports a JetStream publish
 * that no stream takes ("no responders") as "jetstream is not enabled". That means no VTOX fleet
 * created the telemetry stream, the server lacks the mapping, or — for a few seconds after a
 * server of a cluster failed — the stream is electing a new leader.
 */
function telemetryPublishError(vehicleId: string, err: Error): string {
  const m = err.message ?? String(err);
  if (!/jetstream is not enabled|no responders|503/i.test(m)) return m;
  return `no stream stores ${telemetrySubject(vehicleId)} (${m}): start the fleet nodes (they create ${TELEMETRY_STREAM}) ` +
    `and give nats-server VTOX's telemetry mapping (deploy/nats/*.conf: ${TELEMETRY_MAPPING_CONFIG}); ` +
    `in a cluster this is also what publishes see while a failed server's streams elect new leaders`;
}
