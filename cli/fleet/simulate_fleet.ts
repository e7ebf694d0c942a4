/**
 * The fleet mode of `vtox simulate`: `--vehicles N --rate R --faults <mix> [--duration S]`
 * publishes telemetry for a simulated fleet over NATS and shows progress; with `--out FILE` it
 * writes the same windows as a CBOR sequence instead. `rate` is windows per second per vehicle.
 * @module
 */
import { writeFile } from "node:fs/promises";
import { connect } from "@nats-io/transport-node";
import { DEFAULT_FAULT_MIX, ensureFleetStreams, FleetConfigError, planFleet, runFleetSimulator } from "../../actors/fleet/mod.ts";

/** A fleet simulation request (already parsed from flags). */
export interface SimulateFleetRequest {
  vehicles: number;
  /** Windows per second per vehicle. */
  ratePerVehicle: number;
  /** Fault mix (default {@link DEFAULT_FAULT_MIX}). */
  faults?: string;
  /** Injected severity (default 0.7). */
  severity?: number;
  /** Run this long, s (default: until SIGINT; with `out`: 10 s of windows). */
  durationS?: number;
  /** NATS URL (default NATS_URL or nats://127.0.0.1:4222). */
  nats?: string;
  /** Write a CBOR sequence to this file instead of publishing. */
  out?: string;
}

/**
 * Runs it; returns the exit code (0 done, 1 publish failures or no connection, 2 bad request).
 *
 * @example
 * ```ts
 * // in cli/commands/simulate.ts, fleet mode:
 * return await runSimulateFleet({ vehicles: 20, ratePerVehicle: 0.5, faults: "healthy=8,bearing=1,broken_bar=1", nats: url });
 * ```
 */
export async function runSimulateFleet(r: SimulateFleetRequest, say: (line: string) => void = (l) => console.error(l)): Promise<number> {
  let plan;
  try {
    if (!(r.ratePerVehicle > 0)) throw new FleetConfigError(`--rate must be > 0 windows/s per vehicle, got ${r.ratePerVehicle}`);
    if (r.durationS !== undefined && !(r.durationS > 0)) throw new FleetConfigError(`--duration must be > 0 s, got ${r.durationS}`);
    plan = planFleet({ vehicles: r.vehicles, faults: r.faults ?? DEFAULT_FAULT_MIX, ...(r.severity !== undefined ? { severity: r.severity } : {}) });
  } catch (err) {
    say(`vtox simulate: ${(err as Error).message}`);
    return 2;
  }
  const counts = new Map<string, number>();
  for (const v of plan.vehicles) counts.set(v.label, (counts.get(v.label) ?? 0) + 1);
  say(`fleet: ${plan.vehicles.length} vehicles (${[...counts].map(([k, n]) => `${k} ${n}`).join(", ")}), ${r.ratePerVehicle} windows/s each`);
  if (r.out) {
    const total = Math.max(1, Math.round((r.durationS ?? 10) * r.ratePerVehicle * plan.vehicles.length));
    const t0 = Date.now();
    const parts: Uint8Array[] = [];
    for (let k = 0; k < total; k++) {
      const i = k % plan.vehicles.length;
      const round = Math.floor(k / plan.vehicles.length);
      parts.push(plan.windowBytes(i, round, t0 + Math.round((round * 1000) / r.ratePerVehicle)));
    }
    const bytes = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
    let off = 0;
    for (const p of parts) {
      bytes.set(p, off);
      off += p.length;
    }
    await writeFile(r.out, bytes);
    console.log(JSON.stringify({ out: r.out, format: "cbor-sequence", windows: total, bytes: bytes.length, vehicles: plan.vehicles.map((v) => ({ vehicleId: v.vehicleId, label: v.label })) }));
    return 0;
  }
  const url = r.nats ?? process.env.NATS_URL ?? "nats://127.0.0.1:4222";
  const nc = await connect({ servers: url.split(","), noAsyncTraces: true }).catch((err) => {
    say(`vtox simulate: cannot connect to NATS at ${url}: ${(err as Error).message}`);
    return undefined;
  });
  if (!nc) return 1;
  const stop = new AbortController();
  const onSig = () => stop.abort();
  process.once("SIGINT", onSig);
  try {
    await ensureFleetStreams(nc);
    const p = await runFleetSimulator(nc, {
      vehicles: r.vehicles, faults: "", plan, rate: r.ratePerVehicle * plan.vehicles.length, signal: stop.signal,
      ...(r.durationS !== undefined ? { durationMs: r.durationS * 1000 } : {}),
      onProgress: (q) => say(`published ${q.accepted} windows (${q.ratePerS.toFixed(1)}/s)${q.failed ? `, ${q.failed} failed: ${q.lastError}` : ""}`),
    });
    console.log(JSON.stringify({ nats: url, vehicles: p.vehicles, sent: p.sent, accepted: p.accepted, failed: p.failed, seconds: +(p.elapsedMs / 1000).toFixed(1) }));
    return p.failed ? 1 : 0;
  } finally {
    process.off("SIGINT", onSig);
    await nc.drain().catch(() => {});
  }
}
