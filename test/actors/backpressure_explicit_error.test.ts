import { afterAll, beforeAll, expect, it } from "vitest";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import { ActorSystem, BackpressureError, type ActorKind } from "../../actors/runtime/mod.ts";
import { startSystem } from "./fixtures.ts";

let nats: NatsHarness;

beforeAll(async () => {
  nats = await startNats();
});
afterAll(async () => {
  await nats?.stop();
});

const sluggish: ActorKind<null> = {
  kind: "sluggish",
  initialState: () => null,
  async receive(ctx) {
    await new Promise((r) => setTimeout(r, 50));
    ctx.reply("done");
  },
};

it("refuses asks beyond a shard's in-flight bound with BackpressureError, and serves the rest", async () => {
  const system = await startSystem(await nats.connect(), [sluggish], { shards: 1, maxInflightPerShard: 4, batchMax: 1 });
  try {
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => system.ask("sluggish", "b1", "work", null, { timeoutMs: 20_000 })));
    const refused = results.filter((r) => r.status === "rejected");
    const served = results.filter((r) => r.status === "fulfilled");
    expect(refused.length).toBeGreaterThan(0);
    expect(served.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(BackpressureError);
      expect((r as PromiseRejectedResult).reason.message).toMatch(/queued messages \(limit 4\)/);
    }
    expect(system.metrics.get("backpressure_rejections")).toBe(refused.length);
  } finally {
    await system.shutdown();
  }
});

it("refuses tells when the mailbox stream is full, with BackpressureError (never a silent drop)", async () => {
  const other = await startNats();
  try {
    const client = await ActorSystem.start({ nc: await other.connect(), shards: 4, mailboxMaxMsgs: 5 });
    for (let i = 0; i < 5; i++) await client.tell("nobody", `x${i}`, "m", i);
    const err = await client.tell("nobody", "x5", "m", 5, { retryForMs: 0 }).catch((e: BackpressureError) => e);
    expect(err).toBeInstanceOf(BackpressureError);
    expect((err as BackpressureError).message).toMatch(/mailbox stream is full/);
    expect(client.metrics.get("backpressure_rejections")).toBe(1);
    await client.shutdown();
  } finally {
    await other.stop();
  }
});
