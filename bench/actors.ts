/**
 * `npm run bench:actors [-- --json] [--tells N] [--seconds S] [--idle-actors M] [--rounds R]`
 *
 * One nats-server started here (never 4222), one process, the same ~256-byte payload everywhere:
 * - durable `tell` pipeline (publish, consume, apply, snapshot, ack) next to raw JetStream publish+consume;
 * - `ask` round trips/s at 1 and 64 in flight next to nats.js `request()`, the raw shared-reply
 *   pattern (one message per request: the goal's yardstick), Moleculer over the same server, and,
 *   for transparency, the raw pattern coalesced per tick as `ask` is;
 * Every figure is the median of `--rounds` short rounds in which all patterns run side by side
 * (in a rotating order), so a burst of load elsewhere on a shared machine moves all of them alike.
 * - heap bytes per idle activated actor.
 * With `--json` the last line is one JSON object with the figures and ratios.
 * @module
 */
import { connect } from "@nats-io/transport-node";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { NatsServerProcess } from "../cli/nats_server_process.ts";
import { ActorSystem, encodeEnvelope, newEnvelope, type ActorKind } from "../actors/runtime/mod.ts";
import { benchBody, pipelined, ratePerSecond, until } from "./actors_measure.ts";
import { parseBenchFlags } from "./bench_flags.ts";
import { moleculerEcho } from "./actors_moleculer.ts";
import { rawCoalesced, rawJetStream, rawRequest, rawSharedReply } from "./actors_raw.ts";

interface Flags { json: boolean; tells: number; seconds: number; idleActors: number; rounds: number }

function parse(argv: string[]): Flags {
  return parseBenchFlags<Flags>("bench:actors", argv, { json: false, tells: 20_000, seconds: 1, idleActors: 100_000, rounds: 5 }, {
    "--json": ["json", "switch"], "--tells": ["tells", "integer"], "--seconds": ["seconds", "number"], "--idle-actors": ["idleActors", "integer"], "--rounds": ["rounds", "integer"],
  });
}

let applied = 0;
const sink: ActorKind<number> = {
  kind: "sink",
  initialState: () => 0,
  receive(ctx, msg) {
    if (msg.type === "add") {
      ctx.state = ctx.state + 1;
      applied++;
    }
  },
};
const echo: ActorKind<null> = {
  kind: "echo",
  initialState: () => null,
  receive(ctx, msg) {
    ctx.reply(msg.body);
  },
};

