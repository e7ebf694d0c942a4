/**
 * Durable reminders survive a SIGKILL of the node: a one-shot reminder that fell due during the
 * outage fires exactly once after restart, and a periodic one fires once for the missed periods
 * (no burst) and then keeps its period.
 */
import t from "tap";
import { connect } from "@nats-io/transport-node";
import { join } from "node:path";
import { ActorSystem } from "../../actors/runtime/mod.ts";
import { repoRoot, startNats } from "../harness/mod.ts";
import { startNodeProcess, type NodeProcess } from "./node_process.ts";

const nats = await startNats();
t.teardown(() => nats.stop());
const nc = await connect({ servers: nats.url });
t.teardown(() => nc.close());
const client = await ActorSystem.start({ nc, shards: 4 });
t.teardown(() => client.shutdown());
const args = ["--nats", nats.url, "--node-id", "r1", "--shard-count", "4", "--lease-ttl-ms", "1000",
  "--kinds", join(repoRoot, "test/process/kinds/ledger_kinds.ts")];
let node: NodeProcess = await startNodeProcess(args);
t.teardown(() => node.kill());

type Alarm = { rings: number[]; armedAt: number };
const get = (id: string) => client.ask<Alarm>("alarm", id, "get", null, { timeoutMs: 5_000 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await t.test("durable reminders after a SIGKILL and restart of the node", async (t) => {
  await client.tell("alarm", "once", "arm", { dueInMs: 1_500 });
  await client.tell("alarm", "every", "arm", { dueInMs: 100, periodMs: 400 });
  for (let i = 0; (await get("once")).armedAt === 0 || (await get("every")).rings.length < 2; i++) {
    if (i > 200) throw new Error("reminders were not armed");
    await sleep(20);
  }
  t.equal((await get("once")).rings.length, 0, "the one-shot reminder has not fired before the crash");
  const ringsBefore = (await get("every")).rings.length;

  await node.kill();
  const downAt = Date.now();
  await sleep(3_000); // the one-shot falls due and ~7 periods are missed while the node is down
  node = await startNodeProcess(args);

  for (let i = 0; (await get("once")).rings.length < 1; i++) {
    if (i > 250) throw new Error("the one-shot reminder did not fire after restart");
    await sleep(20);
  }
  await sleep(1_500);
  const once = await get("once");
  t.equal(once.rings.length, 1, "the one-shot reminder fired exactly once after the restart");
  // Compared with the crash, not with when this test saw the ready line: the restarted node may
  // fire a due reminder before its ready line reaches us on a loaded machine.
  t.ok(once.rings[0]! >= downAt, "it fired after the crash, i.e. in the restarted node");

  const every = await get("every");
  const after = every.rings.slice(ringsBefore).filter((ts) => ts >= downAt);
  t.ok(after.length >= 2, `the periodic reminder resumed (${after.length} firings after restart)`);
  const gaps = after.slice(1).map((ts, i) => ts - after[i]!);
  // The missed slots collapse into one firing; the next one is on the reminder's grid, so only the
  // first gap may be short. A flood would put several firings right after the restart.
  t.ok(after.filter((ts) => ts < after[0]! + 150).length <= 2, `no catch-up burst after the outage: gaps ${JSON.stringify(gaps)} ms (period 400)`);
  t.ok(gaps.slice(1).every((g) => g >= 300), "then it keeps its period");
  // Counted against the firings' own span (the actor's timestamps), not the test's wall clock: one
  // collapsed firing for the outage, then at most one per period.
  const span = after.at(-1)! - after[0]!;
  t.ok(after.length <= Math.floor(span / 300) + 2, `fired once per period since restart, not once per missed period (${after.length} in ${span} ms)`);
});
