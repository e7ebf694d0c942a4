/**
 * Asks queued at a shard owner when it crashes are answered with FENCED, so the caller retries at
 * the shard's next owner at once instead of waiting out its timeout.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import { encodeValue, type ActorKind, type ActorSystem } from "../../actors/runtime/mod.ts";
import { startSystem } from "./fixtures.ts";
import { waitFor } from "./wait_for.ts";

let nats: NatsHarness;
let system: ActorSystem;
/** Resolved when a `sleep` message starts (the test and the actor share this process). */
let sleeping: () => void = () => {};

type Notes = { items: string[] };
const slowpoke: ActorKind<Notes> = {
  kind: "slowpoke",
  initialState: () => ({ items: [] }),
  async receive(ctx, msg) {
    if (msg.type === "note") ctx.state = { items: [...ctx.state.items, String(msg.body)] };
    else if (msg.type === "sleep") {
      sleeping();
      await new Promise((r) => setTimeout(r, msg.body as number));
    } else if (msg.type === "get") ctx.reply(ctx.state);
  },
};

beforeAll(async () => {
  nats = await startNats();
  system = await startSystem(await nats.connect(), [slowpoke], { shards: 1, leaseTtlMs: 60_000 });
});
afterAll(async () => {
  await system?.shutdown();
  await nats?.stop();
});

it("an ask queued behind a batch whose snapshot is fenced gets FENCED, is retried and answered by the restarted owner", async () => {
  await system.tell("slowpoke", "q1", "note", "first");
  await waitFor("first applied", async () => (await system.ask<Notes>("slowpoke", "q1", "get")).items.length === 1);
  const fencedBefore = system.metrics.get("fenced");

  // A slow message keeps the owner busy; an ask queues behind it; meanwhile someone else writes
  // the actor's snapshot, so the owner's CAS write after the slow message is rejected and it crashes.
  const started = new Promise<void>((r) => (sleeping = r));
  await system.tell("slowpoke", "q1", "sleep", 300);
  await started;
  const asked = system.ask<Notes>("slowpoke", "q1", "get", null, { timeoutMs: 8_000 });
  await system.topology.state.put("slowpoke.q1", encodeValue({ s: { items: ["external"] }, q: 0 }));

  const v = await asked;
  expect(system.metrics.get("fenced")).toBeGreaterThan(fencedBefore);
  // Answered by the restarted owner, which loaded the external snapshot (the replayed `sleep`
  // changes nothing); a dropped ask would have failed with AskTimeoutError instead.
  expect(v.items).toEqual(["external"]);
});
