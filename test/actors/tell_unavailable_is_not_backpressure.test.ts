/**
 * A tell JetStream never acknowledges (no stream answers: down, electing, deleted) fails with
 * UNAVAILABLE and its cause, not BACKPRESSURE: nothing refused it for being full.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import { ActorSystem, MAILBOX_STREAM, PublishUnavailableError, UnavailableError } from "../../actors/runtime/mod.ts";

let nats: NatsHarness;
let client: ActorSystem;

beforeAll(async () => {
  nats = await startNats();
  client = await ActorSystem.start({ nc: await nats.connect(), shards: 4 });
});
afterAll(async () => {
  await client?.shutdown();
  await nats?.stop();
});

it("a tell that gets no ack within retryForMs rejects with UnavailableError (code UNAVAILABLE) and the publish error as cause", async () => {
  await (await jetstreamManager(await nats.connect())).streams.delete(MAILBOX_STREAM);
  const err = await client.tell("ledger", "u1", "append", 1, { retryForMs: 300 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(UnavailableError);
  expect((err as UnavailableError).code).toBe("UNAVAILABLE");
  expect((err as UnavailableError).message).toMatch(/^Cannot tell vtox\.actor\.ledger\.u1: JetStream did not store it within 300 ms \(.*no responders.*\); retry later$/);
  expect((err as Error).cause).toBeInstanceOf(PublishUnavailableError);
  expect(client.metrics.get("backpressure_rejections")).toBe(0);
});
