import { afterAll, beforeAll, expect, it } from "vitest";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import type { ActorKind, ActorSystem } from "../../actors/runtime/mod.ts";
import { startSystem } from "./fixtures.ts";
import { waitFor } from "./wait_for.ts";

let nats: NatsHarness;
let system: ActorSystem;
const inside = new Map<string, number>();
let globalInside = 0;
let globalMax = 0;
let overlaps = 0;

/** Sleeps inside receive and records whether two calls for one actor ever overlap. */
const slow: ActorKind<{ n: number }> = {
  kind: "slow",
  initialState: () => ({ n: 0 }),
  async receive(ctx, msg) {
    const me = ctx.self.key;
    if ((inside.get(me) ?? 0) > 0) overlaps++;
    inside.set(me, (inside.get(me) ?? 0) + 1);
    globalInside++;
    globalMax = Math.max(globalMax, globalInside);
    await new Promise((r) => setTimeout(r, 1));
    if (msg.type === "inc") ctx.state = { n: ctx.state.n + 1 };
    if (msg.type === "get") ctx.reply(ctx.state.n);
    globalInside--;
    inside.set(me, inside.get(me)! - 1);
  },
};

beforeAll(async () => {
  nats = await startNats();
  system = await startSystem(await nats.connect(), [slow], { shards: 16 });
});
afterAll(async () => {
  await system?.shutdown();
  await nats?.stop();
});

it("runs one message at a time per actor while many actors run in parallel, tells and asks mixed", async () => {
  const ids = Array.from({ length: 16 }, (_, i) => `s${i}`);
  const per = 40;
  const work: Promise<unknown>[] = [];
  for (let k = 0; k < per; k++) {
    for (const id of ids) {
      work.push(system.tell("slow", id, "inc"));
      if (k % 5 === 0) work.push(system.ask("slow", id, "get"));
    }
  }
  await Promise.all(work);
  await waitFor("all increments applied", async () => {
    const counts = await Promise.all(ids.map((id) => system.ask<number>("slow", id, "get")));
    return counts.every((c) => c === per);
  }, 30_000);
  expect(overlaps).toBe(0);
  expect(globalMax).toBeGreaterThan(1);
});
