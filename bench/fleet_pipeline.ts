/**
 * Drives the whole fleet pipeline (telemetry stream → vehicle actor on its shard → analyzer actors
 * → results stream) from outside, measuring what a subscriber sees on `vtox.health.*`.
 * @module
 */
import type { NatsConnection } from "@nats-io/nats-core";
import { jetstream } from "@nats-io/jetstream";
import { telemetrySubject, type FleetPlan } from "../actors/fleet/mod.ts";
import { decodeValue } from "../actors/runtime/mod.ts";

/** Collects HealthReport arrivals (on `subject`, `vtox.health.*` by default) keyed by `<vehicleId>.<windowTimestamp>`. */
export class ReportClock {
  readonly arrivals = new Map<string, number>();
  readonly times: number[] = [];
  readonly #sub;
  constructor(nc: NatsConnection, subject = "vtox.health.*") {
    this.#sub = nc.subscribe(subject, {
      callback: (_e, m) => {
        const now = performance.now();
        const r = decodeValue(m.data) as { vehicleId: string; windowTimestamp: number };
        const key = `${r.vehicleId}.${r.windowTimestamp}`;
        if (!this.arrivals.has(key)) {
          this.arrivals.set(key, now);
          this.times.push(now);
        }
      },
    });
  }
  stop(): void {
    this.#sub.unsubscribe();
  }
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * The windows of a sustained run, simulated before the clock starts (like the raw peer's
 * payloads): the measured phase spends no CPU on simulating vehicles. Each has a distinct
 * timestamp, vehicles in turn.
 */
export function sustainedWindows(plan: FleetPlan, windows: number): { vehicleId: string; ts: number; data: Uint8Array }[] {
  const n = plan.vehicles.length;
  const base = Date.now();
  return Array.from({ length: windows }, (_, j) => {
    const i = j % n, ts = base + j;
    return { vehicleId: plan.vehicles[i]!.vehicleId, ts, data: plan.windowBytes(i, Math.floor(j / n), ts) };
  });
}

/**
 * Sustained throughput: the windows offered as fast as the telemetry stream takes them (256
 * JetStream publishes in flight, as the raw peer); the rate is measured over the steady middle
 * (20 %–90 % of the reports). `subjectOf` names where a vehicle's windows are published
 * (`vtox.telemetry.<id>` by default).
 */
export async function sustainedRate(
  nc: NatsConnection, windows: ReturnType<typeof sustainedWindows>, clock: ReportClock, subjectOf: (vehicleId: string) => string = telemetrySubject,
): Promise<{ windowsPerS: number; complete: boolean }> {
  const before = clock.times.length;
  const js = jetstream(nc, { timeout: 10_000 });
  let next = 0;
  await Promise.all(Array.from({ length: 256 }, async () => {
    while (next < windows.length) {
      const w = windows[next++]!;
      await js.publish(subjectOf(w.vehicleId), w.data, { msgID: `${w.vehicleId}.${w.ts}`, retries: 3 });
    }
  }));
  const total = windows.length;
  const complete = await waitFor(() => clock.times.length - before >= total, 600_000);
  const ts = clock.times.slice(before);
  const a = Math.floor(ts.length * 0.2), b = Math.max(a + 1, Math.floor(ts.length * 0.9) - 1);
  return { windowsPerS: (b - a) / ((ts[b]! - ts[a]!) / 1000), complete };
}

/** A half-load schedule: windows simulated in advance, stamped with their publish time. */
export interface LatencySchedule {
  rate: number;
  windows: { key: string; subject: string; ts: number; data: Uint8Array }[];
}

/**
 * Simulates `rate × seconds` windows (vehicles in turn) stamped with the time each is to be
 * published, starting once they are all made (the publishing phase spends no CPU on simulation).
 */
export function latencySchedule(plan: FleetPlan, rate: number, seconds: number): LatencySchedule {
  const n = plan.vehicles.length;
  const count = Math.max(1, Math.round(rate * seconds));
  // Time to simulate the windows before the first is due (measured on a few, with margin).
  const probe = performance.now();
  for (let j = 0; j < 8; j++) plan.windowBytes(j % n, 0, j);
  const t0 = Date.now() + 200 + count * ((performance.now() - probe) / 8) * 2;
  return {
    rate,
    windows: Array.from({ length: count }, (_, j) => {
      const i = j % n, ts = t0 + Math.round((j * 1000) / rate);
      return { key: `${plan.vehicles[i]!.vehicleId}.${ts}`, subject: telemetrySubject(plan.vehicles[i]!.vehicleId), ts, data: plan.windowBytes(i, Math.floor(j / n), ts) };
    }),
  };
}

/** Latency publish → HealthReport: publishes the schedule on time; from each publish call to its report's arrival. */
export async function latencyAt(nc: NatsConnection, schedule: LatencySchedule, clock: ReportClock): Promise<{ p50: number; p99: number; max: number; windows: number; missing: number }> {
  const js = jetstream(nc, { timeout: 10_000 });
  const published = new Map<string, number>();
  const acks: Promise<unknown>[] = [];
  const todo = schedule.windows;
  // Every tick (≤ 5 ms) publishes the windows that are due: a timer per window would cost the
  // load generator more CPU than the publishes themselves.
  let next = 0;
  while (next < todo.length) {
    const now = Date.now();
    while (next < todo.length && todo[next]!.ts <= now) {
      const w = todo[next++]!;
      published.set(w.key, performance.now());
      acks.push(js.publish(w.subject, w.data, { msgID: w.key, retries: 3 }));
    }
    if (next < todo.length) await new Promise((r) => setTimeout(r, Math.min(5, Math.max(1, todo[next]!.ts - Date.now()))));
  }
  await Promise.all(acks);
  await waitFor(() => [...published.keys()].every((k) => clock.arrivals.has(k)), 60_000);
  const lat = [...published].filter(([k]) => clock.arrivals.has(k)).map(([k, at]) => clock.arrivals.get(k)! - at).sort((x, y) => x - y);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
  return { p50: q(0.5), p99: q(0.99), max: lat[lat.length - 1] ?? NaN, windows: lat.length, missing: published.size - lat.length };
}
