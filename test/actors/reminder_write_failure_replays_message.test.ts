/**
 * A reminder change is written to KV before the message that made it is acknowledged: if that
 * write fails (here: the reminders bucket is gone), the owner crashes without acking, the message
 * is replayed once the bucket is back, and the reminder still fires; a cancel whose write failed
 * is replayed too, so the cancelled reminder never fires. (With the write after the ack, the same
 * failures lost the reminder, or let the cancelled one fire.)
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import { REMINDER_BUCKET, type ActorKind, type ActorSystem } from "../../actors/runtime/mod.ts";
import type { SupervisorEvent } from "../../supervisor/mod.ts";
import { startSystem } from "./fixtures.ts";
import { waitFor } from "./wait_for.ts";

let nats: NatsHarness;
let system: ActorSystem;
const events: SupervisorEvent[] = [];

const alarm: ActorKind<{ rang: string[] }> = {
  kind: "alarm",
  initialState: () => ({ rang: [] }),
  receive(ctx, msg) {
    if (msg.type === "arm") ctx.setReminder("wake", { dueInMs: 100 }, "ring", msg.body);
    else if (msg.type === "arm_late") ctx.setReminder("wake", { dueInMs: 1_500 }, "ring", msg.body);
    else if (msg.type === "disarm") ctx.cancelReminder("wake");
    else if (msg.type === "ring") ctx.state = { rang: [...ctx.state.rang, `${msg.via}:${String(msg.body)}`] };
    else if (msg.type === "get") ctx.reply(ctx.state);
  },
};

beforeAll(async () => {
  nats = await startNats();
  system = await startSystem(await nats.connect(), [alarm], { shards: 1, onSupervisorEvent: (e) => events.push(e) });
});
afterAll(async () => {
  await system?.shutdown();
  await nats?.stop();
});

it("a reminder whose KV write failed is set once the message is replayed, and fires", async () => {
  const nc = await nats.connect();
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(`KV_${REMINDER_BUCKET}`);
  const exitsBefore = events.filter((e) => e.type === "exited").length;

  await system.tell("alarm", "a1", "arm", "first");
  await waitFor("the shard owner to crash on the failed reminder write", () => events.filter((e) => e.type === "exited").length > exitsBefore);

  await new Kvm(nc).create(REMINDER_BUCKET, { history: 1 });
  await waitFor("the reminder to fire after the replay", async () => {
    const s = await system.ask<{ rang: string[] }>("alarm", "a1", "get", null, { timeoutMs: 2_000 }).catch(() => ({ rang: [] }));
    return s.rang.length === 1;
  });
  expect((await system.ask<{ rang: string[] }>("alarm", "a1", "get")).rang).toEqual(["reminder:first"]);
  const keys: string[] = [];
  for await (const k of await system.topology.reminders.keys()) keys.push(k);
  expect(keys).toEqual([]);
});

it("a cancel whose KV write failed is replayed, and the cancelled reminder does not fire", async () => {
  const nc = await nats.connect();
  const jsm = await jetstreamManager(nc);
  await system.tell("alarm", "a2", "arm_late", "never");
  await waitFor("the reminder to be stored", async () => (await system.topology.reminders.get("0.alarm.a2.wake"))?.operation === "PUT");
  // Every write to the reminders bucket is now refused (a delete marker is larger than 1 byte).
  const stream = `KV_${REMINDER_BUCKET}`;
  const cfg = (await jsm.streams.info(stream)).config;
  await jsm.streams.update(stream, { ...cfg, max_msg_size: 1 });
  const exitsBefore = events.filter((e) => e.type === "exited").length;
  await system.tell("alarm", "a2", "disarm");
  await waitFor("the shard owner to crash on the failed cancel", () => events.filter((e) => e.type === "exited").length > exitsBefore);
  await jsm.streams.update(stream, { ...cfg, max_msg_size: -1 });

  await waitFor("the cancel to be replayed", async () => (await system.topology.reminders.get("0.alarm.a2.wake"))?.operation !== "PUT");
  // Past the reminder's due time: it must not have rung.
  await new Promise((r) => setTimeout(r, 1_700));
  expect((await system.ask<{ rang: string[] }>("alarm", "a2", "get")).rang).toEqual([]);
});
