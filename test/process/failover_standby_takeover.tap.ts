/**
 * Failover between node processes: a standby node configured with the same shards takes them over
 * when the owner is SIGKILLed (after its lease expires) and, after a graceful stop of the new
 * owner, a restarted node takes them back at once (lease released). Every accepted tell is applied
 * exactly once across both moves.
 */
import t, { type Test } from "tap";
import { connect } from "@nats-io/transport-node";
import { join } from "node:path";
import { ActorSystem } from "../../actors/runtime/mod.ts";
import { repoRoot, startNats } from "../harness/mod.ts";
import { startNodeProcess, type NodeProcess } from "./node_process.ts";

const nats = await startNats();
t.teardown(() => nats.stop());
const nc = await connect({ servers: nats.url });
t.teardown(() => nc.close());
const client = await ActorSystem.start({ nc, shards: 8 });
t.teardown(() => client.shutdown());
const args = (id: string) => ["--nats", nats.url, "--node-id", id, "--shard-count", "8", "--lease-ttl-ms", "1500",
  "--kinds", join(repoRoot, "test/process/kinds/ledger_kinds.ts")];
const nodes: NodeProcess[] = [];
t.teardown(async () => {
  for (const n of nodes) await n.kill();
});

const accepted = new Map<string, { seq: number; value: number }[]>();
let value = 0;
async function sendSome(n: number): Promise<void> {
  await Promise.all(Array.from({ length: n }, async () => {
    const v = value++;
    const id = `f${v % 10}`;
    const seq = await client.tell("ledger", id, "append", v);
    const list = accepted.get(id) ?? [];
    list.push({ seq, value: v });
    accepted.set(id, list);
  }));
}

async function checkExactlyOnce(t: Test, label: string): Promise<void> {
  for (const [id, list] of accepted) {
    const expected = list.slice().sort((a, b) => a.seq - b.seq).map((x) => x.value);
    const deadline = Date.now() + 30_000;
    let got: unknown[] = [];
    while (Date.now() < deadline) {
      got = (await client.ask<{ items: unknown[] }>("ledger", id, "get", null, { timeoutMs: 10_000 })).items;
      if (got.length >= expected.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    t.same(got, expected, `${label}: ${id} applied its ${expected.length} tells exactly once, in order`);
  }
}

await t.test("a standby takes over a SIGKILLed owner's shards; a graceful stop hands them back at once", async (t) => {
  const a = await startNodeProcess(args("A"));
  nodes.push(a);
  const b = await startNodeProcess(args("B"));
  nodes.push(b);
  t.match(b.output.join(""), /owns 0\/8 shards of 8 \(standby for 8/, "B starts as a standby");
  await sendSome(200);
  const inFlight = sendSome(200);
  await a.kill(); // crash with tells in flight
  await inFlight;
  await checkExactlyOnce(t, "after the owner's crash");
  await sendSome(100);
  const a2 = await startNodeProcess(args("A2"));
  nodes.push(a2);
  t.match(a2.output.join(""), /owns 0\/8 shards/, "the new node waits while B owns the shards");
  const stopped = b.stop(); // graceful: drain, snapshot, release
  await sendSome(100);
  t.equal(await stopped, 0, "B exits 0 after a graceful stop");
  await checkExactlyOnce(t, "after the graceful handoff");
});
