/**
 * A delivery lost between a real nats-server and the shard owner's client (a proxy drops one
 * message frame of a consumer) is not acknowledged by the ack-all of a later message: the owner
 * sees the gap in delivery sequences, restarts, and a fresh consumer delivers again from the ack
 * floor. Every tell, and every input of a partitioned input stream, is applied exactly once, in
 * order.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { ActorSystem, MAILBOX_STREAM, type ActorKind, type PartitionedInput } from "../../actors/runtime/mod.ts";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import { startLossyProxy, type LossyProxy } from "../harness/lossy_proxy.ts";
import { ledgerKind, type LedgerState } from "./fixtures.ts";

let nats: NatsHarness;
let proxy: LossyProxy;
let nc: NatsConnection;
let system: ActorSystem;
const errors: string[] = [];

beforeAll(async () => {
  nats = await startNats();
  let deliveries = 0;
  // The 5th delivery of the mailbox consumer to the owner never arrives.
  proxy = await startLossyProxy(nats.url, (line) => line.includes(` $JS.ACK.${MAILBOX_STREAM}.`) && ++deliveries === 5);
  nc = await connect({ servers: proxy.url });
  system = await ActorSystem.start({
    nc, kinds: [ledgerKind()], shards: 1, leaseTtlMs: 2_000,
    logger: { info() {}, warn() {}, error: (m, f) => void errors.push(`${m} ${JSON.stringify(f ?? {})}`) },
  });
  await system.ready();
}, 60_000);
afterAll(async () => {
  await system?.shutdown();
  await nc?.close();
  await proxy?.close();
  await nats?.stop();
});

it("applies every tell exactly once, in order, when one delivery is lost in transit", async () => {
  for (let i = 0; i < 20; i++) await system.tell("ledger", "a", "append", i);
  let items: unknown[] = [];
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    items = await system.ask<LedgerState>("ledger", "a", "get", null, { timeoutMs: 3_000 }).then((s) => s.items, () => []);
    if (items.length >= 20) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(proxy.dropped).toHaveLength(1);
  expect(items).toEqual(Array.from({ length: 20 }, (_, i) => i));
  expect(errors.some((e) => /never arrived \(lost in transit\)/.test(e)), errors.join("\n")).toBe(true);
});

it("applies every input exactly once, in order, when one delivery of its partition is lost in transit", async () => {
  const own = await startNats();
  let deliveries = 0;
  const lossy = await startLossyProxy(own.url, (line) => line.includes(" $JS.ACK.T_LOSSY.") && ++deliveries === 3);
  const input: PartitionedInput = { stream: "T_LOSSY", subjectPrefix: "vtox.tp", partitions: 64, kind: "meter", type: "reading" };
  const meter: ActorKind<{ values: string[] }> = {
    kind: "meter",
    initialState: () => ({ values: [] }),
    receive(ctx, msg) {
      if (msg.type === "reading") ctx.state = { values: [...ctx.state.values, new TextDecoder().decode(msg.body as Uint8Array)] };
      else if (msg.type === "get") ctx.reply(ctx.state);
    },
  };
  const direct = await own.connect();
  const viaProxy = await connect({ servers: lossy.url });
  const logged: string[] = [];
  let sys: ActorSystem | undefined;
  try {
    await (await jetstreamManager(direct)).streams.add({ name: "T_LOSSY", subjects: ["vtox.tp.>"] });
    sys = await ActorSystem.start({
      nc: viaProxy, kinds: [meter], shards: 1, leaseTtlMs: 2_000, inputs: [input],
      logger: { info() {}, warn() {}, error: (m, f) => void logged.push(`${m} ${JSON.stringify(f ?? {})}`) },
    });
    await sys.ready();
    // Published as a vehicle would: the server maps vtox.telemetry.<id> to its partition.
    const js = jetstream(direct);
    for (let i = 0; i < 12; i++) await js.publish("vtox.telemetry.m1", new TextEncoder().encode(`r${i}`));
    let values: string[] = [];
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      values = await sys.ask<{ values: string[] }>("meter", "m1", "get", null, { timeoutMs: 3_000 }).then((st) => st.values, () => []);
      if (values.length >= 12) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(lossy.dropped).toHaveLength(1);
    expect(values).toEqual(Array.from({ length: 12 }, (_, i) => `r${i}`));
    expect(logged.some((e) => /partition \d+: deliveries \d+\.\.\d+ never arrived/.test(e)), logged.join("\n")).toBe(true);
  } finally {
    await sys?.shutdown();
    await viaProxy.close();
    await lossy.close();
    await own.stop();
  }
});
