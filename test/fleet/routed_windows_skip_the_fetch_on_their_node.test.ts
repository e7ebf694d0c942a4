/**
 * A window the node's router validated is analysed on that node without fetching it back from
 * the server: the analyzers take it from the connection's hand-over (RecentWindows). Only the
 * window stored at that reference for that vehicle and timestamp is taken; anything else is
 * fetched (and a missing window still fails with WINDOW_UNAVAILABLE); the hand-over is bounded
 * and scoped to one connection.
 */
import { expect, it } from "vitest";
import {
  AnalyzerService, decodeAnalysisReply, encodeAnalysisRequest, analyzeSubject, planFleet, RecentWindows, recentWindowsOf, runFleetSimulator, TELEMETRY_STREAM, VEHICLE_KIND,
} from "../../actors/fleet/mod.ts";
import { DEFAULT_INDUCTION_PROFILE, parseTelemetryWindow } from "../../actors/domain/mod.ts";
import { decodeValue } from "../../actors/runtime/mod.ts";
import { loadDsp } from "../../wasm/mod.ts";
import { useFleetNats, waitUntil } from "./fleet_fixtures.ts";

const env = useFleetNats();

it("a one-node fleet analyses every routed window from the hand-over, with no direct get", async () => {
  const { nc } = env;
  const node = await env.startNode({ nodeId: "handover", shards: 2 });
  try {
    await node.system.ready();
    const plan = planFleet({ vehicles: 2, faults: "bearing=1", idPrefix: "ho", windowsPerClass: 1 });
    await runFleetSimulator(nc, { vehicles: 2, faults: "", plan, rate: 50, windows: 4 });
    const reports: any[] = [];
    await waitUntil("health reports of both vehicles", async () => {
      reports.length = 0;
      for (const id of ["ho-0", "ho-1"]) reports.push(await node.system.ref(VEHICLE_KIND, id).ask("health"));
      return reports.every((r) => r !== null) && node.counters.windows >= 4;
    }, 30_000);
    for (const r of reports) for (const d of Object.values<any>(r.diagnoses)) expect(d.status).not.toBe("unavailable");
    const analyzers = node.analyzers!;
    expect(analyzers.counts.handedOver).toBe(4);
    expect(analyzers.counts.fetched).toBe(0);
    expect(recentWindowsOf(nc).size).toBe(0);
  } finally {
    await node.stop();
  }
}, 60_000);

it("takes only the window stored at that reference for that vehicle and timestamp; anything else is fetched", async () => {
  const { nats, nc } = env;
  const dsp = await loadDsp();
  const own = await nats.connect();
  const service = AnalyzerService.start({ nc: own, dsp, faults: ["bearing"] });
  // The request goes out on another connection: make sure the server has the queue subscription first.
  await own.flush();
  try {
    const plan = planFleet({ vehicles: 1, faults: "bearing=1", idPrefix: "hv", windowsPerClass: 1 });
    const window = parseTelemetryWindow(decodeValue(plan.windowBytes(0, 0, 5_000)));
    // No stream holds sequence 999999: only the hand-over can answer it.
    const ref = { stream: TELEMETRY_STREAM, seq: 999_999 };
    recentWindowsOf(own).offer(ref, window);
    const ask = async (windowKey: string) => decodeAnalysisReply((await nc.request(analyzeSubject("bearing"),
      encodeAnalysisRequest({ v: 1, ref, refSubject: `vtox.telemetry.${window.vehicleId}`, windowKey, profile: plan.vehicles[0]!.profile ?? DEFAULT_INDUCTION_PROFILE }), { timeout: 10_000 })).data);
    const wrong = await ask(`${window.vehicleId}.4999`);
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.code).toBe("WINDOW_UNAVAILABLE");
    const right = await ask(`${window.vehicleId}.5000`);
    expect(right.ok && right.diagnosis.status).toMatch(/warning|fault/);
    expect(service.counts.handedOver).toBe(1);
    // Another connection (another server, in general) does not see this connection's windows.
    expect(recentWindowsOf(nc).take(ref, `${window.vehicleId}.5000`)).toBeUndefined();
  } finally {
    await service.stop();
    await own.close();
  }
}, 60_000);

it("keeps at most its capacity, dropping the oldest, and hands a window over once", () => {
  const r = new RecentWindows(2);
  const w = (ts: number) => ({ vehicleId: "v", motorId: "m1", timestamp: ts, sampleRateHz: 1000 }) as never;
  for (const seq of [1, 2, 3]) r.offer({ stream: TELEMETRY_STREAM, seq }, w(seq));
  expect(r.size).toBe(2);
  expect(r.take({ stream: TELEMETRY_STREAM, seq: 1 }, "v.1")).toBeUndefined();
  expect(r.take({ stream: TELEMETRY_STREAM, seq: 3 }, "v.3")).toMatchObject({ timestamp: 3 });
  expect(r.take({ stream: TELEMETRY_STREAM, seq: 3 }, "v.3")).toBeUndefined();
  expect(r.counts).toEqual({ offered: 3, taken: 1 });
});
