import { afterAll, beforeAll, expect, it } from "vitest";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import { nextDue, type ActorKind, type ActorSystem } from "../../actors/runtime/mod.ts";
import { startSystem } from "./fixtures.ts";
import { waitFor } from "./wait_for.ts";

let nats: NatsHarness;
let system: ActorSystem;

/** Starts a repeating timer on `start`, records ticks, stops after `limit`; reminders are recorded too. */
const ticker: ActorKind<{ ticks: number; reminded: string[] }> = {
  kind: "ticker",
  initialState: () => ({ ticks: 0, reminded: [] }),
  receive(ctx, msg) {
    if (msg.type === "start") ctx.startTimer("t", 20, "tick", null, { repeat: true });
    else if (msg.type === "tick") {
      ctx.state = { ...ctx.state, ticks: ctx.state.ticks + 1 };
      if (ctx.state.ticks >= 3) ctx.cancelTimer("t");
    } else if (msg.type === "remind") ctx.setReminder("r", { dueInMs: 50 }, "reminded", msg.body);
    else if (msg.type === "reminded") ctx.state = { ...ctx.state, reminded: [...ctx.state.reminded, `${msg.via}:${String(msg.body)}`] };
    else if (msg.type === "get") ctx.reply(ctx.state);
  },
};

beforeAll(async () => {
  nats = await startNats();
  system = await startSystem(await nats.connect(), [ticker]);
});
afterAll(async () => {
  await system?.shutdown();
  await nats?.stop();
});

it("a repeating timer delivers to the actor until cancelled", async () => {
  await system.tell("ticker", "t1", "start");
  await waitFor("three ticks", async () => (await system.ask<{ ticks: number }>("ticker", "t1", "get")).ticks === 3);
  await new Promise((r) => setTimeout(r, 100));
  expect((await system.ask<{ ticks: number }>("ticker", "t1", "get")).ticks).toBe(3);
});

it("a one-shot durable reminder fires once as a durable message and is removed", async () => {
  await system.tell("ticker", "t2", "remind", "hello");
  await waitFor("reminder", async () => (await system.ask<{ reminded: string[] }>("ticker", "t2", "get")).reminded.length === 1);
  expect((await system.ask<{ reminded: string[] }>("ticker", "t2", "get")).reminded).toEqual(["reminder:hello"]);
  expect(system.metrics.get("reminders_fired")).toBe(1);
  const keys: string[] = [];
  for await (const k of await system.topology.reminders.keys()) keys.push(k);
  expect(keys).toEqual([]);
});

it("nextDue skips the periods missed during an outage: the next slot is the first one in the future", () => {
  // Due at 1000, period 100, back at 1950: one firing now, the next at 2000 (not 9 catch-up firings).
  expect(nextDue(1_000, 100, 1_950)).toBe(2_000);
  expect(nextDue(1_000, 100, 1_000)).toBe(1_100);
  expect(nextDue(1_000, 100, 900)).toBe(1_100);
});
