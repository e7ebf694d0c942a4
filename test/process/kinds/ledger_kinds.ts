/**
 * Kinds loaded by node processes in the process tests (`vtox node --kinds <this file>`):
 * `ledger` appends every `append` body to its list (a lost or doubled message shows), and
 * `alarm` records each reminder firing; `picky` throws on multiples of 7; `bell` rings named one-shot reminders.
 * @module
 */
import type { ActorKind } from "../../../actors/runtime/mod.ts";

/** Appends bodies; `get` replies the list. */
export const ledger: ActorKind<{ items: unknown[] }> = {
  kind: "ledger",
  initialState: () => ({ items: [] }),
  receive(ctx, msg) {
    if (msg.type === "append") ctx.state = { items: [...ctx.state.items, msg.body] };
    else if (msg.type === "get") ctx.reply(ctx.state);
  },
};

/** `arm(periodMs?)` sets a reminder `ring`; every firing is recorded with its time. */
export const alarm: ActorKind<{ rings: number[]; armedAt: number }> = {
  kind: "alarm",
  initialState: () => ({ rings: [], armedAt: 0 }),
  receive(ctx, msg) {
    if (msg.type === "arm") {
      const b = msg.body as { dueInMs: number; periodMs?: number };
      ctx.setReminder("ring", b.periodMs ? { dueInMs: b.dueInMs, periodMs: b.periodMs } : { dueInMs: b.dueInMs }, "ring");
      ctx.state = { ...ctx.state, armedAt: Date.now() };
    } else if (msg.type === "ring") {
      ctx.state = { ...ctx.state, rings: [...ctx.state.rings, Date.now()] };
    } else if (msg.type === "disarm") {
      ctx.cancelReminder("ring");
    } else if (msg.type === "get") {
      ctx.reply(ctx.state);
    }
  },
};

/** `forward(v)` counts and tells `ledger/<id>-sink` `append v`: a chain whose second hop must also be exactly once. */
export const relay: ActorKind<{ forwarded: number }> = {
  kind: "relay",
  initialState: () => ({ forwarded: 0 }),
  receive(ctx, msg) {
    if (msg.type === "forward") {
      ctx.state = { forwarded: ctx.state.forwarded + 1 };
      ctx.tell("ledger", `${ctx.self.id}-sink`, "append", msg.body);
    } else if (msg.type === "get") ctx.reply(ctx.state);
  },
};

/** Like `ledger`, but `append` of a multiple of 7 always throws: retried, then dead-lettered. */
export const picky: ActorKind<{ items: unknown[] }> = {
  kind: "picky",
  initialState: () => ({ items: [] }),
  receive(ctx, msg) {
    if (msg.type === "append") {
      if (typeof msg.body === "number" && msg.body % 7 === 0) throw new Error(`picky refuses ${msg.body}`);
      ctx.state = { items: [...ctx.state.items, msg.body] };
    } else if (msg.type === "get") ctx.reply(ctx.state);
  },
};

/** `arm({name, dueInMs})` sets a one-shot reminder `name`; each firing appends its name to `rang`. */
export const bell: ActorKind<{ rang: string[] }> = {
  kind: "bell",
  initialState: () => ({ rang: [] }),
  receive(ctx, msg) {
    if (msg.type === "arm") {
      const b = msg.body as { name: string; dueInMs: number };
      ctx.setReminder(b.name, { dueInMs: b.dueInMs }, "ring", b.name);
    } else if (msg.type === "ring") ctx.state = { rang: [...ctx.state.rang, String(msg.body)] };
    else if (msg.type === "get") ctx.reply(ctx.state);
  },
};

/** The kinds a test node hosts. */
export const kinds: ActorKind<any>[] = [ledger, alarm, relay, picky, bell];
