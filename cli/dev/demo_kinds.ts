/**
 * The demo workload's actor kinds: `counter` (adds, answers its total) and `greeter` (counts
 * greetings, tells a counter, publishes a line on `vtox.demo.greetings`, and keeps a durable
 * reminder that reports every few seconds). They show tell, ask, actor-to-actor tells, publishes,
 * timers and reminders working; the fleet arrives in a later issue.
 * @module
 */
import type { ActorKind } from "../../actors/runtime/mod.ts";

/** `add(n)` adds; `get` replies the total. */
export const counterKind: ActorKind<{ total: number; updates: number }> = {
  kind: "counter",
  initialState: () => ({ total: 0, updates: 0 }),
  receive(ctx, msg) {
    if (msg.type === "add") {
      const n = typeof msg.body === "number" && Number.isFinite(msg.body) ? msg.body : 0;
      ctx.state = { total: ctx.state.total + n, updates: ctx.state.updates + 1 };
    } else if (msg.type === "get") {
      ctx.reply(ctx.state);
    }
  },
};

/** `greet(name)` counts, tells `counter/greetings` +1 and publishes; a reminder reports periodically. */
export const greeterKind: ActorKind<{ greeted: number; reports: number }> = {
  kind: "greeter",
  initialState: () => ({ greeted: 0, reports: 0 }),
  receive(ctx, msg) {
    switch (msg.type) {
      case "greet": {
        if (ctx.state.greeted === 0) ctx.setReminder("report", { dueInMs: 2_000, periodMs: 5_000 }, "report");
        ctx.state = { ...ctx.state, greeted: ctx.state.greeted + 1 };
        ctx.tell("counter", "greetings", "add", 1);
        ctx.publish("vtox.demo.greetings", { greeter: ctx.self.id, name: msg.body, n: ctx.state.greeted });
        break;
      }
      case "report":
        ctx.state = { ...ctx.state, reports: ctx.state.reports + 1 };
        ctx.publish("vtox.demo.reports", { greeter: ctx.self.id, greeted: ctx.state.greeted, reports: ctx.state.reports });
        break;
      case "get":
        ctx.reply(ctx.state);
        break;
    }
  },
};

/** All demo kinds. */
export const kinds: ActorKind<any>[] = [counterKind, greeterKind];
