import { afterAll, beforeAll, expect, it } from "vitest";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { startNatsCluster } from "../harness/mod.ts";
import type { ActorSystem } from "../../actors/runtime/mod.ts";
import { ledgerKind, startSystem, type LedgerState } from "./fixtures.ts";

let cluster: Awaited<ReturnType<typeof startNatsCluster>>;
let system: ActorSystem;
let nc: NatsConnection;

beforeAll(async () => {
  cluster = await startNatsCluster(3);
  nc = await connect({ servers: cluster.urls });
  system = await startSystem(nc, [ledgerKind()], { replicas: 3, shards: 4 });
}, 90_000);
afterAll(async () => {
  await system?.shutdown();
  await nc?.close();
  await cluster?.stop();
});

it("with R3 streams and buckets, killing a server loses no accepted tell and applies none twice", async () => {
  const accepted: { id: string; seq: number; v: number }[] = [];
  const send = async (from: number, n: number) => {
    await Promise.all(Array.from({ length: n }, async (_, i) => {
      const v = from + i;
      const id = `r${v % 5}`;
      accepted.push({ id, seq: await system.tell("ledger", id, "append", v, { retryForMs: 30_000 }), v });
    }));
  };
  await send(0, 100);
  // Kill the server the client is connected to: the client reconnects, leaders move.
  const connectedPort = Number(new URL(`nats://${nc.getServer()}`).port);
  const victim = cluster.cluster.servers.find((s) => s.port === connectedPort) ?? cluster.cluster.servers[0]!;
  const sending = send(100, 100);
  await victim.kill();
  await sending;
  await send(200, 100);
  for (const id of ["r0", "r1", "r2", "r3", "r4"]) {
    const expected = accepted.filter((a) => a.id === id).sort((a, b) => a.seq - b.seq).map((a) => a.v);
    const deadline = Date.now() + 60_000;
    let got: unknown[] = [];
    while (Date.now() < deadline) {
      got = await system.ask<LedgerState>("ledger", id, "get", null, { timeoutMs: 5_000 }).then((s) => s.items, () => []);
      if (got.length >= expected.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // The message says which case a failure is: a lost tell (short), a double apply (long) or an order change.
    expect(got, `${id}: ${got.length} items applied, ${expected.length} accepted`).toEqual(expected);
  }
  await victim.restart();
}, 120_000);
