import { afterAll, beforeAll, expect, it } from "vitest";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import { ShardLeases } from "../../actors/runtime/mod.ts";
import { ledgerKind, startSystem, type LedgerState } from "./fixtures.ts";
import { waitFor } from "./wait_for.ts";

let nats: NatsHarness;

beforeAll(async () => {
  nats = await startNats();
});
afterAll(async () => {
  await nats?.stop();
});

it("a graceful shutdown drains, snapshots and releases every lease, so the next node takes over at once", async () => {
  // A 60 s lease: if shutdown did not release, the next node could not start within the test.
  const a = await startSystem(await nats.connect(), [ledgerKind({ delayMs: 1 })], { nodeId: "A", leaseTtlMs: 60_000 });
  const sent = await Promise.all(Array.from({ length: 120 }, (_, i) => a.tell("ledger", `g${i % 6}`, "append", i)));
  expect(sent).toHaveLength(120);
  await a.shutdown();
  const leases = new ShardLeases(a.topology.shards, 60_000);
  for (let s = 0; s < a.shards; s++) {
    const l = await leases.read(s);
    expect(l?.node).toBe("");
  }
  const b = await startSystem(await nats.connect(), [ledgerKind()], { nodeId: "B", leaseTtlMs: 60_000 });
  try {
    expect(b.ownedShards()).toHaveLength(b.shards);
    for (let k = 0; k < 6; k++) {
      await waitFor(`g${k} complete`, async () => (await b.ask<LedgerState>("ledger", `g${k}`, "get")).items.length >= 20);
      const items = (await b.ask<LedgerState>("ledger", `g${k}`, "get")).items;
      expect(items).toEqual(Array.from({ length: 20 }, (_, j) => k + 6 * j));
    }
  } finally {
    await b.shutdown();
  }
});
