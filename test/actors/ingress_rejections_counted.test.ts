/**
 * A raw publish on `vtox.actor.<kind>.<id>` that is valid but cannot be stored (the mailbox stream
 * is full) is not dead-lettered; it is counted, also when the sender gave no reply subject.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { NatsConnection } from "@nats-io/nats-core";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import { ActorSystem, decodeEnvelope, encodeEnvelope, newEnvelope } from "../../actors/runtime/mod.ts";
import { waitFor } from "./wait_for.ts";

let nats: NatsHarness;
let node: ActorSystem;
let raw: NatsConnection;

beforeAll(async () => {
  nats = await startNats();
  // Ingress only (no shards owned, so nothing consumes), and a mailbox that holds one message.
  node = await ActorSystem.start({ nc: await nats.connect(), shards: 4, ingress: true, mailboxMaxMsgs: 1, logger: { info() {}, warn() {}, error() {} } });
  raw = await nats.connect();
});
afterAll(async () => {
  await node?.shutdown();
  await nats?.stop();
});

it("a fire-and-forget publish refused by backpressure is counted in ingress_rejected, not as malformed or dead letter", async () => {
  const stored = decodeEnvelope((await raw.request("vtox.actor.ledger.i1", encodeEnvelope(newEnvelope("append", 1)), { timeout: 5_000 })).data);
  expect(stored.type).toBe("stored");
  raw.publish("vtox.actor.ledger.i1", encodeEnvelope(newEnvelope("append", 2)));
  await waitFor("the refused publish to be counted", () => node.metrics.get("ingress_rejected") === 1, 5_000);
  expect(node.metrics.get("backpressure_rejections")).toBe(1);
  expect(node.metrics.get("malformed")).toBe(0);
  expect(node.metrics.get("dead_letters")).toBe(0);
  // With a reply subject the sender hears why.
  const refused = decodeEnvelope((await raw.request("vtox.actor.ledger.i1", encodeEnvelope(newEnvelope("append", 3)), { timeout: 5_000 })).data);
  expect(refused.type).toBe("error");
  expect(refused.body).toMatchObject({ code: "BACKPRESSURE" });
  expect(node.metrics.get("ingress_rejected")).toBe(2);
});
