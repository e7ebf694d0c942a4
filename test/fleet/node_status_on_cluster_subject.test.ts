/**
 * A fleet node's status is a cluster heartbeat: it is published on `vtox.cluster.node.<nodeId>`
 * (DESIGN §5: `vtox.cluster.>` carries cluster events and heartbeats), nothing is published on the
 * old `vtox.fleet.node.*`, and the live summary sees the node from the cluster subject.
 */
import { expect, it } from "vitest";
import { LiveSummary, nodeStatusSubject, type NodeStatus } from "../../actors/fleet/mod.ts";
import { formatLiveSummary } from "../../cli/fleet/mod.ts";
import { decodeValue } from "../../actors/runtime/mod.ts";
import { useFleetNats, waitUntil } from "./fleet_fixtures.ts";

const env = useFleetNats();

it("publishes the node status on vtox.cluster.node.<nodeId> and the live summary lists the node", async () => {
  const { nc } = env;
  expect(nodeStatusSubject("st1")).toBe("vtox.cluster.node.st1");
  const onCluster: any[] = [];
  const onOld: string[] = [];
  const cluster = nc.subscribe("vtox.cluster.node.st1", { callback: (_e, m) => void onCluster.push(decodeValue(m.data)) });
  const old = nc.subscribe("vtox.fleet.node.>", { callback: (_e, m) => void onOld.push(m.subject) });
  const summary = new LiveSummary(nc);
  const node = await env.startNode({ nodeId: "st1", shards: 2, statusPeriodMs: 50 });
  try {
    await waitUntil("a status on the cluster subject", () => onCluster.length >= 2, 30_000);
    expect(onCluster[0].nodeId).toBe("st1");
    expect(onCluster[0].ownedShards).toBeTypeOf("number");
    // Outbox, profile and telemetry backlog are part of the status (zero on a quiet node).
    expect(onCluster[0]).toMatchObject({ resultsDeferred: 0, profileReadErrors: 0, telemetryBacklog: 0, analyzerQueuedMs: 0 });
    await waitUntil("the live summary lists the node", () => summary.snapshot().nodes.some((n) => n.nodeId === "st1"), 30_000);
    expect(onOld).toEqual([]);
  } finally {
    await node.stop();
    summary.stop();
    cluster.unsubscribe();
    old.unsubscribe();
  }
}, 60_000);

it("the live summary shows a node's queued analysis work and its spills, and omits what an older node does not report", () => {
  const node = (over: Partial<NodeStatus>): NodeStatus => ({
    nodeId: "n1", at: 0, activeActors: 3, ownedShards: 2, analyzerBacklog: 0, analyzerBacklogByFault: {}, analyzerQueuedMs: 0,
    analysed: 10, analysedLocally: 10, analysesSpilled: 0, analyzerBusy: 0, analyzerExpired: 0, rejectedTelemetry: 0, windows: 2,
    unavailableVerdicts: 0, analysisRetries: 0, stagesMs: {}, resultsDeferred: 0, profileReadErrors: 0, telemetryBacklog: 0, ...over,
  });
  const text = (n: NodeStatus) => formatLiveSummary({
    vehicles: 1, windows: 2, windowsPerS: 1, faultsFound: {}, vehiclesWithFindings: 0, alarms: { raised: 0, escalated: 0, cleared: 0, active: 0 },
    nodes: [n], reportAgeMs: undefined, undecodable: 0,
  }).split("\n").find((l) => l.includes("node n1:"))!;
  expect(text(node({}))).toContain("analyzer backlog 0 · analyses 10 (local 10) ·");
  const busy = text(node({ analyzerBacklog: 400, analyzerBacklogByFault: { bearing: 400 }, analyzerQueuedMs: 61, analysesSpilled: 7 }));
  expect(busy).toContain("analyzer backlog 400 (bearing 400) ≈ 61 ms of work");
  expect(busy).toContain("(local 10, spilled to peers 7)");
  // A status from a build before analyzerQueuedMs: the backlog alone.
  const older = node({ analyzerBacklog: 5 }) as Partial<NodeStatus>;
  delete older.analyzerQueuedMs;
  expect(text(older as NodeStatus)).toContain("analyzer backlog 5 · analyses");
});