function gc(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

async function main(): Promise<void> {
  const flags = parse(process.argv.slice(2));
  const say = (s: string) => console.log(s);
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  const ms = flags.seconds * 1000;
  const server = await NatsServerProcess.start();
  const out: Record<string, number> = {};
  try {
    // noAsyncTraces: nats.js otherwise builds two stack-traced Errors per request (JetStream publish,
    // KV update, request()); every pattern measured here uses these same two connections.
    const nc = await connect({ servers: server.url, noAsyncTraces: true });
    const nc2 = await connect({ servers: server.url, noAsyncTraces: true });
    const body = benchBody(1);
    const payload = encodeEnvelope(newEnvelope("add", body));
    say(`bench:actors on nats-server ${server.url}, payload ${payload.length} B, ${flags.tells} tells, ${flags.seconds} s per ask figure`);

    const node = await ActorSystem.start({ nc: nc2, kinds: [sink, echo], shards: 64, idleMs: 3_600_000, logger: quiet });
    await node.ready();
    const client = await ActorSystem.start({ nc, shards: 64 });
    // Raw and tell alternate for `rounds` rounds and the median of each is kept.
    const runs = new Map<string, number[]>();
    const record = (key: string, v: number) => void (runs.get(key) ?? runs.set(key, []).get(key)!).push(v);
    for (let round = 0; round < flags.rounds; round++) {
      record("raw_jetstream_msgs_s", await rawJetStream(nc, payload, flags.tells));
      const base = applied;
      const start = performance.now();
      await pipelined(flags.tells, 256, (i) => client.tell("sink", `s${i % 64}`, "add", body));
      await until("tells applied", () => applied - base >= flags.tells);
      record("tell_msgs_s", flags.tells / ((performance.now() - start) / 1000));
    }
    const settle = (key: string) => (out[key] = median(runs.get(key)!));
    const spread = (key: string) => `median of ${flags.rounds}, range ${fmt(Math.min(...runs.get(key)!))}–${fmt(Math.max(...runs.get(key)!))}`;
    settle("raw_jetstream_msgs_s");
    settle("tell_msgs_s");
    say(`raw JetStream publish(256 in flight)+consume+ack: ${fmt(out.raw_jetstream_msgs_s)} msg/s (${spread("raw_jetstream_msgs_s")})`);
    say(`vtox durable tell (256 in flight, 64 actors; stored, applied, snapshotted, acked): ${fmt(out.tell_msgs_s)} msg/s (${spread("tell_msgs_s")})`);

    const mol = await moleculerEcho(server.url);
    const patterns: [string, (inFlight: number) => Promise<number>][] = [
      ["request", (n) => rawRequest(nc, nc2, payload, n, ms)],
      ["shared_reply", (n) => rawSharedReply(nc, nc2, payload, n, ms)],
      ["ask", (n) => ratePerSecond(n, ms, (w) => client.ask("echo", `e${w}`, "echo", body))],
      ["moleculer", (n) => mol.rate(n, ms, body)],
      ["raw_coalesced", (n) => rawCoalesced(nc, nc2, payload, n, ms)],
    ];
    // Warm-up (JIT, placement of the echo actors), not recorded.
    for (const [, run] of patterns) await run(64);
    for (let round = 0; round < flags.rounds; round++) {
      for (const inFlight of [1, 64]) {
        for (let p = 0; p < patterns.length; p++) {
          const [name, run] = patterns[(p + round) % patterns.length]!;
          record(`${name}_${inFlight}`, await run(inFlight));
        }
      }
    }
    await mol.stop();
    for (const inFlight of [1, 64]) {
      for (const [name] of patterns) settle(`${name}_${inFlight}`);
      say(`${inFlight} in flight: nats.js request() ${fmt(out[`request_${inFlight}`]!)}/s | raw shared-reply ${fmt(out[`shared_reply_${inFlight}`]!)}/s | vtox ask ${fmt(out[`ask_${inFlight}`]!)}/s (${spread(`ask_${inFlight}`)}) | Moleculer call (NATS transporter) ${fmt(out[`moleculer_${inFlight}`]!)}/s (medians of ${flags.rounds})`);
      say(`  (transparency) raw shared-reply coalesced per tick like ask: ${fmt(out[`raw_coalesced_${inFlight}`]!)}/s`);
    }

    // Idle actors: activate M fresh actors (one ask each), then measure the heap they hold.
    gc();
    const before = process.memoryUsage().heapUsed;
    const activeBefore = node.activeActors;
    await pipelined(flags.idleActors, 256, (i) => client.ask("sink", `idle${i}`, "touch", null, { timeoutMs: 30_000 }));
    await until("activations", () => node.activeActors - activeBefore >= flags.idleActors);
    gc();
    const after = process.memoryUsage().heapUsed;
    out.idle_actor_bytes = (after - before) / flags.idleActors;
    say(`idle activated actors: ${flags.idleActors} held ${fmt(after - before)} B of heap = ${fmt(out.idle_actor_bytes)} B/actor → 100k ≈ ${(out.idle_actor_bytes * 1e5 / 2 ** 20).toFixed(1)} MiB (goal < 1 GiB)`);

    out.tell_vs_raw_jetstream = out.tell_msgs_s / out.raw_jetstream_msgs_s;
    out.ask_vs_raw_64 = out.ask_64! / out.shared_reply_64!;
    out.ask_vs_moleculer_64 = out.ask_64! / out.moleculer_64!;
    out.ask_vs_request_64 = out.ask_64! / out.request_64!;
    say(`ratios: tell/raw JetStream ${out.tell_vs_raw_jetstream.toFixed(2)} (goal ≥ 0.5) | ask/shared-reply @64 ${out.ask_vs_raw_64.toFixed(2)} (goal ≥ 0.5) | ask/Moleculer @64 ${out.ask_vs_moleculer_64.toFixed(2)} (goal ≥ 2) | ask/request() @64 ${out.ask_vs_request_64.toFixed(2)}`);
    await client.shutdown();
    await node.shutdown();
    await nc.close();
    await nc2.close();
  } finally {
    await server.stop();
  }
  if (flags.json) console.log(JSON.stringify(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Number(v.toFixed(3))]))));
}

const quiet = { info() {}, warn() {}, error() {} };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
await main();
