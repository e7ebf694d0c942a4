import { afterAll, beforeAll, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import { createInbox, type Msg, type NatsConnection } from "@nats-io/nats-core";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import {
  ActorAddress, AskTimeoutError, askNodeSubject, askSubject, DLQ_HEADERS, DLQ_STREAM, encodeValue, FrameWriter, newEnvelope,
  readReplyFrame, RemoteError, STATUS_ERROR, STATUS_REPLY, writeAskEntry, type ActorSystem,
} from "../../actors/runtime/mod.ts";
import { ledgerKind, startSystem, type LedgerState } from "./fixtures.ts";

let nats: NatsHarness;
let node: ActorSystem;
let client: ActorSystem;
let clientNc: NatsConnection;
let raw: NatsConnection;

beforeAll(async () => {
  nats = await startNats();
  node = await startSystem(await nats.connect(), [ledgerKind()], { nodeId: "frames-node" });
  clientNc = await nats.connect();
  client = await startSystem(clientNc, [], { ownShards: "none" });
  raw = await nats.connect();
});
afterAll(async () => {
  await client?.shutdown();
  await node?.shutdown();
  await nats?.stop();
});

/** Messages this client connection published while `fn` ran. */
async function messagesSentDuring(fn: () => Promise<unknown>): Promise<number> {
  await clientNc.flush();
  const before = clientNc.stats().outMsgs;
  await fn();
  await clientNc.flush();
  return clientNc.stats().outMsgs - before;
}

it("asks to mixed actors and shards in one tick travel as one message per destination, each with its own typed reply", async () => {
  const ids = Array.from({ length: 200 }, (_, i) => `mix${i}`);
  const shardsHit = new Set(ids.map((id) => ActorAddress.of("ledger", id).shardOf(client.shards))).size;
  // First contact: one frame per shard subject (the owning node is not known yet).
  let replies: LedgerState[] = [];
  const first = await messagesSentDuring(async () => {
    replies = await Promise.all(ids.map((id) => client.ask<LedgerState>("ledger", id, "get")));
  });
  expect(replies).toHaveLength(200);
  for (const r of replies) expect(r).toEqual({ items: [], overlaps: 0 });
  expect(first).toBe(shardsHit);
  // The replies named the node: now the same 200 asks are one message to its endpoint.
  const second = await messagesSentDuring(async () => {
    replies = await Promise.all(ids.map((id) => client.ask<LedgerState>("ledger", id, "get")));
  });
  expect(replies.every((r) => Array.isArray(r.items))).toBe(true);
  expect(second).toBe(1);
});

it("keeps one sender's asks to an actor in order inside a frame, and each reply sees exactly the asks before it", async () => {
  const asks: Promise<unknown>[] = [];
  for (let i = 0; i < 60; i++) {
    asks.push(client.ask("ledger", "ordered", "append", i));
    if (i % 20 === 19) asks.push(client.ask<LedgerState>("ledger", "ordered", "get"));
  }
  const out = await Promise.all(asks);
  const gets = out.filter((x): x is LedgerState => x !== null && typeof x === "object");
  expect(gets.map((g) => g.items.length)).toEqual([20, 40, 60]);
  expect(gets[2]!.items).toEqual(Array.from({ length: 60 }, (_, i) => i));
  expect(gets[2]!.overlaps).toBe(0);
});

it("one entry that fails validation is answered with its error; the others in its frame are served", async () => {
  // An unknown kind whose address falls in the same shard as good asks, so they share a frame.
  const good = Array.from({ length: 40 }, (_, i) => `g${i}`);
  const shard = ActorAddress.of("ledger", good[0]!).shardOf(client.shards);
  let badId = 0;
  while (ActorAddress.of("nosuchkind", `b${badId}`).shardOf(client.shards) !== shard) badId++;
  const malformedBefore = node.metrics.get("malformed");
  const results = await Promise.allSettled([
    ...good.slice(0, 20).map((id) => client.ask<LedgerState>("ledger", id, "get")),
    client.ask("nosuchkind", `b${badId}`, "get"),
    ...good.slice(20).map((id) => client.ask<LedgerState>("ledger", id, "get")),
  ]);
  const bad = results[20]!;
  expect(bad.status).toBe("rejected");
  expect((bad as PromiseRejectedResult).reason).toBeInstanceOf(RemoteError);
  expect(((bad as PromiseRejectedResult).reason as RemoteError).remoteCode).toBe("UNKNOWN_KIND");
  const served = results.filter((r, i) => i !== 20);
  expect(served.every((r) => r.status === "fulfilled" && Array.isArray((r.value as LedgerState).items))).toBe(true);
  expect(node.metrics.get("malformed")).toBe(malformedBefore + 1);
});

it("a frame with an undecodable entry between good ones: the good ones are answered, the bad one gets CODEC_MALFORMED and a dead letter", async () => {
  const address = ActorAddress.of("ledger", "rawframe");
  const shard = address.shardOf(node.shards);
  const garbage = new Uint8Array([0x00, 0x09, 0x61]); // a type of 9 bytes, cut short
  const w = new FrameWriter();
  w.beginRequest();
  writeAskEntry(w, 7, shard, newEnvelope("get", null, { to: address.key }));
  w.addRequest(8, shard, garbage);
  writeAskEntry(w, 9, shard, newEnvelope("get", null, { to: address.key }));
  const inbox = createInbox();
  const sub = raw.subscribe(inbox);
  raw.publish(askSubject(shard), w.finish(), { reply: inbox });
  const entries = new Map<number, { status: number; value: unknown }>();
  let nodeId = "";
  // The error is answered at once, the gets after the actor's activation: possibly two reply frames.
  for await (const m of sub as AsyncIterable<Msg>) {
    readReplyFrame(m.data.slice(), (n) => (nodeId = n), (corr, status, value) => entries.set(corr, { status, value }));
    if (entries.size === 3) break;
  }
  expect(nodeId).toBe("frames-node");
  expect(entries.get(7)?.status).toBe(STATUS_REPLY);
  expect(entries.get(9)?.status).toBe(STATUS_REPLY);
  expect(entries.get(8)?.status).toBe(STATUS_ERROR);
  const err = entries.get(8)!.value as { code: string; message: string };
  expect(err.code).toBe("CODEC_MALFORMED");
  expect(err.message).toBe("Cannot decode ask entry: type is truncated (entry of 3 bytes)");
  const jsm = await jetstreamManager(raw);
  const dl = await jsm.streams.getMessage(DLQ_STREAM, { last_by_subj: "vtox.dlq.ask" });
  expect(dl!.header.get(DLQ_HEADERS.reason)).toBe("Cannot decode ask entry: type is truncated (entry of 3 bytes)");
  expect(Array.from(dl!.data)).toEqual(Array.from(garbage));
});

it("a truncated frame is counted and dead-lettered as a whole; entries before the cut are still answered", async () => {
  const address = ActorAddress.of("ledger", "cutframe");
  const shard = address.shardOf(node.shards);
  const w = new FrameWriter();
  w.beginRequest();
  writeAskEntry(w, 1, shard, newEnvelope("get", null, { to: address.key }));
  writeAskEntry(w, 2, shard, newEnvelope("get", null, { to: address.key }));
  const whole = w.finish();
  const cut = whole.slice(0, whole.length - 5);
  const malformedBefore = node.metrics.get("malformed");
  const inbox = createInbox();
  const sub = raw.subscribe(inbox, { max: 1 });
  raw.publish(askSubject(shard), cut, { reply: inbox });
  const got: number[] = [];
  for await (const m of sub as AsyncIterable<Msg>) readReplyFrame(m.data.slice(), () => {}, (corr) => got.push(corr));
  expect(got).toEqual([1]);
  expect(node.metrics.get("malformed")).toBe(malformedBefore + 1);
  const jsm = await jetstreamManager(raw);
  const dl = await jsm.streams.getMessage(DLQ_STREAM, { last_by_subj: "vtox.dlq.ask" });
  expect(dl!.header.get(DLQ_HEADERS.reason)).toMatch(/entry 2 of 2 is truncated/);
});

it("entries of one frame time out individually: a slow one gets AskTimeoutError, its frame-mates their replies", async () => {
  const settled: string[] = [];
  const track = <T>(name: string, p: Promise<T>) => p.finally(() => settled.push(name));
  const [slow, quick, after] = await Promise.allSettled([
    track("slow", client.ask("ledger", "slow-entry", "sleep", 300, { timeoutMs: 60 })),
    track("quick", client.ask<LedgerState>("ledger", "quick-entry", "get", null, { timeoutMs: 5_000 })),
    track("after", client.ask<LedgerState>("ledger", "slow-entry", "get", null, { timeoutMs: 5_000 })),
  ]);
  expect(slow.status).toBe("rejected");
  const err = (slow as PromiseRejectedResult).reason as AskTimeoutError;
  expect(err).toBeInstanceOf(AskTimeoutError);
  expect(err.timeoutMs).toBe(60);
  expect(err.message).toBe("ask to vtox.actor.ledger.slow-entry timed out after 60 ms");
  // The slow entry timed out on its own deadline, before the 300 ms sleep it waits for ended and
  // the ask queued behind it (same actor, serial order) was answered.
  expect(settled.indexOf("slow")).toBeLessThan(settled.indexOf("after"));
  expect(quick.status).toBe("fulfilled");
  // Serial order: the ask queued behind the slow one is answered after it.
  expect(after.status).toBe("fulfilled");
  expect(client.metrics.get("asks_timed_out")).toBeGreaterThanOrEqual(1);
});

it("a node endpoint takes only frames; a single envelope there gets a clear error", async () => {
  const reply = await raw.request(askNodeSubject("frames-node"), encodeValue(newEnvelope("get", null, { to: "ledger.x" })), { timeout: 2_000 });
  const { decodeEnvelope } = await import("../../actors/runtime/mod.ts");
  const env = decodeEnvelope(reply.data);
  expect(env.type).toBe("error");
  expect((env.body as { message: string }).message).toMatch(/takes ask frames only/);
});
