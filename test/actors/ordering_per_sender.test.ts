import { afterAll, beforeAll, expect, it } from "vitest";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import type { ActorSystem } from "../../actors/runtime/mod.ts";
import { ledgerKind, startSystem, type LedgerState } from "./fixtures.ts";
import { waitFor } from "./wait_for.ts";

let nats: NatsHarness;
let node: ActorSystem;
let senders: ActorSystem[];

beforeAll(async () => {
  nats = await startNats();
  node = await startSystem(await nats.connect(), [ledgerKind()]);
  // Two independent senders, each on its own connection, as separate clients would be.
  senders = await Promise.all([0, 1].map(async () => startSystem(await nats.connect(), [], { ownShards: "none" })));
});
afterAll(async () => {
  for (const s of senders ?? []) await s.shutdown();
  await node?.shutdown();
  await nats?.stop();
});

it("keeps each sender's pipelined tells in order per actor", async () => {
  const actors = ["o1", "o2", "o3"];
  const perSender = 60;
  await Promise.all(senders.map((s, si) =>
    Promise.all(Array.from({ length: perSender * actors.length }, (_, i) =>
      // Not awaited one by one: all in flight at once.
      s.tell("ledger", actors[i % actors.length]!, "append", { s: si, n: Math.floor(i / actors.length) })
    ))
  ));
  for (const id of actors) {
    await waitFor(`${id} to apply all`, async () => (await node.ask<LedgerState>("ledger", id, "get")).items.length === perSender * 2);
    const items = (await node.ask<LedgerState>("ledger", id, "get")).items as { s: number; n: number }[];
    for (const si of [0, 1]) {
      const seen = items.filter((x) => x.s === si).map((x) => x.n);
      expect(seen).toEqual(Array.from({ length: perSender }, (_, n) => n));
    }
  }
});
