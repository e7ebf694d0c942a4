import { afterAll, beforeAll, expect, it } from "vitest";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import { SystemStoppedError, type ActorSystem } from "../../actors/runtime/mod.ts";
import { ledgerKind, startSystem } from "./fixtures.ts";

let nats: NatsHarness;
let node: ActorSystem;

beforeAll(async () => {
  nats = await startNats();
  node = await startSystem(await nats.connect(), [ledgerKind()]);
});
afterAll(async () => {
  await node?.shutdown();
  await nats?.stop();
});

it("asks still waiting when their client shuts down fail with SystemStoppedError instead of hanging", async () => {
  const client = await startSystem(await nats.connect(), [], { ownShards: "none" });
  const waiting = client.ask("ledger", "napper", "sleep", 1_000, { timeoutMs: 60_000 }).catch((e: unknown) => e);
  await new Promise((r) => setTimeout(r, 50));
  await client.shutdown();
  const err = await waiting;
  expect(err).toBeInstanceOf(SystemStoppedError);
  expect((err as SystemStoppedError).code).toBe("SYSTEM_STOPPED");
  expect((err as SystemStoppedError).message).toBe("Cannot wait for the reply to an ask to vtox.actor.ledger.napper: the actor system is stopped");
  await expect(client.ask("ledger", "napper", "get")).rejects.toBeInstanceOf(SystemStoppedError);
});
