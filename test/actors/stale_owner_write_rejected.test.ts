import { afterAll, beforeAll, expect, it } from "vitest";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import {
  decodeValue, FencedError, JetStreamPublisher, ShardLeases, StaleRevisionError, StateStore, type ActorSystem,
} from "../../actors/runtime/mod.ts";
import { ledgerKind, startSystem, type LedgerState } from "./fixtures.ts";
import { waitFor } from "./wait_for.ts";

let nats: NatsHarness;
let nodeA: ActorSystem;

beforeAll(async () => {
  nats = await startNats();
  nodeA = await startSystem(await nats.connect(), [ledgerKind()], { shards: 1, nodeId: "A", leaseTtlMs: 60_000 });
});
afterAll(async () => {
  await nodeA?.shutdown();
  await nats?.stop();
});

it("the server rejects a snapshot write at a stale revision", async () => {
  const store = new StateStore(nodeA.topology.state, new JetStreamPublisher(await nats.connect()));
  const r1 = await store.write("ledger.cas", { items: [1] }, 1, 0);
  await store.write("ledger.cas", { items: [1, 2] }, 2, r1);
  const err = await store.write("ledger.cas", { items: ["stale"] }, 3, r1).catch((e: StaleRevisionError) => e);
  expect(err).toBeInstanceOf(StaleRevisionError);
  expect(String((err as Error).cause)).toMatch(/wrong last sequence.*err_code 10071/);
  expect((await store.load("ledger.cas", () => null)).state).toEqual({ items: [1, 2] });
});

it("after another node takes the shard, the old owner's writes are rejected by the server and it stops owning the shard", async () => {
  await nodeA.tell("ledger", "f1", "append", "by-A");
  await waitFor("A applied", async () => (await nodeA.ask<LedgerState>("ledger", "f1", "get")).items.length === 1);
  const epochBefore = (await new ShardLeases(nodeA.topology.shards, 60_000).read(0))!.epoch;

  // Node B takes over (forced: A's lease has not expired) and writes the actor as the new owner.
  const leasesB = new ShardLeases(nodeA.topology.shards, 60_000);
  const leaseB = await leasesB.tryAcquire(0, "B", true);
  expect(leaseB!.epoch).toBe(epochBefore + 1);
  const storeB = new StateStore(nodeA.topology.state, new JetStreamPublisher(await nats.connect()));
  const snap = await storeB.load<LedgerState>("ledger.f1", () => ({ items: [], overlaps: 0 }));
  await storeB.write("ledger.f1", { ...snap.state, items: [...snap.state.items, "by-B"] }, snap.seq, snap.revision);

  // A still believes it owns the shard; its next snapshot must be rejected.
  const fencedBefore = nodeA.metrics.get("fenced");
  await nodeA.tell("ledger", "f1", "append", "stale-A");
  await waitFor("A fenced", () => nodeA.metrics.get("fenced") > fencedBefore);
  await waitFor("A released the shard", () => nodeA.ownedShards().length === 0);
  const stored = await nodeA.topology.state.get("ledger.f1");
  const value = decodeValue(stored!.value) as { s: LedgerState };
  expect(value.s.items).toEqual(["by-A", "by-B"]);
  // A's lease renewal is rejected by the server too.
  const staleLease = { shard: 0, node: "A", epoch: epochBefore, expiresAt: 0, revision: leaseB!.revision - 1 };
  await expect(leasesB.renew(staleLease)).rejects.toBeInstanceOf(FencedError);
});
