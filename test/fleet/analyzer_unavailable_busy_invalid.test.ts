/**
 * Analyzer actors on a real nats-server: with no analyzer running the vehicle's report carries
 * five explicit `unavailable` verdicts with the reason (never a gap); an analyzer whose backlog is
 * full answers ANALYZER_BUSY and the requester's retry still gets every verdict; an invalid
 * request gets an error reply naming what is wrong and is not retried; a request past its
 * requester's deadline is skipped; a stalled member is retried past, and alone it times out into
 * `unavailable`; local-first analysis spills to the queue group when the local backlog grows.
 */
import { afterAll, expect, it } from "vitest";
import { headers } from "@nats-io/nats-core";
import {
  AnalyzerService, analyzeNodeSubject, analyzerQueue, analyzeSubject, DEADLINE_HEADER, PeerBacklogs, diagnoseFault, ensureFleetStreams, TELEMETRY_STREAM, decodeAnalysisReply, encodeAnalysisRequest, planFleet, requestDiagnosis, runFleetSimulator, VEHICLE_KIND,
  type AnalysisCounters,
} from "../../actors/fleet/mod.ts";
import { DEFAULT_INDUCTION_PROFILE } from "../../actors/domain/mod.ts";
import { encodeValue, ReplyCorrelator } from "../../actors/runtime/mod.ts";
import { loadDsp } from "../../wasm/mod.ts";
import type { FleetNode } from "../../cli/fleet/mod.ts";
import { useFleetNats, waitUntil } from "./fleet_fixtures.ts";

const env = useFleetNats();
const inboxes: ReplyCorrelator[] = [];
const inbox2 = () => {
  const i = new ReplyCorrelator(env.nc);
  inboxes.push(i);
  return i;
};

afterAll(() => {
  for (const i of inboxes) i.close();
});

it("reports five unavailable verdicts with the reason when no analyzer runs", async () => {
  const { nc } = env;
  const node: FleetNode = await env.startNode({
    nodeId: "noanalyzers", shards: 2, analyzers: false,
    analysis: { timeoutMs: 200, attempts: 2, backoffMs: 10 },
  });
  try {
    await node.system.ready();
    const plan = planFleet({ vehicles: 1, faults: "bearing=1", idPrefix: "na", windowsPerClass: 1 });
    await runFleetSimulator(nc, { vehicles: 1, faults: "", plan, rate: 10, windows: 1 });
    let report: any = null;
    await waitUntil("a health report", async () => (report = await node.system.ref(VEHICLE_KIND, "na-0").ask("health")) !== null, 30_000);
    expect(report.status).toBe("unknown");
    expect(Object.keys(report.diagnoses).sort()).toEqual(["bearing", "broken_bar", "eccentricity", "insulation", "turn_fault"]);
    for (const d of Object.values<any>(report.diagnoses)) {
      expect(d.status).toBe("unavailable");
      expect(d.reason).toMatch(/no analyzer answered after 2 attempts \(no analyzer running\)/);
    }
    expect(node.counters.unavailable).toBe(5);
  } finally {
    await node.stop();
  }
});

it("sheds a burst beyond the backlog bound as ANALYZER_BUSY once per request, then queues the forced retry", async () => {
  const { nc } = env;
  const dsp = await loadDsp();
  // The bearing analysis (envelope spectrum, spectral kurtosis) takes milliseconds per window: a burst queues.
  const service = AnalyzerService.start({ nc, dsp, faults: ["bearing"], maxBacklog: 1 });
  try {
    const plan = planFleet({ vehicles: 1, faults: "bearing=1", windowsPerClass: 1 });
    const counters: AnalysisCounters = { retries: 0, unavailable: 0 };
    const inbox = new ReplyCorrelator(nc);
    const verdicts = await Promise.all(Array.from({ length: 24 }, (_, i) => requestDiagnosis(inbox, "bearing", encodeAnalysisRequest({
      v: 1, window: plan.windowBytes(0, 0, 1000 + i), windowKey: `ev-0.${1000 + i}`, profile: DEFAULT_INDUCTION_PROFILE,
    }), { timeoutMs: 5_000, attempts: 50, backoffMs: 5 }, counters)));
    inbox.close();
    expect(service.counts.busy).toBeGreaterThan(0);
    // Every shed request came back once, forced, and was queued: no request bounced twice.
    expect(counters.retries).toBe(service.counts.busy);
    expect(service.counts.busy).toBeLessThanOrEqual(24);
    expect(counters.unavailable).toBe(0);
    for (const d of verdicts) expect(["warning", "fault"]).toContain(d.status);
    expect(service.counts.analysed).toBe(24);
  } finally {
    await service.stop();
  }
});

