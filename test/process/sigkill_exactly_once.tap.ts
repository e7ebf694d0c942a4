/**
 * Property: random interleavings of tells to many actors, with the node process SIGKILLed and
 * restarted at random points, end in a state equal to applying each accepted tell exactly once,
 * in stream order — also for tells that travel a second hop from a relay actor (its outgoing
 * tells are deduplicated by msgID when a crashed batch is replayed).
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
  // Which actor each tell goes to and its value (the values make order and duplicates visible).
  // `via: "relay"` goes through a relay actor that tells the ledger `<relay>-sink`: two hops.
  sends: fc.array(fc.record({ actor: fc.nat({ max: 15 }), value: fc.integer(), via: fc.constantFrom("direct", "relay") }), { minLength: 800, maxLength: 2_000 }),
  // SIGKILLs at random moments while tells are being stored and applied.
  killDelaysMs: fc.array(fc.integer({ min: 30, max: 400 }), { minLength: 1, maxLength: 4 }),
  inFlight: fc.integer({ min: 1, max: 64 }),
});

await t.test("final state equals each accepted tell applied exactly once, across SIGKILLs", async (t) => {
  let killsDone = 0;
  const result = await fc.check(fc.asyncProperty(scenario, async ({ sends, killDelaysMs, inFlight }) => {
    run++;
    node ??= await startNodeProcess(nodeArgs);
    const accepted = new Map<string, { seq: number; value: number }[]>();
    let next = 0;
    let sending = true;
    const sender = (async () => {
      await Promise.all(Array.from({ length: inFlight }, async () => {
        while (next < sends.length) {
          const { actor, value, via } = sends[next++]!;
          const relayId = `r${run}-x${actor % 4}`;
          const id = via === "direct" ? `r${run}-a${actor}` : `${relayId}-sink`;
          const seq = via === "direct"
            ? await client.tell("ledger", id, "append", value)
            : await client.tell("relay", relayId, "forward", value);
          const list = accepted.get(id) ?? [];
          list.push({ seq, value });
          accepted.set(id, list);
          // Pace the sender a little so kills land while the node is busy applying and snapshotting.
          if (next % 50 === 0) await new Promise((r) => setTimeout(r, 5));
        }
      }));
      sending = false;
    })();
    for (const delay of killDelaysMs) {
      await new Promise((r) => setTimeout(r, delay));
      await node.kill();
      killsDone++;
      node = await startNodeProcess(nodeArgs);
    }
    await sender;
    void sending;
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
        throw new Error(`${id}: expected ${expected.length} items ${JSON.stringify(expected).slice(0, 200)} got ${got.length} ${JSON.stringify(got).slice(0, 200)}`);
      }
    }
  }), { numRuns: 5, endOnFailure: true });
  // Report the seed and the first mismatch, not the whole (large) counterexample.
  if (result.failed) {
    t.fail(`property failed (seed ${result.seed}, path ${result.counterexamplePath}): ${String((result.errorInstance as Error)?.message ?? result.errorInstance).slice(0, 600)}`);
    return;
  }
  t.equal(result.numRuns, 5, "5 random scenarios ran");
  t.ok(killsDone >= 5, `the node was SIGKILLed ${killsDone} times across the runs`);
  t.pass("every actor's final state equals its accepted tells applied once, in stream order");
});
