/**
 * A shard owner whose mailbox consumer stops delivering (its iterator ends without an error, as
 * when the connection closes under it) crashes instead of living on as a zombie that renews
 * nothing useful and consumes nothing: it stops claiming the shard.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { NatsConnection } from "@nats-io/nats-core";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import type { ActorSystem } from "../../actors/runtime/mod.ts";
import type { SupervisorEvent } from "../../supervisor/mod.ts";
import { ledgerKind, startSystem } from "./fixtures.ts";
import { waitFor } from "./wait_for.ts";

let nats: NatsHarness;
let nc: NatsConnection;
let system: ActorSystem;
const events: SupervisorEvent[] = [];

beforeAll(async () => {
  nats = await startNats();
  nc = await nats.connect();
  system = await startSystem(nc, [ledgerKind()], { shards: 2, onSupervisorEvent: (e) => events.push(e) });
});
afterAll(async () => {
  await system?.shutdown();
  await nats?.stop();
});

it("when the consumer's iterator ends while the owner runs, the owner crashes and stops claiming its shard", async () => {
  expect(system.ownedShards()).toEqual([0, 1]);
  await nc.close();
  await waitFor("both owners to crash", () => events.filter((e) => e.type === "exited").length >= 2, 5_000);
  expect(system.ownedShards()).toEqual([]);
  const crashes = events.filter((e) => e.type === "exited").map((e) => `${e.reason}: ${String((e.error as Error | undefined)?.message ?? "")}`);
  expect(crashes.slice(0, 2)).toEqual([
    expect.stringMatching(/^crash: shard \d: the mailbox consumer stopped delivering while the owner was running$/),
    expect.stringMatching(/^crash: shard \d: the mailbox consumer stopped delivering while the owner was running$/),
  ]);
});