it("answers an invalid request with an error naming the problem, without retrying it", async () => {
  const { nc } = env;
  const dsp = await loadDsp();
  const service = AnalyzerService.start({ nc, dsp, faults: ["bearing"] });
  try {
    const bad = decodeAnalysisReply((await nc.request(analyzeSubject("bearing"), encodeValue({ v: 1, window: "nope", windowKey: "k", profile: DEFAULT_INDUCTION_PROFILE }), { timeout: 2_000 })).data);
    expect(bad).toEqual({ ok: false, code: "ANALYSIS_REQUEST_INVALID", message: "bearing analyzer: Cannot decode analysis request: window must be the CBOR bytes of a telemetry window" });
    const badBand = decodeAnalysisReply((await nc.request(analyzeSubject("bearing"), encodeValue({ v: 1, window: new Uint8Array([1]), windowKey: "k", profile: DEFAULT_INDUCTION_PROFILE, bearingBand: { lowHz: 3000, highHz: 2000 } }), { timeout: 2_000 })).data);
    expect(badBand).toEqual({ ok: false, code: "ANALYSIS_REQUEST_INVALID", message: 'bearing analyzer: Cannot decode analysis request: bearingBand must be { lowHz, highHz } with 0 < lowHz < highHz, got { lowHz: 3000, highHz: 2000 }' });
    const counters: AnalysisCounters = { retries: 0, unavailable: 0 };
    const inbox = new ReplyCorrelator(nc);
    const d = await requestDiagnosis(inbox, "bearing", encodeAnalysisRequest({ v: 1, window: new Uint8Array([0xff, 0x00]), windowKey: "x.1", profile: DEFAULT_INDUCTION_PROFILE }), { attempts: 3 }, counters);
    inbox.close();
    expect(d.status).toBe("unavailable");
    expect(d.reason).toMatch(/^the analyzer failed: bearing analyzer: Cannot decode telemetry window in analysis request/);
    expect(counters.retries).toBe(0);
    expect(service.counts.failed).toBe(3);
  } finally {
    await service.stop();
  }
});

it("skips a request whose requester's deadline has passed instead of analysing it", async () => {
  const { nc } = env;
  const dsp = await loadDsp();
  const service = AnalyzerService.start({ nc, dsp, faults: ["insulation"] });
  try {
    const plan = planFleet({ vehicles: 1, faults: "insulation=1", windowsPerClass: 1 });
    const req = encodeAnalysisRequest({ v: 1, window: plan.windowBytes(0, 0, 5), windowKey: "ev-0.5", profile: DEFAULT_INDUCTION_PROFILE });
    const h = headers();
    h.set(DEADLINE_HEADER, String(Date.now() - 1));
    const outcome = await inbox2().request(analyzeSubject("insulation"), req, 500, h);
    expect(outcome.kind).toBe("timeout");
    expect(service.counts).toMatchObject({ expired: 1, analysed: 0 });
    const live = headers();
    live.set(DEADLINE_HEADER, String(Date.now() + 5_000));
    const ok = await inbox2().request(analyzeSubject("insulation"), req, 5_000, live);
    expect(ok.kind).toBe("reply");
    expect(service.counts).toMatchObject({ expired: 1, analysed: 1 });
  } finally {
    await service.stop();
  }
});

it("retries past a stalled analyzer member and times out into unavailable when only it is left", async () => {
  const { nc } = env;
  // A member of the bearing queue group that takes requests and never answers (a hung node).
  const stalled = nc.subscribe(analyzeSubject("bearing"), { queue: analyzerQueue("bearing"), callback: () => {} });
  await nc.flush();
  const plan = planFleet({ vehicles: 1, faults: "bearing=1", windowsPerClass: 1 });
  const req = encodeAnalysisRequest({ v: 1, window: plan.windowBytes(0, 0, 7), windowKey: "ev-0.7", profile: DEFAULT_INDUCTION_PROFILE });
  const counters: AnalysisCounters = { retries: 0, unavailable: 0 };
  try {
    const alone = await requestDiagnosis(inbox2(), "bearing", req, { timeoutMs: 150, attempts: 3, backoffMs: 5 }, counters);
    expect(alone.status).toBe("unavailable");
    expect(alone.reason).toBe("no analyzer answered after 3 attempts (timeout 150 ms)");
    const service = AnalyzerService.start({ nc, dsp: await loadDsp(), faults: ["bearing"] });
    try {
      // With a live member beside the stalled one, every request is answered within the attempts
      // (each attempt lands on the stalled member with probability 1/2: 24 misses in a row are ~6e-8).
      const verdicts = await Promise.all(Array.from({ length: 8 }, () => requestDiagnosis(inbox2(), "bearing", req, { timeoutMs: 300, attempts: 24, backoffMs: 5 }, counters)));
      for (const d of verdicts) expect(["warning", "fault"]).toContain(d.status);
      expect(counters.unavailable).toBe(1);
    } finally {
      await service.stop();
    }
  } finally {
    stalled.unsubscribe();
  }
});

