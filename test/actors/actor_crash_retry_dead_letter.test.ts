import { afterAll, beforeAll, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import { DLQ_HEADERS, DLQ_STREAM, RemoteError, type ActorKind, type ActorSystem } from "../../actors/runtime/mod.ts";
import { startSystem } from "./fixtures.ts";
import { waitFor } from "./wait_for.ts";

let nats: NatsHarness;
let system: ActorSystem;
const attempts = new Map<string, number>();

/** Mutates its state in place, then throws on `poison`: a restart must discard the partial change. */
const fragile: ActorKind<{ items: string[] }> = {
  kind: "fragile",
  initialState: () => ({ items: [] }),
  receive(ctx, msg) {
    if (msg.type === "add") {
      ctx.state.items.push(String(msg.body));
      ctx.markDirty();
    } else if (msg.type === "poison") {
      attempts.set(msg.id, (attempts.get(msg.id) ?? 0) + 1);
      ctx.state.items.push("PARTIAL");
      throw new Error("poisoned input");
    } else if (msg.type === "flaky") {
      const n = (attempts.get(msg.id) ?? 0) + 1;
      attempts.set(msg.id, n);
      if (n < 2) throw new Error("transient failure");
      ctx.state.items.push(`flaky-ok-after-${n}`);
      ctx.markDirty();
    } else if (msg.type === "get") ctx.reply(ctx.state);
  },
};

beforeAll(async () => {
  nats = await startNats();
  system = await startSystem(await nats.connect(), [fragile], { maxRetries: 3 });
});
afterAll(async () => {
  await system?.shutdown();
  await nats?.stop();
});

it("restarts a crashed actor from its snapshot, retries the message up to the limit, then dead-letters it with the error", async () => {
  await system.tell("fragile", "c1", "add", "one");
  await system.tell("fragile", "c1", "poison", "x");
  await system.tell("fragile", "c1", "flaky");
  await system.tell("fragile", "c1", "add", "two");
  await waitFor("all applied", async () => (await system.ask<{ items: string[] }>("fragile", "c1", "get")).items.length === 3);
  expect((await system.ask<{ items: string[] }>("fragile", "c1", "get")).items).toEqual(["one", "flaky-ok-after-2", "two"]);
  expect(Math.max(...[...attempts.values()])).toBe(3);
  expect(system.metrics.get("actor_restarts")).toBe(4);
  const jsm = await jetstreamManager(await nats.connect());
  const dl = await jsm.streams.getMessage(DLQ_STREAM, { last_by_subj: "vtox.dlq.receive.fragile.c1" });
  expect(dl!.header.get(DLQ_HEADERS.code)).toBe("ACTOR_FAILED");
  expect(dl!.header.get(DLQ_HEADERS.reason)).toMatch(/failed 3 times on poison.*poisoned input/);
});

it("an ask whose handling keeps failing gets an ACTOR_FAILED error reply", async () => {
  const err = await system.ask("fragile", "c2", "poison").catch((e: RemoteError) => e);
  expect(err).toBeInstanceOf(RemoteError);
  expect((err as RemoteError).remoteCode).toBe("ACTOR_FAILED");
  expect((await system.ask<{ items: string[] }>("fragile", "c2", "get")).items).toEqual([]);
});
