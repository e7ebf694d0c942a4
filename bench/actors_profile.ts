/**
 * `node --cpu-prof --cpu-prof-dir=<dir> --import tsx bench/actors_profile.ts [--seconds S] [--in-flight N]`
 *
 * The ask loop alone (client and node in one process, as in `bench:actors`), for profiling its
 * CPU per ask without the other patterns in the profile. Prints asks/s and the process's CPU
 * time per ask.
 * @module
 */
import { connect } from "@nats-io/transport-node";
import { NatsServerProcess } from "../cli/nats_server_process.ts";
import { ActorSystem, type ActorKind } from "../actors/runtime/mod.ts";
import { benchBody, ratePerSecond } from "./actors_measure.ts";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`bench:actors_profile: ${name} needs a positive number, got ${JSON.stringify(process.argv[i + 1])}`);
  return v;
}

const echo: ActorKind<null> = {
  kind: "echo",
  initialState: () => null,
  receive(ctx, msg) {
    ctx.reply(msg.body);
  },
};
const quiet = { info() {}, warn() {}, error() {} };

const seconds = flag("--seconds", 5);
const inFlight = Math.round(flag("--in-flight", 64));
const server = await NatsServerProcess.start();
try {
  const nc = await connect({ servers: server.url, noAsyncTraces: true });
  const nc2 = await connect({ servers: server.url, noAsyncTraces: true });
  const node = await ActorSystem.start({ nc: nc2, kinds: [echo], shards: 64, idleMs: 3_600_000, logger: quiet });
  await node.ready();
  const client = await ActorSystem.start({ nc, shards: 64 });
  const body = benchBody(1);
  const ask = (w: number) => client.ask("echo", `e${w}`, "echo", body);
  await ratePerSecond(inFlight, 1000, ask); // warm-up: JIT, activations
  // CPU time of this process per ask (client and node): unlike asks/s, barely moved by other load on the machine.
  const cpu0 = process.cpuUsage();
  let asks = 0;
  const rate = await ratePerSecond(inFlight, seconds * 1000, (w) => (asks++, ask(w)));
  const cpu = process.cpuUsage(cpu0);
  const perAsk = (cpu.user + cpu.system) / asks;
  console.log(`ask @${inFlight} in flight: ${Math.round(rate).toLocaleString("en-US")}/s over ${seconds} s, ${perAsk.toFixed(2)} µs CPU per ask (this process)`);
  await client.shutdown();
  await node.shutdown();
  await nc.close();
  await nc2.close();
} finally {
  await server.stop();
}
