import { afterAll, beforeAll, expect, it } from "vitest";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import type { ActorSystem } from "../../actors/runtime/mod.ts";
import { ledgerKind, startSystem, type LedgerState } from "./fixtures.ts";
import { waitFor } from "./wait_for.ts";

let nats: NatsHarness;
let system: ActorSystem;

beforeAll(async () => {
  nats = await startNats();
  system = await startSystem(await nats.connect(), [ledgerKind()], { idleMs: 150 });
});
afterAll(async () => {
  await system?.shutdown();
  await nats?.stop();
});

it("activates on first message, passivates when idle, and reactivates with its state from KV", async () => {
  await system.tell("ledger", "p1", "append", "a");
  await system.tell("ledger", "p1", "append", "b");
  await waitFor("applied", async () => (await system.ask<LedgerState>("ledger", "p1", "get")).items.length === 2);
  expect(system.metrics.get("activations")).toBe(1);
  await waitFor("passivation", () => system.activeActors === 0 && system.metrics.get("passivations") >= 1);
  const state = await system.ask<LedgerState>("ledger", "p1", "get");
  expect(state.items).toEqual(["a", "b"]);
  expect(system.metrics.get("activations")).toBe(2);
  await system.tell("ledger", "p1", "append", "c");
  await waitFor("applied after reactivation", async () => (await system.ask<LedgerState>("ledger", "p1", "get")).items.length === 3);
  expect((await system.ask<LedgerState>("ledger", "p1", "get")).items).toEqual(["a", "b", "c"]);
});
