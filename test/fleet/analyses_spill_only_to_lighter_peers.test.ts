/**
 * Local-first analysis with peer knowledge: past the threshold (the bound) a vehicle's analysis is
 * spilled — to that peer, on its own subject — only when another node's status (on
 * `vtox.cluster.node.<id>`) reports room, a backlog under half the bound; when every peer is busy — even if less than this
 * node — or none is heard, it queues here (a spill would only add a hop and a window decode). Statuses of this node itself, of nodes not serving the
 * fault, stale ones and malformed ones are ignored. A queue past the bound that would drain within
 * `spillAfterMs` (backlog × mean analysis time) is a burst and stays here too.
 */
import { expect, it } from "vitest";
import { AnalyzerService, diagnoseFault, encodeAnalysisRequest, PeerBacklogs, planFleet, type AnalysisCounters, type NodeStatus } from "../../actors/fleet/mod.ts";
import { DEFAULT_INDUCTION_PROFILE } from "../../actors/domain/mod.ts";
import { encodeValue, ReplyCorrelator } from "../../actors/runtime/mod.ts";
import { loadDsp } from "../../wasm/mod.ts";
import { useFleetNats, waitUntil } from "./fleet_fixtures.ts";

const env = useFleetNats();

function status(nodeId: string, backlog: number, faults = ["bearing"]): NodeStatus {
  return {
    nodeId, at: Date.now(), activeActors: 0, ownedShards: 0, analyzerBacklog: backlog,
    analyzerBacklogByFault: Object.fromEntries(faults.map((f) => [f, backlog])), analyzerQueuedMs: 0, analysed: 0, analysedLocally: 0, analysesSpilled: 0,
    analyzerBusy: 0, analyzerExpired: 0, rejectedTelemetry: 0, windows: 0, unavailableVerdicts: 0, analysisRetries: 0,
    stagesMs: {}, resultsDeferred: 0, profileReadErrors: 0, telemetryBacklog: 0,
  };
}

it("knows the lightest live peer serving a fault, counting what was spilled to it since its status", () => {
  const peers = new PeerBacklogs("me", 3_000);
  expect(peers.lightestPeer("bearing", 1_000)).toBeUndefined();
  peers.heard(status("me", 0), 1_000);
  peers.heard(status("other-fault", 0, ["turn_fault"]), 1_000);
  expect(peers.lightestPeer("bearing", 1_000)).toBeUndefined();
  peers.heard(status("a", 12), 1_000);
  peers.heard(status("b", 5), 1_000);
  expect(peers.lightestPeer("bearing", 1_000)).toEqual({ nodeId: "b", backlog: 5 });
  // Not one subject token: such a peer could not be addressed on vtox.analyze.<fault>.<nodeId>.
  peers.heard(status("x.>", 0), 1_000);
  expect(peers.lightestPeer("bearing", 1_000)?.backlog).toBe(5);
  peers.spilled("b");
  peers.spilled("b");
  peers.spilled("unknown-node");
  expect(peers.lightestPeer("bearing", 1_000)?.backlog).toBe(7);
  // A fresh status replaces the estimate; a status older than maxAge is forgotten.
  peers.heard(status("b", 1), 2_000);
  expect(peers.lightestPeer("bearing", 2_500)?.backlog).toBe(1);
  expect(peers.lightestPeer("bearing", 4_500)?.backlog).toBe(1);
  expect(peers.lightestPeer("bearing", 5_100)).toBeUndefined();
});

