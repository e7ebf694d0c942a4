/**
 * A fleet node's status is a cluster heartbeat: it is published on `vtox.cluster.node.<nodeId>`
 * (DESIGN §5: `vtox.cluster.>` carries cluster events and heartbeats), nothing is published on the
 * old `vtox.fleet.node.*`, and the live summary sees the node from the cluster subject.
 */
import { expect, it } from "vitest";
import { LiveSummary, nodeStatusSubject } from "../../actors/fleet/mod.ts";
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
    expect(onCluster[0]).toMatchObject({ resultsDeferred: 0, profileReadErrors: 0, telemetryBacklog: 0 });
    await waitUntil("the live summary lists the node", () => summary.snapshot().nodes.some((n) => n.nodeId === "st1"), 30_000);
    expect(onOld).toEqual([]);
  } finally {
    await node.stop();
    summary.stop();
    cluster.unsubscribe();
    old.unsubscribe();
  }
}, 60_000);
