import { describe, expect, it } from "vitest";
import { Kvm } from "@nats-io/kv";
import { jetstreamManager } from "@nats-io/jetstream";
import { DEFAULT_FAULT_MIX, ensureFleetStreams, planFleet, PROFILE_BUCKET } from "../../actors/fleet/mod.ts";
import { decodeValue, encodeValue } from "../../actors/runtime/mod.ts";
import { handwrittenRate } from "../../bench/fleet_handwritten.ts";
import { cpuSecondsOf, ownCpuSeconds } from "../../bench/fleet_cpu.ts";
import { useFleetNats } from "./fleet_fixtures.ts";

const fleet = useFleetNats();

// bench:fleet's hand-written peer is only a fair comparison if it really does the pipeline's work
// per window: every window analysed and its five Diagnoses and HealthReport stored.
describe("bench:fleet hand-written peer", () => {
  it("stores six results per window, reports every window and removes its streams", async () => {
    const { nc, nats } = fleet;
    await ensureFleetStreams(nc);
    const plan = planFleet({ vehicles: 4, faults: DEFAULT_FAULT_MIX, windowsPerClass: 3 });
    const kv = await new Kvm(nc).create(PROFILE_BUCKET, { history: 1 });
    await Promise.all(plan.vehicles.map((v) => kv.put(v.vehicleId, encodeValue(v.profile))));
    // What the peer publishes, as a subscriber sees it: real verdicts, not stored placeholders.
    const diagnoses: { fault: string; status: string; features: Record<string, { value: unknown }> }[] = [];
    const sub = nc.subscribe("bench.handwritten.vtox.diagnosis.>", { callback: (_e, m) => void diagnoses.push(decodeValue(m.data) as (typeof diagnoses)[number]) });
    const r = await handwrittenRate(nc, nats.url, plan, { workers: 1, warmup: 4, windows: 12 }, {
      server: { name: "nats-server", sample: () => cpuSecondsOf(nats.server.child?.pid) },
      publisher: { name: "publisher", sample: ownCpuSeconds },
    });
    sub.unsubscribe();
    expect(r.complete).toBe(true);
    expect(r.resultsStored).toBe(6 * (4 + 12));
    expect(diagnoses).toHaveLength(5 * (4 + 12));
    // Every analyzer gave a verdict; broken_bar alone may say not_applicable (the plan's PMSM motors).
    const verdictless = diagnoses.filter((d) => !["normal", "warning", "fault"].includes(d.status) && !(d.fault === "broken_bar" && d.status === "not_applicable"));
    expect(verdictless.map((d) => `${d.fault} ${d.status}`)).toEqual([]);
    // As a vehicle does: a full band scan on a vehicle's first window, the band remembered after it.
    const scans = diagnoses.filter((d) => d.fault === "bearing").map((d) => d.features.band_scan?.value);
    expect(scans.filter((v) => v === "full")).toHaveLength(4);
    expect(scans.filter((v) => v === "remembered")).toHaveLength(12);
    expect(r.windowsPerS).toBeGreaterThan(0);
    expect(Object.keys(r.cpu)).toEqual(["nats-server", "workers", "publisher"]);
    const streams: string[] = [];
    for await (const s of (await jetstreamManager(nc)).streams.list()) streams.push(s.config.name);
    expect(streams.filter((n) => n.startsWith("BENCH_"))).toEqual([]);
  }, 60_000);

  it("ends the run when a worker dies, instead of waiting for reports that cannot come", async () => {
    const { nc, nats } = fleet;
    const kv = await new Kvm(nc).open(PROFILE_BUCKET);
    const plan = planFleet({ vehicles: 4, faults: DEFAULT_FAULT_MIX, windowsPerClass: 3 });
    for (const v of plan.vehicles) await kv.delete(v.vehicleId);
    const cpu = { server: { name: "nats-server", sample: () => 0 }, publisher: { name: "publisher", sample: () => 0 } };
    // No profiles: the worker refuses the first window and exits 1.
    await expect(handwrittenRate(nc, nats.url, plan, { workers: 1, warmup: 4, windows: 4 }, cpu)).rejects.toThrow(/hand-written worker \d+ exited with 1 during the run/);
  }, 60_000);
});
