/**
 * Nodes starting together create the streams concurrently: the ones that lose the creation race
 * ("stream name already in use", because their limits differ) update the stream instead of failing.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import { ensureStream, ensureTopology, MAILBOX_STREAM } from "../../actors/runtime/mod.ts";

let nats: NatsHarness;

beforeAll(async () => {
  nats = await startNats();
});
afterAll(async () => {
  await nats?.stop();
});

it("four nodes with different mailbox limits create the topology at the same time without an error", async () => {
  const conns = await Promise.all([1, 2, 3, 4].map(() => nats.connect()));
  const results = await Promise.allSettled(conns.map((nc, i) => ensureTopology(nc, { mailboxMaxMsgs: 1_000 * (i + 1) })));
  expect(results.map((r) => (r.status === "rejected" ? String(r.reason) : "ok"))).toEqual(["ok", "ok", "ok", "ok"]);
  const info = await (await jetstreamManager(conns[0]!)).streams.info(MAILBOX_STREAM);
  expect([1_000, 2_000, 3_000, 4_000]).toContain(info.config.max_msgs);
});

it("ensureStream creates a stream once and then updates its limits", async () => {
  const jsm = await jetstreamManager(await nats.connect());
  await Promise.all([1, 2, 3].map((n) => ensureStream(jsm, { name: "VTOX_TEST_RACE", subjects: ["vtox.test.race.>"], max_msgs: n * 10 })));
  await ensureStream(jsm, { name: "VTOX_TEST_RACE", subjects: ["vtox.test.race.>"], max_msgs: 99 });
  const info = await jsm.streams.info("VTOX_TEST_RACE");
  expect(info.config.max_msgs).toBe(99);
  expect(info.config.subjects).toEqual(["vtox.test.race.>"]);
});
