import { afterAll, beforeAll, expect, it } from "vitest";
import type { NatsConnection } from "@nats-io/nats-core";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import type { ActorSystem } from "../../actors/runtime/mod.ts";
import { ledgerKind, startSystem, type LedgerState } from "./fixtures.ts";

let nats: NatsHarness;
let client: ActorSystem;
let clientNc: NatsConnection;

beforeAll(async () => {
  nats = await startNats();
  clientNc = await nats.connect();
  client = await startSystem(clientNc, [], { ownShards: "none" });
});
afterAll(async () => {
  await client?.shutdown();
  await nats?.stop();
});

const ids = Array.from({ length: 24 }, (_, i) => `h${i}`);
const askAll = () => Promise.all(ids.map((id) => client.ask<LedgerState>("ledger", id, "get", null, { timeoutMs: 10_000 })));

it("a client that learned node A's endpoint follows the shards to node B after A left", async () => {
  const a = await startSystem(await nats.connect(), [ledgerKind()], { nodeId: "A" });
  await Promise.all(ids.map((id, i) => a.tell("ledger", id, "append", i)));
  // Twice: the second round goes to A's endpoint (learned from the first replies).
  await askAll();
  await askAll();
  await a.shutdown();
  const b = await startSystem(await nats.connect(), [ledgerKind()], { nodeId: "B" });
  try {
    // A's endpoint has no responders now: the client falls back to the shard subjects, which B serves.
    const states = await askAll();
    expect(states.map((s) => s.items)).toEqual(ids.map((_, i) => [i]));
    await clientNc.flush();
    const before = clientNc.stats().outMsgs;
    await askAll();
    await clientNc.flush();
    // Learned again: one frame to B's endpoint.
    expect(clientNc.stats().outMsgs - before).toBe(1);
  } finally {
    await b.shutdown();
  }
});
