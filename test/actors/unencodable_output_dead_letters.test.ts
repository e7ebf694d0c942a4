/**
 * Output `receive` produced that cannot be encoded as CBOR (a publish or tell body, the new state,
 * an ask reply) fails that one message — retried, then dead-lettered with the reason — instead of
 * crashing the shard owner at flush time and replaying the message forever.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import {
  askSubject, decodeEnvelope, DLQ_HEADERS, DLQ_STREAM, encodeEnvelope, newEnvelope, RemoteError, type ActorKind, type ActorSystem,
} from "../../actors/runtime/mod.ts";
import { startSystem } from "./fixtures.ts";
import { waitFor } from "./wait_for.ts";

let nats: NatsHarness;
let system: ActorSystem;
let nc: NatsConnection;
let jsm: JetStreamManager;

type Sink = { items: unknown[] };
/** Each message type produces one kind of un-encodable output; `add` is a good message. */
const sink: ActorKind<Sink> = {
  kind: "sink",
  initialState: () => ({ items: [] }),
  receive(ctx, msg) {
    if (msg.type === "add") ctx.state = { items: [...ctx.state.items, msg.body] };
    else if (msg.type === "bad_publish") ctx.publish(`vtox.test.out.${ctx.self.id}`, { f: () => 1 });
    else if (msg.type === "bad_tell") ctx.tell("sink", "other", "add", { s: Symbol("no") });
    else if (msg.type === "bad_state") ctx.state = { items: [...ctx.state.items, () => "not data"] };
    else if (msg.type === "bad_reply") ctx.reply({ f: () => 1 });
    else if (msg.type === "get") ctx.reply(ctx.state);
  },
};

beforeAll(async () => {
  nats = await startNats();
  nc = await nats.connect();
  jsm = await jetstreamManager(nc);
  system = await startSystem(await nats.connect(), [sink], { shards: 1, maxRetries: 2 });
});
afterAll(async () => {
  await system?.shutdown();
  await nats?.stop();
});

const items = async (id: string) => (await system.ask<Sink>("sink", id, "get")).items;

async function lastDeadLetter(id: string) {
  const m = await jsm.streams.getMessage(DLQ_STREAM, { last_by_subj: `vtox.dlq.receive.sink.${id}` });
  return { code: m!.header.get(DLQ_HEADERS.code), reason: m!.header.get(DLQ_HEADERS.reason), type: decodeEnvelope(m!.data).type };
}

it.each([
  ["bad_publish", /Cannot encode the body of publish to vtox\.test\.out\.p1: Unknown type: function/, "p1"],
  ["bad_tell", /Cannot encode the tell add to vtox\.actor\.sink\.other: Unknown type: symbol/, "t1"],
])("a %s body is dead-lettered with the encoding error and the next messages are applied", async (type, reason, id) => {
  const outs: unknown[] = [];
  const sub = nc.subscribe(`vtox.test.out.${id}`, { callback: (_e, m) => void outs.push(m.data) });
  await system.tell("sink", id, "add", 1);
  await system.tell("sink", id, type);
  await system.tell("sink", id, "add", 2);
  await waitFor("the message after the bad one", async () => (await items(id)).length === 2);
  expect(await items(id)).toEqual([1, 2]);
  const dl = await lastDeadLetter(id);
  expect(dl.code).toBe("ACTOR_FAILED");
  expect(dl.type).toBe(type);
  expect(dl.reason).toMatch(reason);
  expect(outs).toEqual([]);
  sub.unsubscribe();
});

it("a state that cannot be snapshotted dead-letters the message that made it so; the actor goes on from before it", async () => {
  const restartsBefore = system.metrics.get("actor_restarts");
  await system.tell("sink", "s1", "add", "a");
  await system.tell("sink", "s1", "bad_state");
  await system.tell("sink", "s1", "add", "b");
  // An ask that lands in the bad message's batch reads the un-encodable state and gets an error
  // reply (CODEC_UNENCODABLE); keep asking until the repaired state is served.
  await waitFor("the message after the bad one", async () => (await items("s1").catch(() => [])).length === 2);
  expect(await items("s1")).toEqual(["a", "b"]);
  const dl = await lastDeadLetter("s1");
  expect(dl.code).toBe("ACTOR_FAILED");
  expect(dl.type).toBe("bad_state");
  expect(dl.reason).toMatch(/state after bad_state .* cannot be snapshotted: Cannot encode the state of sink\.s1: Unknown type: function/);
  expect(system.metrics.get("actor_restarts")).toBeGreaterThan(restartsBefore);
  expect(system.ownedShards()).toEqual([0]);
});

it("an ask reply that cannot be encoded is answered with a CODEC_UNENCODABLE error, as a frame entry and as a single envelope", async () => {
  const err = await system.ask("sink", "r1", "bad_reply").catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RemoteError);
  expect((err as RemoteError).remoteCode).toBe("CODEC_UNENCODABLE");
  const single = await nc.request(askSubject(0), encodeEnvelope(newEnvelope("bad_reply", null, { to: "sink.r1" })), { timeout: 5_000 });
  const env = decodeEnvelope(single.data);
  expect(env.type).toBe("error");
  expect(env.body).toMatchObject({ code: "CODEC_UNENCODABLE", message: expect.stringMatching(/Cannot encode the reply: Unknown type: function/) });
  // The owner is still serving.
  expect(await items("r1")).toEqual([]);
});
