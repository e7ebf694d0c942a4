/**
 * Dead letters of stored messages are deduplicated per origin, stream and sequence: a replay does
 * not store one twice, but equal sequence numbers of different streams or origins do not collide.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import { DLQ_STREAM, ensureTopology, RuntimeMetrics } from "../../actors/runtime/mod.ts";
// The DeadLetters writer is internal to the runtime; this test of the runtime uses it directly.
import { DeadLetters } from "../../actors/runtime/dead_letters.ts";

let nats: NatsHarness;

beforeAll(async () => {
  nats = await startNats();
});
afterAll(async () => {
  await nats?.stop();
});

it("the same sequence from another origin or stream is stored; the same one again is not", async () => {
  const nc = await nats.connect();
  await ensureTopology(nc);
  const dl = new DeadLetters(jetstream(nc), new RuntimeMetrics());
  const payload = new Uint8Array([1, 2, 3]);
  await dl.send(payload, { origin: "mailbox", code: "CODEC_MALFORMED", reason: "bad", subject: "vtox.mbox.0", seq: 7 });
  await dl.send(payload, { origin: "mailbox", code: "CODEC_MALFORMED", reason: "bad again (replay)", subject: "vtox.mbox.0", seq: 7 });
  await dl.send(payload, { origin: "receive", code: "ACTOR_FAILED", reason: "failed", subject: "vtox.actor.k.a", seq: 7, actor: "k.a" });
  await dl.send(payload, { origin: "mailbox", code: "CODEC_MALFORMED", reason: "bad", subject: "vtox.telemetry.v1", seq: 7, stream: "VTOX_TELEMETRY" });
  const info = await (await jetstreamManager(nc)).streams.info(DLQ_STREAM);
  expect(info.state.messages).toBe(3);
});
