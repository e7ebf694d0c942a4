/**
 * The `vtox dev --fleet` workload (what `npm start` runs on the development cluster): a simulated
 * fleet publishing telemetry windows and a live summary every few seconds — vehicles, windows/s,
 * faults found, alarms, per node actors and backlog. The cluster itself (nats-server, node
 * processes, shutdown) is `DevCluster`'s.
 * @module
 */
import type { NatsConnection } from "@nats-io/nats-core";
import { ensureFleetStreams, LiveSummary, runFleetSimulator, type FleetPlan, type LiveSummarySnapshot } from "../../actors/fleet/mod.ts";
import { formatLiveSummary } from "./live_summary_printer.ts";

/** What the fleet workload simulates and how often it reports. */
export interface FleetWorkloadOptions {
  /** The simulated fleet (see `planFleet`); undefined = no simulator, only the summary (bring your own telemetry). */
  plan: FleetPlan | undefined;
  /** Windows per second per vehicle. */
  ratePerVehicle: number;
  /** Summary period, s. */
  summaryEveryS: number;
}

/** How the workload ended. */
export interface FleetWorkloadResult {
  /** Windows the telemetry stream accepted. */
  accepted: number;
  /** Publishes that failed (each counted by the simulator with its error). */
  failed: number;
  lastError: string | undefined;
  /** The summary after the last windows were diagnosed. */
  final: LiveSummarySnapshot;
}

/**
 * Runs until `signal` aborts, then waits briefly for the last windows to be diagnosed and prints
 * the final summary.
 *
 * @example
 * ```ts
 * const plan = planFleet({ vehicles: 20, faults: DEFAULT_FAULT_MIX });
 * const r = await runFleetWorkload(nc, { plan, ratePerVehicle: 0.5, summaryEveryS: 3 }, signal, console.log);
 * if (r.final.windows === 0) console.error("nothing was diagnosed");
 * ```
 */
export async function runFleetWorkload(nc: NatsConnection, o: FleetWorkloadOptions, signal: AbortSignal, say: (s: string) => void): Promise<FleetWorkloadResult> {
  await ensureFleetStreams(nc);
  const live = new LiveSummary(nc);
  const t0 = performance.now();
  let accepted = 0;
  const summary = () => formatLiveSummary(live.snapshot(), { ...(o.plan ? { simulated: accepted } : {}), elapsedS: (performance.now() - t0) / 1000 });
  const timer = setInterval(() => say(summary()), o.summaryEveryS * 1000);
  try {
    let failed = 0, lastError: string | undefined;
    if (o.plan) {
      const p = await runFleetSimulator(nc, {
        vehicles: o.plan.vehicles.length, faults: "", plan: o.plan, rate: o.ratePerVehicle * o.plan.vehicles.length, signal,
        onAccepted: () => void accepted++,
      });
      failed = p.failed;
      lastError = p.lastError;
    } else if (!signal.aborted) {
      await new Promise<void>((r) => signal.addEventListener("abort", () => r(), { once: true }));
    }
    clearInterval(timer);
    // The last windows are still in the analyzers; their reports arrive within a second or two.
    await new Promise((r) => setTimeout(r, 2_000));
    const final = live.snapshot();
    say(summary());
    return { accepted, failed, lastError, final };
  } finally {
    clearInterval(timer);
    live.stop();
  }
}
