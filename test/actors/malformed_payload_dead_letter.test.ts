import { afterAll, beforeAll, expect, it } from "vitest";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import {
  ActorAddress, DLQ_HEADERS, DLQ_STREAM, encodeValue, RemoteError, type ActorSystem, decodeEnvelope, encodeEnvelope, newEnvelope,
} from "../../actors/runtime/mod.ts";
import { ledgerKind, startSystem, type LedgerState } from "./fixtures.ts";
import { waitFor } from "./wait_for.ts";

let nats: NatsHarness;
let system: ActorSystem;
let nc: NatsConnection;

beforeAll(async () => {
  nats = await startNats();
  nc = await nats.connect();
  system = await startSystem(await nats.connect(), [ledgerKind()]);
});
afterAll(async () => {
  await system?.shutdown();
  await nats?.stop();
});

async function lastDeadLetter(subject: string) {
  const jsm = await jetstreamManager(nc);
  return await jsm.streams.getMessage(DLQ_STREAM, { last_by_subj: subject });
}

it("a malformed payload stored in a mailbox goes to the DLQ with its reason and does not block the actor", async () => {
  const js = jetstream(nc);
  const subject = ActorAddress.of("ledger", "m1").mailboxSubject(system.shards);
  const garbage = new Uint8Array([0xff, 0x00, 0x13, 0x37]);
  await js.publish(subject, garbage);
  await system.tell("ledger", "m1", "append", "after");
  await waitFor("good message applied", async () => (await system.ask<LedgerState>("ledger", "m1", "get")).items.length === 1);
  const dl = await lastDeadLetter("vtox.dlq.mailbox");
  expect(dl).not.toBeNull();
  expect(dl!.header.get(DLQ_HEADERS.code)).toBe("CODEC_MALFORMED");
  expect(dl!.header.get(DLQ_HEADERS.reason)).toMatch(/Cannot decode envelope/);
  expect(Array.from(dl!.data)).toEqual(Array.from(garbage));
  expect(system.metrics.get("malformed")).toBeGreaterThanOrEqual(1);
});

it("an unknown schema version is rejected with its reason", async () => {
  const js = jetstream(nc);
  const subject = ActorAddress.of("ledger", "m2").mailboxSubject(system.shards);
  await js.publish(subject, encodeValue({ ...newEnvelope("append", 1), v: 99 }));
  await waitFor("dead letter", async () => (await lastDeadLetter("vtox.dlq.mailbox"))?.header.get(DLQ_HEADERS.code) === "CODEC_UNKNOWN_VERSION");
  const dl = await lastDeadLetter("vtox.dlq.mailbox");
  expect(dl!.header.get(DLQ_HEADERS.reason)).toMatch(/unknown schema version 99/);
});

it("a malformed ask gets an error reply and a dead letter", async () => {
  const reply = await nc.request("vtox.ask.0", new Uint8Array([1, 2, 3]), { timeout: 2_000 });
  const env = decodeEnvelope(reply.data);
  expect(env.type).toBe("error");
  expect((env.body as { code: string }).code).toBe("CODEC_MALFORMED");
  const dl = await lastDeadLetter("vtox.dlq.ask");
  expect(dl!.header.get(DLQ_HEADERS.reason)).toMatch(/Cannot decode envelope/);
});

it("a raw publish to the documented address is stored durably, or rejected with an error and a dead letter", async () => {
  const ok = await nc.request("vtox.actor.ledger.m3", encodeEnvelope(newEnvelope("append", "raw")), { timeout: 5_000 });
  expect(decodeEnvelope(ok.data).type).toBe("stored");
  await waitFor("raw tell applied", async () => (await system.ask<LedgerState>("ledger", "m3", "get")).items.length === 1);
  const bad = await nc.request("vtox.actor.ledger.m3", new TextEncoder().encode("{json?}"), { timeout: 5_000 });
  const env = decodeEnvelope(bad.data);
  expect(env.type).toBe("error");
  expect((env.body as { message: string }).message).toMatch(/Cannot decode envelope/);
  const dl = await lastDeadLetter("vtox.dlq.ingress");
  expect(dl!.header.get(DLQ_HEADERS.subject)).toBe("vtox.actor.ledger.m3");
});

it("an ask for a kind this node does not host is answered with a clear error", async () => {
  const err = await system.ask("nosuchkind", "x", "get").catch((e: RemoteError) => e);
  expect(err).toBeInstanceOf(RemoteError);
  expect((err as RemoteError).remoteCode).toBe("UNKNOWN_KIND");
  expect((err as RemoteError).message).toMatch(/no actor kind "nosuchkind"/);
});
