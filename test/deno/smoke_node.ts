/**
 * A VTOX node for the Deno smoke test, runnable under Deno (and Node): connects to NATS_URL,
 * owns the shards in VTOX_SHARDS (of VTOX_SHARD_COUNT), hosts `pingpong`, prints a ready line,
 * and shuts down gracefully when its stdin closes or on SIGTERM.
 *
 * deno run --allow-net --allow-read --allow-env --allow-sys test/deno/smoke_node.ts
 * (with CBOR_NATIVE_ACCELERATION_DISABLED=true, see NATS-FACTS)
 * @module
 */
import { connect } from "@nats-io/transport-node";
import { ActorSystem, parseShardSet } from "../../actors/runtime/mod.ts";
import { pingpong, runtimeName } from "./smoke_pingpong_kind.ts";

const env = (name: string): string | undefined =>
  "Deno" in globalThis ? (globalThis as unknown as { Deno: { env: { get(n: string): string | undefined } } }).Deno.env.get(name) : process.env[name];

const url = env("NATS_URL");
if (!url) throw new Error("smoke_node: NATS_URL is required");
const shards = Number(env("VTOX_SHARD_COUNT") ?? "2");
const nc = await connect({ servers: url });
const system = await ActorSystem.start({
  nc, nodeId: `smoke-${runtimeName}`, shards, ownShards: parseShardSet(env("VTOX_SHARDS") ?? "all", shards), kinds: [pingpong], leaseTtlMs: 2_000,
  logger: { info() {}, warn: (m, f) => console.error(m, f), error: (m, f) => console.error(m, f) },
});
await system.ready();
console.log(`smoke node ready under ${runtimeName}: owns shards ${system.ownedShards().join(",")}`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await system.shutdown();
  await nc.drain();
  console.log(`smoke node under ${runtimeName} stopped`);
}
if ("Deno" in globalThis) {
  const D = (globalThis as unknown as { Deno: { addSignalListener(s: string, f: () => void): void; stdin: { readable: ReadableStream<Uint8Array> } } }).Deno;
  D.addSignalListener("SIGTERM", () => void stop());
  // The parent closes our stdin to ask for a graceful stop.
  void (async () => {
    const reader = D.stdin.readable.getReader();
    while (!(await reader.read()).done) { /* wait for EOF */ }
    await stop();
  })();
} else {
  process.once("SIGTERM", () => void stop());
  process.stdin.resume();
  process.stdin.once("end", () => void stop());
}