it("spills past the threshold only while a peer reports less than half this node's backlog", async () => {
  const { nc } = env;
  const dsp = await loadDsp();
  const peers = PeerBacklogs.watch(nc, "local");
  // threshold = maxBacklog = 2: from the third queued request on, the policy decides (spillAfterMs 0:
  // the queued work counts as long enough at once; the next test covers that condition).
  const local = AnalyzerService.start({ nc, dsp, faults: ["bearing"], maxBacklog: 2, peers, spillAfterMs: 0 });
  try {
    const plan = planFleet({ vehicles: 1, faults: "bearing=1", windowsPerClass: 1 });
    const req = (i: number) => ({ v: 1, window: plan.windowBytes(0, 0, 100 + i), windowKey: `ev-0.${100 + i}`, profile: DEFAULT_INDUCTION_PROFILE });

    // No peer heard: everything queues here, nothing is spilled.
    const alone = Array.from({ length: 4 }, (_, i) => local.tryLocal("bearing", req(i)));
    expect(alone.every((p) => p.reply !== undefined)).toBe(true);
    expect(local.counts.spilled).toBe(0);
    for (const r of await Promise.all(alone.map((p) => p.reply))) expect(r?.ok).toBe(true);

    // A peer as busy as this node: still no spill.
    nc.publish("vtox.cluster.node.busy-peer", encodeValue(status("busy-peer", 40)));
    nc.publish("vtox.cluster.node.garbage", new Uint8Array([0xff, 0x00]));
    await nc.flush();
    await waitUntil("the busy peer's status", () => peers.lightestPeer("bearing")?.backlog === 40, 2_000);
    const even = Array.from({ length: 4 }, (_, i) => local.tryLocal("bearing", req(10 + i)));
    expect(even.every((p) => p.reply !== undefined)).toBe(true);
    expect(local.counts.spilled).toBe(0);
    await Promise.all(even.map((p) => p.reply));

    // An idle peer: requests past the threshold go to that peer (spillTo names it).
    nc.publish("vtox.cluster.node.idle-peer", encodeValue(status("idle-peer", 0)));
    await nc.flush();
    await waitUntil("the idle peer's status", () => peers.lightestPeer("bearing")?.backlog === 0, 2_000);
    const mixed = Array.from({ length: 4 }, (_, i) => local.tryLocal("bearing", req(20 + i)));
    expect(mixed[0]!.reply).toBeDefined();
    expect(mixed.filter((p) => p.spillTo === "idle-peer").length).toBeGreaterThan(0);
    expect(local.counts.spilled).toBe(mixed.filter((p) => p.reply === undefined).length);
    await Promise.all(mixed.map((p) => p.reply));
  } finally {
    await local.stop();
    peers.close();
  }
});

it("does not spill to a peer that is less loaded than this node but has no room itself", async () => {
  const { nc } = env;
  const dsp = await loadDsp();
  const peers = PeerBacklogs.watch(nc, "local2");
  const local = AnalyzerService.start({ nc, dsp, faults: ["bearing"], maxBacklog: 4, peers, spillAfterMs: 0 });
  try {
    const plan = planFleet({ vehicles: 1, faults: "bearing=1", windowsPerClass: 1 });
    const req = (i: number) => ({ v: 1, window: plan.windowBytes(0, 0, 200 + i), windowKey: `ev-0.${200 + i}`, profile: DEFAULT_INDUCTION_PROFILE });
    // This node will hold 12 requests; the peer reports 3: under half of 12, but not under half the bound (2).
    nc.publish("vtox.cluster.node.loaded-peer", encodeValue(status("loaded-peer", 3)));
    await nc.flush();
    await waitUntil("the loaded peer's status", () => peers.lightestPeer("bearing")?.backlog === 3, 2_000);
    const queued = Array.from({ length: 12 }, (_, i) => local.tryLocal("bearing", req(i)));
    expect(queued.every((p) => p.reply !== undefined)).toBe(true);
    expect(local.counts.spilled).toBe(0);
    await Promise.all(queued.map((p) => p.reply));
  } finally {
    await local.stop();
    peers.close();
  }
});