it("runs a vehicle's analyses on its own node while the backlog is short and spills the rest to the queue group", async () => {
  const { nats, nc } = env;
  const dsp = await loadDsp();
  // "local" is this node's analyzer service (threshold: its bound, backlog 2); "other" is another node's member.
  const local = AnalyzerService.start({ nc, dsp, faults: ["bearing"], maxBacklog: 2, spillAfterMs: 0 });
  const other = AnalyzerService.start({ nc: await nats.connect(), dsp, faults: ["bearing"] });
  try {
    expect(local.tryLocal("turn_fault", { v: 1, windowKey: "x", window: new Uint8Array(), profile: DEFAULT_INDUCTION_PROFILE })).toEqual({});
    const plan = planFleet({ vehicles: 1, faults: "bearing=1", windowsPerClass: 1 });
    const reqs = Array.from({ length: 6 }, (_, i) => ({ v: 1, window: plan.windowBytes(0, 0, 100 + i), windowKey: `ev-0.${100 + i}`, profile: DEFAULT_INDUCTION_PROFILE }));
    const counters: AnalysisCounters = { retries: 0, unavailable: 0 };
    const verdicts = await Promise.all(reqs.map((r) => diagnoseFault("bearing", r, () => encodeAnalysisRequest(r), inbox2(), { local, counters })));
    for (const d of verdicts) expect(["warning", "fault"]).toContain(d.status);
    expect(local.counts.local).toBe(2);
    expect(local.counts.analysed + other.counts.analysed).toBe(6);
    expect(counters.unavailable).toBe(0);
  } finally {
    await local.stop();
    await other.stop();
  }
});

it("a fleet node's analyzers answer on the node's own subject, where peers send their spills", async () => {
  const node: FleetNode = await env.startNode({ nodeId: "direct-node", shards: 2 });
  try {
    await node.system.ready();
    const plan = planFleet({ vehicles: 1, faults: "insulation=1", windowsPerClass: 1 });
    const req = encodeAnalysisRequest({ v: 1, window: plan.windowBytes(0, 0, 7), windowKey: "ev-0.7", profile: DEFAULT_INDUCTION_PROFILE });
    const outcome = await inbox2().request(analyzeNodeSubject("insulation", "direct-node"), req, 5_000);
    expect(outcome.kind).toBe("reply");
    if (outcome.kind === "reply") expect(decodeAnalysisReply(outcome.msg.data)).toMatchObject({ ok: true, diagnosis: { fault: "insulation" } });
    // Another node's subject is not this node's: nobody answers there.
    expect((await inbox2().request(analyzeNodeSubject("insulation", "some-other-node"), req, 2_000)).kind).toBe("no_responders");
  } finally {
    await node.stop();
  }
});

it("falls back to the queue group at once when the peer it spilled to does not answer on its own subject", async () => {
  const { nats, nc } = env;
  const dsp = await loadDsp();
  const peers = PeerBacklogs.watch(nc, "n-spiller");
  // The peer "n-old" reports room but subscribes no node subject (a stopped node, or an older build);
  // the group's member here is "groupOnly", started without a node id.
  const groupOnly = AnalyzerService.start({ nc: await nats.connect(), dsp, faults: ["bearing"] });
  const local = AnalyzerService.start({ nc, dsp, faults: ["bearing"], maxBacklog: 2, spillAfterMs: 0, peers, nodeId: "n-spiller" });
  try {
    nc.publish("vtox.cluster.node.n-old", encodeValue({
      nodeId: "n-old", at: Date.now(), activeActors: 0, ownedShards: 0, analyzerBacklog: 0, analyzerBacklogByFault: { bearing: 0 },
    }));
    await nc.flush();
    await waitUntil("the peer's status", () => peers.lightestPeer("bearing")?.backlog === 0, 2_000);
    const plan = planFleet({ vehicles: 1, faults: "bearing=1", windowsPerClass: 1 });
    const reqs = Array.from({ length: 3 }, (_, i) => ({ v: 1, window: plan.windowBytes(0, 0, 500 + i), windowKey: `ev-0.${500 + i}`, profile: DEFAULT_INDUCTION_PROFILE }));
    const counters: AnalysisCounters = { retries: 0, unavailable: 0 };
    // A backoff longer than the whole budget: a fallback that waited it would end `unavailable`.
    const policy = { backoffMs: 5_000, maxTotalMs: 2_000 };
    const verdicts = await Promise.all(reqs.map((r) => diagnoseFault("bearing", r, () => encodeAnalysisRequest(r), inbox2(), { local, counters, policy })));
    for (const d of verdicts) expect(["warning", "fault"]).toContain(d.status);
    expect(local.counts.spilled).toBe(1);
    expect(counters.unavailable).toBe(0);
    // The spilled request was asked again, in the group (where either member may have taken it).
    expect(counters.retries).toBeGreaterThanOrEqual(1);
    expect(local.counts.analysed + groupOnly.counts.analysed).toBe(3);
  } finally {
    await local.stop();
    await groupOnly.stop();
    peers.close();
  }
});
