/**
 * Asks queued at a shard owner when it crashes are answered with FENCED, so the caller retries at
 * the shard's next owner at once instead of waiting out its timeout.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import { encodeValue, type ActorSystem } from "../../actors/runtime/mod.ts";
import { ledgerKind, startSystem, type LedgerState } from "./fixtures.ts";
import { waitFor } from "./wait_for.ts";

let nats: NatsHarness;
let system: ActorSystem;

beforeAll(async () => {
  nats = await startNats();
  system = await startSystem(await nats.connect(), [ledgerKind()], { shards: 1, leaseTtlMs: 60_000 });
});
afterAll(async () => {
  await system?.shutdown();
  await nats?.stop();
});

it("an ask queued behind a batch whose snapshot is fenced gets FENCED, is retried and answered by the restarted owner", async () => {
  await system.tell("ledger", "q1", "append", "first");
  await waitFor("first applied", async () => (await system.ask<LedgerState>("ledger", "q1", "get")).items.length === 1);
  const fencedBefore = system.metrics.get("fenced");

  // A slow message keeps the owner busy; meanwhile someone else writes the actor's snapshot, so
  // the owner's CAS write after the slow message is rejected and the owner crashes.
  await system.tell("ledger", "q1", "sleep", 300);
  await new Promise((r) => setTimeout(r, 50));
  const asked = system.ask<LedgerState>("ledger", "q1", "get", null, { timeoutMs: 8_000 });
  await system.topology.state.put("ledger.q1", encodeValue({ s: { items: ["external"], overlaps: 0 }, q: 0 }));

  const v = await asked;
  expect(system.metrics.get("fenced")).toBeGreaterThan(fencedBefore);
  // Answered by the restarted owner, which loaded the external snapshot (the replayed `sleep`
  // appends nothing); a dropped ask would have failed with AskTimeoutError instead.
  expect(v.items).toEqual(["external"]);
});