it("keeps a burst past the bound local: spills only while the queued work would wait spillAfterMs", async () => {
  const { nc } = env;
  const dsp = await loadDsp();
  const peers = PeerBacklogs.watch(nc, "local3");
  const plan = planFleet({ vehicles: 1, faults: "bearing=1", windowsPerClass: 1 });
  const req = (i: number) => ({ v: 1, window: plan.windowBytes(0, 0, 300 + i), windowKey: `ev-0.${300 + i}`, profile: DEFAULT_INDUCTION_PROFILE });
  nc.publish("vtox.cluster.node.idle-peer3", encodeValue(status("idle-peer3", 0)));
  await nc.flush();
  await waitUntil("the idle peer's status", () => peers.lightestPeer("bearing")?.backlog === 0, 2_000);
  // Same bound, same idle peer, same backlog; only the wait threshold differs.
  const patient = AnalyzerService.start({ nc, dsp, faults: ["bearing"], maxBacklog: 2, peers, spillAfterMs: 1e9 });
  const eager = AnalyzerService.start({ nc, dsp, faults: ["bearing"], maxBacklog: 2, peers, spillAfterMs: 1e-9 });
  try {
    // Before any analysis ran the mean analysis time is unknown (0): nothing counts as queued work.
    expect(eager.meanAnalysisMs).toBe(0);
    const first = Array.from({ length: 4 }, (_, i) => eager.tryLocal("bearing", req(i)));
    expect(first.every((p) => p.reply !== undefined)).toBe(true);
    expect(eager.counts.spilled).toBe(0);
    await Promise.all(first.map((p) => p.reply));
    await Promise.all(Array.from({ length: 2 }, (_, i) => patient.tryLocal("bearing", req(10 + i)).reply));
    expect(eager.meanAnalysisMs).toBeGreaterThan(0);
    expect(patient.meanAnalysisMs).toBeGreaterThan(0);

    const held = Array.from({ length: 4 }, (_, i) => patient.tryLocal("bearing", req(20 + i)));
    expect(held.every((p) => p.reply !== undefined)).toBe(true);
    expect(patient.queuedWorkMs).toBeCloseTo(4 * patient.meanAnalysisMs);
    expect(patient.counts.spilled).toBe(0);

    const spilled = Array.from({ length: 4 }, (_, i) => eager.tryLocal("bearing", req(30 + i)));
    expect(spilled.slice(0, 2).every((p) => p.reply !== undefined)).toBe(true);
    // The third is spilled (the peer's estimate then counts it, which may leave it without room).
    expect(spilled[2]).toEqual({ spillTo: "idle-peer3" });
    expect(eager.counts.spilled).toBe(spilled.filter((p) => p.reply === undefined).length);
    await Promise.all([...held, ...spilled].map((p) => p.reply));
  } finally {
    await patient.stop();
    await eager.stop();
    peers.close();
  }
});

it("refuses a spill threshold that is not a number >= 0, and a node id that is not one subject token", async () => {
  const dsp = await loadDsp();
  expect(() => AnalyzerService.start({ nc: env.nc, dsp, spillAfterMs: -1 })).toThrow(/spillAfterMs must be a number >= 0 \(Infinity: never spill\), got -1/);
  expect(() => AnalyzerService.start({ nc: env.nc, dsp, spillAfterMs: Number.NaN })).toThrow(/got NaN/);
  expect(() => AnalyzerService.start({ nc: env.nc, dsp, spillAfterMs: "50" as unknown as number })).toThrow(/got "50"/);
  // A wildcard id would subscribe every node's spills.
  expect(() => AnalyzerService.start({ nc: env.nc, dsp, nodeId: "x.>" })).toThrow(/Invalid analyzer options: .*node id must be/);
});

it("sends a spilled analysis to the peer it chose, never back to itself through the queue group", async () => {
  const { nats, nc } = env;
  const dsp = await loadDsp();
  const peers = PeerBacklogs.watch(nc, "n-local");
  const remoteNc = await nats.connect();
  // Both serve the queue group too: a spill sent there would reach "n-local" about half the time
  // and, past its bound, be answered busy.
  const local = AnalyzerService.start({ nc, dsp, faults: ["bearing"], maxBacklog: 16, spillAfterMs: 0, peers, nodeId: "n-local" });
  const remote = AnalyzerService.start({ nc: remoteNc, dsp, faults: ["bearing"], nodeId: "n-peer" });
  const inbox = new ReplyCorrelator(nc);
  try {
    nc.publish("vtox.cluster.node.n-peer", encodeValue(status("n-peer", 0)));
    await nc.flush();
    await waitUntil("the peer's status", () => peers.lightestPeer("bearing")?.backlog === 0, 2_000);
    const plan = planFleet({ vehicles: 1, faults: "bearing=1", windowsPerClass: 1 });
    const reqs = Array.from({ length: 24 }, (_, i) => ({ v: 1, window: plan.windowBytes(0, 0, 400 + i), windowKey: `ev-0.${400 + i}`, profile: DEFAULT_INDUCTION_PROFILE }));
    const counters: AnalysisCounters = { retries: 0, unavailable: 0 };
    const verdicts = await Promise.all(reqs.map((r) => diagnoseFault("bearing", r, () => encodeAnalysisRequest(r), inbox, { local, counters })));
    for (const d of verdicts) expect(["warning", "fault"]).toContain(d.status);
    // 16 queued here (the bound), then spilled while the peer's estimate stays under half the bound.
    expect(local.counts.local).toBe(16);
    expect(local.counts.spilled).toBe(8);
    expect(remote.counts.analysed).toBe(8);
    expect(local.counts.analysed).toBe(16);
    expect(local.counts.busy).toBe(0);
    expect(counters).toEqual({ retries: 0, unavailable: 0 });
  } finally {
    inbox.close();
    await local.stop();
    await remote.stop();
    await remoteNc.close();
    peers.close();
  }
});
