/**
 * `npm run bench:actors [-- --json] [--tells N] [--seconds S] [--idle-actors M] [--rounds R]`
 *
 * One nats-server started here (never 4222), one run, the same ~256-byte payload everywhere:
 * - durable `tell` pipeline (publish, consume, apply, snapshot, ack) next to raw JetStream publish+consume;
 * - `ask` round trips/s at 1 and 64 in flight next to nats.js `request()`, the raw shared-reply
 *   pattern, and Moleculer over the same server;
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
import { moleculerEcho } from "./actors_moleculer.ts";
import { rawJetStream, rawRequest, rawSharedReply } from "./actors_raw.ts";

interface Flags { json: boolean; tells: number; seconds: number; idleActors: number; rounds: number }

function parse(argv: string[]): Flags {
  const f: Flags = { json: false, tells: 20_000, seconds: 2, idleActors: 100_000, rounds: 2 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const num = (name: string) => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`bench:actors: ${name} needs a positive number, got ${JSON.stringify(argv[i])}`);
      return v;
    };
    if (a === "--json") f.json = true;
    else if (a === "--tells") f.tells = Math.round(num(a));
    else if (a === "--seconds") f.seconds = num(a);
    else if (a === "--idle-actors") f.idleActors = Math.round(num(a));
    else if (a === "--rounds") f.rounds = Math.round(num(a));
    else throw new Error(`bench:actors: unknown flag ${a}; known: --json --tells N --seconds S --idle-actors M --rounds R`);
  }
  return f;
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
    // Raw and tell alternate for `rounds` rounds and the best of each is kept, so a burst of load
    // from elsewhere on the machine does not decide the ratio.
    out.raw_jetstream_msgs_s = 0;
    out.tell_msgs_s = 0;
    for (let round = 0; round < flags.rounds; round++) {
      out.raw_jetstream_msgs_s = Math.max(out.raw_jetstream_msgs_s, await rawJetStream(nc, payload, flags.tells));
      const base = applied;
      const start = performance.now();
      await pipelined(flags.tells, 256, (i) => client.tell("sink", `s${i % 64}`, "add", body));
      await until("tells applied", () => applied - base >= flags.tells);
      out.tell_msgs_s = Math.max(out.tell_msgs_s, flags.tells / ((performance.now() - start) / 1000));
    }
    say(`raw JetStream publish(256 in flight)+consume+ack: ${fmt(out.raw_jetstream_msgs_s)} msg/s (best of ${flags.rounds})`);
    say(`vtox durable tell (256 in flight, 64 actors; stored, applied, snapshotted, acked): ${fmt(out.tell_msgs_s)} msg/s (best of ${flags.rounds})`);

    const best = (key: string, v: number) => (out[key] = Math.max(out[key] ?? 0, v));
    const mol = await moleculerEcho(server.url);
    for (let round = 0; round < flags.rounds; round++) {
      for (const inFlight of [1, 64]) {
        best(`request_${inFlight}`, await rawRequest(nc, nc2, payload, inFlight, ms));
        best(`shared_reply_${inFlight}`, await rawSharedReply(nc, nc2, payload, inFlight, ms));
        best(`ask_${inFlight}`, await ratePerSecond(inFlight, ms, (w) => client.ask("echo", `e${w}`, "echo", body)));
        best(`moleculer_${inFlight}`, await mol.rate(inFlight, ms, body));
      }
    }
    await mol.stop();
    for (const inFlight of [1, 64]) {
      say(`${inFlight} in flight: nats.js request() ${fmt(out[`request_${inFlight}`]!)}/s | raw shared-reply ${fmt(out[`shared_reply_${inFlight}`]!)}/s | vtox ask ${fmt(out[`ask_${inFlight}`]!)}/s | Moleculer call (NATS transporter) ${fmt(out[`moleculer_${inFlight}`]!)}/s (best of ${flags.rounds})`);
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
await main();
