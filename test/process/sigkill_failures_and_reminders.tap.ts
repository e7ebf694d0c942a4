/**
 * Property: with the node SIGKILLed and restarted at random points, messages whose `receive`
 * always throws are retried and dead-lettered once each (the rest applied exactly once, in
 * order), and one-shot durable reminders armed meanwhile each ring exactly once — none lost when
 * a kill lands between applying `setReminder` and acknowledging it, none doubled by a replay.
 */
import t from "tap";
import fc from "fast-check";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { join } from "node:path";
import { ActorSystem, DLQ_HEADERS, DLQ_STREAM } from "../../actors/runtime/mod.ts";
import { repoRoot, startNats } from "../harness/mod.ts";
import { startNodeProcess, type NodeProcess } from "./node_process.ts";

const nats = await startNats();
t.teardown(() => nats.stop());
const nc = await connect({ servers: nats.url });
t.teardown(() => nc.close());
const client = await ActorSystem.start({ nc, shards: 4 });
t.teardown(() => client.shutdown());
const jsm = await jetstreamManager(nc);

const nodeArgs = ["--nats", nats.url, "--node-id", "k1", "--shard-count", "4", "--lease-ttl-ms", "1000",
  "--kinds", join(repoRoot, "test/process/kinds/ledger_kinds.ts")];
let node: NodeProcess | undefined;
t.teardown(() => node?.kill());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let run = 0;
const scenario = fc.record({
  // `append` to one of a few picky actors (multiples of 7 are refused), or `arm` a bell.
  sends: fc.array(fc.oneof(
    fc.record({ op: fc.constant("append" as const), actor: fc.nat({ max: 5 }), value: fc.integer({ min: 1, max: 1_000 }) }),
    fc.record({ op: fc.constant("arm" as const), actor: fc.nat({ max: 3 }), dueInMs: fc.integer({ min: 0, max: 400 }) }),
  ), { minLength: 150, maxLength: 400 }),
  killDelaysMs: fc.array(fc.integer({ min: 20, max: 300 }), { minLength: 1, maxLength: 3 }),
  inFlight: fc.integer({ min: 1, max: 16 }),
});

/** Polls `read` until `done` holds or 30 s pass; returns the last value read. */
async function settle<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > deadline) return v;
    await sleep(50);
  }
}

await t.test("refused messages are dead-lettered once and reminders ring once, across SIGKILLs", async (t) => {
  let kills = 0;
  let refusedTotal = 0;
  let bellsTotal = 0;
  const result = await fc.check(fc.asyncProperty(scenario, async ({ sends, killDelaysMs, inFlight }) => {
    run++;
    node ??= await startNodeProcess(nodeArgs);
    const appended = new Map<string, { seq: number; value: number }[]>();
    const armed = new Map<string, string[]>();
    let next = 0;
    const sender = Promise.all(Array.from({ length: inFlight }, async () => {
      while (next < sends.length) {
        const i = next++;
        const s = sends[i]!;
        if (s.op === "append") {
          const id = `r${run}-p${s.actor}`;
          const seq = await client.tell("picky", id, "append", s.value);
          appended.set(id, [...(appended.get(id) ?? []), { seq, value: s.value }]);
        } else {
          const id = `r${run}-b${s.actor}`;
          const name = `n${i}`;
          await client.tell("bell", id, "arm", { name, dueInMs: s.dueInMs });
          armed.set(id, [...(armed.get(id) ?? []), name]);
        }
        if (i % 40 === 0) await sleep(5);
      }
    }));
    for (const delay of killDelaysMs) {
      await sleep(delay);
      await node.kill();
      kills++;
      node = await startNodeProcess(nodeArgs);
    }
    await sender;

    for (const [id, list] of appended) {
      const ordered = list.sort((a, b) => a.seq - b.seq);
      const expected = ordered.filter((x) => x.value % 7 !== 0).map((x) => x.value);
      const refused = ordered.filter((x) => x.value % 7 === 0).map((x) => x.seq);
      refusedTotal += refused.length;
      const got = (await settle(() => client.ask<{ items: number[] }>("picky", id, "get", null, { timeoutMs: 5_000 }), (v) => v.items.length >= expected.length)).items;
      if (JSON.stringify(got) !== JSON.stringify(expected)) throw new Error(`${id}: expected ${JSON.stringify(expected)} got ${JSON.stringify(got)}`);
      // Each refused message is in the DLQ exactly once (replays are deduplicated by origin, stream and seq).
      const dead = await settle(async () => {
        const seqs: number[] = [];
        const last = (await jsm.streams.info(DLQ_STREAM)).state.last_seq;
        for (let q = 1; q <= last; q++) {
          const m = await jsm.streams.getMessage(DLQ_STREAM, { seq: q }).catch(() => null);
          if (m && m.subject === `vtox.dlq.receive.picky.${id}`) seqs.push(Number(m.header.get(DLQ_HEADERS.seq)));
        }
        return seqs.sort((a, b) => a - b);
      }, (v) => v.length >= refused.length);
      if (JSON.stringify(dead) !== JSON.stringify(refused)) throw new Error(`${id}: dead-lettered seqs ${JSON.stringify(dead)}, refused ${JSON.stringify(refused)}`);
    }
    for (const [id, names] of armed) {
      bellsTotal += names.length;
      const want = [...names].sort();
      const rang = (await settle(() => client.ask<{ rang: string[] }>("bell", id, "get", null, { timeoutMs: 5_000 }), (v) => v.rang.length >= want.length)).rang;
      await sleep(300); // a doubled firing would show up shortly after
      const final = (await client.ask<{ rang: string[] }>("bell", id, "get", null, { timeoutMs: 5_000 })).rang;
      if (JSON.stringify([...final].sort()) !== JSON.stringify(want)) {
        throw new Error(`${id}: armed ${JSON.stringify(want)} rang ${JSON.stringify([...final].sort())} (first read ${rang.length})`);
      }
    }
  }), { numRuns: 3, endOnFailure: true });
  if (result.failed) {
    t.fail(`property failed (seed ${result.seed}, path ${result.counterexamplePath}): ${String((result.errorInstance as Error)?.message ?? result.errorInstance).slice(0, 800)}`);
    return;
  }
  t.equal(result.numRuns, 3, "3 random scenarios ran");
  t.ok(kills >= 3, `the node was SIGKILLed ${kills} times across the runs`);
  t.ok(refusedTotal > 0 && bellsTotal > 0, `${refusedTotal} refused messages and ${bellsTotal} reminders were checked`);
  t.pass("every refused message was dead-lettered once, the others applied once in order, every reminder rang once");
});
