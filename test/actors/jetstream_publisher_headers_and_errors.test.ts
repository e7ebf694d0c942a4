/**
 * The runtime's JetStream publisher: headers and msgID reach the stored message, duplicates are
 * reported, refusals and missing streams are named RuntimeErrors with stable codes; the shared-inbox
 * correlator it is built on reports replies, no responders and timeouts without throwing.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import {
  ensureStream, JetStreamPublisher, PublishRejectedError, PublishUnavailableError, ReplyCorrelator, RuntimeError, StaleRevisionError,
} from "../../actors/runtime/mod.ts";

let nats: NatsHarness;
let nc: NatsConnection;

beforeAll(async () => {
  nats = await startNats();
  nc = await nats.connect();
  await ensureStream(await jetstreamManager(nc), { name: "VTOX_TEST_PUB", subjects: ["vtox.test.pub.>"], max_msgs_per_subject: 1, discard_new_per_subject: false });
});
afterAll(async () => {
  await nats?.stop();
});

it("publishes with headers and msgID, and reports a duplicate", async () => {
  const pub = new JetStreamPublisher(nc, 2_000);
  const data = new Uint8Array([0xa0]);
  const first = await pub.publish("vtox.test.pub.a", data, { msgID: "m-1", headers: { "content-type": "application/cbor", traceparent: "00-abc-def-01" } });
  expect(first).toEqual({ stream: "VTOX_TEST_PUB", seq: 1, duplicate: false });
  expect(await pub.publish("vtox.test.pub.a", data, { msgID: "m-1" })).toEqual({ stream: "VTOX_TEST_PUB", seq: 1, duplicate: true });
  const stored = await (await jetstreamManager(nc)).streams.getMessage("VTOX_TEST_PUB", { seq: 1 });
  expect(stored!.header.get("content-type")).toBe("application/cbor");
  expect(stored!.header.get("traceparent")).toBe("00-abc-def-01");
  expect(stored!.header.get("Nats-Msg-Id")).toBe("m-1");
  pub.close();
});

it("a refused publish and a subject no stream captures are RuntimeErrors with stable codes", async () => {
  const pub = new JetStreamPublisher(nc, 2_000);
  const rejected = await pub.publish("vtox.test.pub.b", new Uint8Array([1]), { expectedLastSubjectSeq: 5 }).catch((e: unknown) => e);
  expect(rejected).toBeInstanceOf(PublishRejectedError);
  expect(rejected).toBeInstanceOf(RuntimeError);
  expect((rejected as PublishRejectedError).code).toBe("PUBLISH_REJECTED");
  expect((rejected as PublishRejectedError).errCode).toBe(10071);
  const unavailable = await pub.publish("vtox.test.nostream", new Uint8Array([1])).catch((e: unknown) => e);
  expect(unavailable).toBeInstanceOf(PublishUnavailableError);
  expect(unavailable).toBeInstanceOf(RuntimeError);
  expect((unavailable as PublishUnavailableError).code).toBe("PUBLISH_UNAVAILABLE");
  expect((unavailable as Error).message).toMatch(/no responders/);
  pub.close();
  const closed = await pub.publish("vtox.test.pub.c", new Uint8Array([1])).catch((e: unknown) => e);
  expect((closed as Error).message).toMatch(/the publisher was closed/);
});

it("StaleRevisionError is a RuntimeError with code STALE_REVISION and keeps its cause", () => {
  const cause = new Error("wrong last sequence");
  const e = new StaleRevisionError("k.a", 3, { cause });
  expect(e).toBeInstanceOf(RuntimeError);
  expect(e.code).toBe("STALE_REVISION");
  expect(e.cause).toBe(cause);
  expect(e.message).toBe("snapshot write for k.a rejected by the server: expected revision 3 is stale");
});

it("the reply correlator resolves replies, no responders and timeouts, each request matched to its own reply", async () => {
  const server = await nats.connect();
  server.subscribe("vtox.test.echo", { callback: (_e, m) => void setTimeout(() => m.respond(m.data), m.data[0]! * 10) });
  await server.flush();
  const inbox = new ReplyCorrelator(nc);
  const outcomes = await Promise.all([3, 1, 2].map((n) => inbox.request("vtox.test.echo", new Uint8Array([n]), 2_000)));
  expect(outcomes.map((o) => (o.kind === "reply" ? o.msg.data[0] : o.kind))).toEqual([3, 1, 2]);
  expect((await inbox.request("vtox.test.nobody", new Uint8Array([1]), 2_000)).kind).toBe("no_responders");
  server.subscribe("vtox.test.silent", { callback: () => {} });
  await server.flush();
  expect((await inbox.request("vtox.test.silent", new Uint8Array([1]), 50)).kind).toBe("timeout");
  expect(inbox.pending).toBe(0);
  inbox.close();
  expect((await inbox.request("vtox.test.echo", new Uint8Array([1]), 2_000)).kind).toBe("closed");
});
