/**
 * `ctx.publish(subject, body, { headers })` delivers the CBOR body with the given headers (they
 * used to be dropped when the batch's publishes were flushed).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Msg } from "@nats-io/nats-core";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import { decodeValue, type ActorKind, type ActorSystem } from "../../actors/runtime/mod.ts";
import { startSystem } from "./fixtures.ts";

let nats: NatsHarness;
let system: ActorSystem;

const announcer: ActorKind<null> = {
  kind: "announcer",
  initialState: () => null,
  receive(ctx, msg) {
    if (msg.type === "say") ctx.publish(`vtox.test.said.${ctx.self.id}`, { text: msg.body }, { headers: { "content-type": "application/cbor", traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" } });
  },
};

beforeAll(async () => {
  nats = await startNats();
  system = await startSystem(await nats.connect(), [announcer], { shards: 1 });
});
afterAll(async () => {
  await system?.shutdown();
  await nats?.stop();
});

it("a publish from receive carries its headers and its CBOR body", async () => {
  const nc = await nats.connect();
  const sub = nc.subscribe("vtox.test.said.a1", { max: 1 });
  await nc.flush();
  await system.tell("announcer", "a1", "say", "hello");
  let got: Msg | undefined;
  for await (const m of sub) got = m;
  expect(decodeValue(got!.data)).toEqual({ text: "hello" });
  expect(got!.headers?.get("content-type")).toBe("application/cbor");
  expect(got!.headers?.get("traceparent")).toBe("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
});
