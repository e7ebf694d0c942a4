/**
 * Property: random interleavings of tells to many actors, with the node process SIGKILLed and
 * restarted at random points, end in a state equal to applying each accepted tell exactly once,
 * in stream order.
 */
import t from "tap";
import fc from "fast-check";
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

const nodeArgs = ["--nats", nats.url, "--node-id", "n1", "--shard-count", "8", "--lease-ttl-ms", "1000",
  "--kinds", join(repoRoot, "test/process/kinds/ledger_kinds.ts")];
let node: NodeProcess | undefined;
t.teardown(() => node?.kill());

let run = 0;
const scenario = fc.record({
  sends: fc.array(fc.record({ actor: fc.nat({ max: 11 }), value: fc.integer() }), { minLength: 60, maxLength: 250 }),
  kills: fc.uniqueArray(fc.nat({ max: 249 }), { minLength: 1, maxLength: 4 }),
  inFlight: fc.integer({ min: 1, max: 32 }),
});

await t.test("final state equals each accepted tell applied exactly once, across SIGKILLs", async (t) => {
  let killsDone = 0;
  await fc.assert(fc.asyncProperty(scenario, async ({ sends, kills, inFlight }) => {
    run++;
    node ??= await startNodeProcess(nodeArgs);
    const accepted = new Map<string, { seq: number; value: number }[]>();
    const killAt = new Set(kills.filter((k) => k < sends.length));
    let next = 0;
    const sendOne = async (i: number) => {
      const { actor, value } = sends[i]!;
      const id = `r${run}-a${actor}`;
      const seq = await client.tell("ledger", id, "append", value);
      const list = accepted.get(id) ?? [];
      list.push({ seq, value });
      accepted.set(id, list);
    };
    while (next < sends.length) {
      const end = Math.min(sends.length, next + inFlight);
      const batch: Promise<void>[] = [];
      for (; next < end; next++) {
        batch.push(sendOne(next));
        if (killAt.has(next)) {
          // SIGKILL mid-stream: the node dies with a batch applied but maybe not snapshotted or acked.
          await node.kill();
          killsDone++;
          node = await startNodeProcess(nodeArgs);
        }
      }
      await Promise.all(batch);
    }
    for (const [id, list] of accepted) {
      const expected = list.sort((a, b) => a.seq - b.seq).map((x) => x.value);
      const deadline = Date.now() + 30_000;
      let got: unknown[] = [];
      for (;;) {
        got = (await client.ask<{ items: unknown[] }>("ledger", id, "get", null, { timeoutMs: 5_000 })).items;
        if (got.length >= expected.length || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        throw new Error(`${id}: expected ${JSON.stringify(expected)} got ${JSON.stringify(got)}`);
      }
    }
  }), { numRuns: 6, endOnFailure: true });
  t.ok(killsDone >= 6, `the node was SIGKILLed ${killsDone} times across the runs`);
  t.pass("every actor's final state equals its accepted tells applied once, in stream order");
});
