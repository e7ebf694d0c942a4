/**
 * Partitioned inputs: a publish on `vtox.telemetry.<id>` is stored by the server's partition
 * mapping as `vtox.tp.<fnv1a32(id) % 64>.<id>` and consumed by the node owning the actor's shard
 * (the shard function hashes the id the same way), in stored order, without a router or a second
 * write; the body is the stored bytes. A stored subject that names no valid actor is dead-lettered
 * with origin `input`; the owner that takes a shard over goes on after what the previous owner
 * acknowledged; a deleted consumer or a recreated stream neither replays nor skips inputs; a
 * partition count that the shard count does not divide is refused.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { jetstream, jetstreamManager, StorageType } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { DLQ_HEADERS, DLQ_STREAM, fnv1a32, type ActorKind, type ActorSystem, type PartitionedInput } from "../../actors/runtime/mod.ts";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import { startSystem } from "./fixtures.ts";
import { waitFor } from "./wait_for.ts";

interface Seen { values: string[]; nodes: string[] }
const INPUT: PartitionedInput = { stream: "T_INPUT", subjectPrefix: "vtox.tp", partitions: 64, kind: "meter", type: "reading" };

function meterKind(nodeId: string): ActorKind<Seen> {
  return {
    kind: "meter",
    initialState: () => ({ values: [], nodes: [] }),
    receive(ctx, msg) {
      if (msg.type === "reading") {
        if (msg.via !== "input" || !(msg.body instanceof Uint8Array)) throw new Error(`expected an input with bytes, got ${msg.via}`);
        ctx.state = { values: [...ctx.state.values, new TextDecoder().decode(msg.body)], nodes: [...ctx.state.nodes, nodeId] };
      } else if (msg.type === "get") ctx.reply(ctx.state);
    },
  };
}

let nats: NatsHarness;
let nc: NatsConnection;
const systems: ActorSystem[] = [];

beforeAll(async () => {
  nats = await startNats();
  nc = await nats.connect();
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: INPUT.stream, subjects: ["vtox.tp.>"], storage: StorageType.File });
});
afterAll(async () => {
  for (const s of systems) await s.shutdown().catch(() => {});
  await nats?.stop();
});

it("delivers each actor's inputs, in order, to the node that owns its shard", async () => {
  const a = await startSystem(await nats.connect(), [meterKind("a")], { nodeId: "a", shards: 4, ownShards: [0, 1], inputs: [INPUT] });
  const b = await startSystem(await nats.connect(), [meterKind("b")], { nodeId: "b", shards: 4, ownShards: [2, 3], inputs: [INPUT] });
  systems.push(a, b);
  const ids = Array.from({ length: 12 }, (_, i) => `m${i}`);
  const js = jetstream(nc);
  for (let k = 0; k < 5; k++) for (const id of ids) await js.publish(`vtox.telemetry.${id}`, new TextEncoder().encode(`${id}:${k}`));
  for (const id of ids) {
    const owner = fnv1a32(id) % 4 < 2 ? "a" : "b";
    await waitFor(`${id}'s five readings`, async () => (await a.ask<Seen>("meter", id, "get")).values.length === 5);
    const seen = await a.ask<Seen>("meter", id, "get");
    expect(seen.values).toEqual([0, 1, 2, 3, 4].map((k) => `${id}:${k}`));
    expect(new Set(seen.nodes)).toEqual(new Set([owner]));
  }
  expect(a.metrics.get("messages_applied") + b.metrics.get("messages_applied")).toBe(60);
});

it("dead-letters an input whose subject names no valid actor, with origin input", async () => {
  const bad = "bad:id";
  await jetstream(nc).publish(`vtox.tp.${fnv1a32(bad) % 64}.${bad}`, new Uint8Array([1, 2, 3]));
  await waitFor("the dead letter", async () => {
    try {
      return !!(await (await jetstreamManager(nc)).streams.getMessage(DLQ_STREAM, { last_by_subj: "vtox.dlq.input" }));
    } catch {
      return false;
    }
  });
  const dl = await (await jetstreamManager(nc)).streams.getMessage(DLQ_STREAM, { last_by_subj: "vtox.dlq.input" });
  expect(dl!.header.get(DLQ_HEADERS.origin)).toBe("input");
  expect(dl!.header.get(DLQ_HEADERS.subject)).toBe(`vtox.tp.${fnv1a32(bad) % 64}.${bad}`);
  expect(dl!.header.get(DLQ_HEADERS.reason)).toMatch(/Invalid actor address/);
  expect([...dl!.data]).toEqual([1, 2, 3]);
});

it("goes on after what the previous owner acknowledged when another node takes the shards over", async () => {
  const [a, b] = systems as [ActorSystem, ActorSystem];
  await a.shutdown();
  const c = await startSystem(await nats.connect(), [meterKind("c")], { nodeId: "c", shards: 4, ownShards: [0, 1], inputs: [INPUT] });
  systems.push(c);
  const mine = Array.from({ length: 40 }, (_, i) => `t${i}`).filter((id) => fnv1a32(id) % 4 < 2).slice(0, 3);
  const js = jetstream(nc);
  for (const id of mine) await js.publish(`vtox.telemetry.${id}`, new TextEncoder().encode(`${id}:after`));
  for (const id of mine) {
    await waitFor(`${id}'s reading on c`, async () => (await b.ask<Seen>("meter", id, "get")).values.length === 1);
    expect(await b.ask<Seen>("meter", id, "get")).toEqual({ values: [`${id}:after`], nodes: ["c"] });
  }
  // The readings the first owner applied and acknowledged are not applied again.
  const earlier = Array.from({ length: 12 }, (_, i) => `m${i}`).filter((id) => fnv1a32(id) % 4 < 2);
  for (const id of earlier) expect((await c.ask<Seen>("meter", id, "get")).values).toHaveLength(5);
  expect(c.metrics.get("messages_applied")).toBe(mine.length);
});

it("counts the inputs stored for a node's shards and not yet applied", async () => {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const slow: ActorKind<number> = {
    kind: "meter",
    initialState: () => 0,
    async receive(ctx, msg) {
      if (msg.type !== "reading") return ctx.reply(ctx.state);
      await gate;
      ctx.state += 1;
    },
  };
  for (const s of systems) await s.shutdown().catch(() => {});
  const d = await startSystem(await nats.connect(), [slow], { nodeId: "d", shards: 4, ownShards: [0, 1, 2, 3], inputs: [INPUT] });
  systems.push(d);
  const js = jetstream(nc);
  for (let k = 0; k < 5; k++) await js.publish("vtox.telemetry.gated", new TextEncoder().encode(String(k)));
  await waitFor("five inputs waiting", () => d.inputBacklog === 5);
  open();
  await waitFor("all applied", async () => (await d.ask<number>("meter", "gated", "get")) === 5);
  // Counted until the batch that applied them is snapshotted and acknowledged.
  await waitFor("no input left", () => d.inputBacklog === 0);
});

it("restarts an owner whose partition consumer was deleted, and the new owner goes on", async () => {
  const events: string[] = [];
  for (const s of systems) await s.shutdown().catch(() => {});
  const e = await startSystem(await nats.connect(), [meterKind("e")], {
    nodeId: "e", shards: 4, ownShards: [0, 1, 2, 3], inputs: [INPUT], onSupervisorEvent: (ev) => events.push(ev.type),
  });
  systems.push(e);
  const js = jetstream(nc);
  await js.publish("vtox.telemetry.del", new TextEncoder().encode("before"));
  await waitFor("the first reading", async () => (await e.ask<Seen>("meter", "del", "get")).values.length === 1);
  const jsm = await jetstreamManager(nc);
  const mine = [];
  for await (const ci of jsm.consumers.list(INPUT.stream)) if (ci.name.startsWith(`vtox-input-p${fnv1a32("del") % 64}-e`)) mine.push(ci.name);
  expect(mine).toHaveLength(1);
  await jsm.consumers.delete(INPUT.stream, mine[0]!);
  await waitFor("the owner restarted", () => events.includes("restarted") && e.ownedShards().length === 4, 15_000);
  await js.publish("vtox.telemetry.del", new TextEncoder().encode("after"));
  await waitFor("the second reading", async () => (await e.ask<Seen>("meter", "del", "get")).values.length === 2);
  expect((await e.ask<Seen>("meter", "del", "get")).values).toEqual(["before", "after"]);
});

it("applies the inputs of a recreated stream, whose sequences start again at 1", async () => {
  const e = systems.at(-1)!;
  const jsm = await jetstreamManager(nc);
  const before = (await e.ask<Seen>("meter", "del", "get")).values.length;
  await jsm.streams.delete(INPUT.stream);
  await jsm.streams.add({ name: INPUT.stream, subjects: ["vtox.tp.>"], storage: StorageType.File });
  // The owners' consumers went with the old stream: they restart on the new one.
  await waitFor("the owners on the new stream", async () => {
    let n = 0;
    for await (const _ of jsm.consumers.list(INPUT.stream)) n++;
    return n === 64;
  }, 20_000);
  await jetstream(nc).publish("vtox.telemetry.del", new TextEncoder().encode("anew"));
  await waitFor("the reading of the new stream", async () => (await e.ask<Seen>("meter", "del", "get")).values.length === before + 1, 20_000);
  expect((await e.ask<Seen>("meter", "del", "get")).values.at(-1)).toBe("anew");
});

it("refuses a partition count the shard count does not divide, and a stream given twice", async () => {
  await expect(startSystem(await nats.connect(), [meterKind("x")], { nodeId: "x", shards: 3, ownShards: [], inputs: [INPUT] }))
    .rejects.toThrow(/Invalid input "T_INPUT": partitions must be a multiple of the shard count 3/);
  await expect(startSystem(await nats.connect(), [meterKind("x")], { nodeId: "x", shards: 4, ownShards: [], inputs: [INPUT, { ...INPUT, type: "other" }] }))
    .rejects.toThrow(/Invalid inputs: stream "T_INPUT" is given twice/);
});
