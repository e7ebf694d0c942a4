import { afterAll, beforeAll, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { startNats, repoRoot, type NatsHarness } from "../harness/mod.ts";
import { ActorAddress, ActorSystem } from "../../actors/runtime/mod.ts";
import { pingpong } from "./smoke_pingpong_kind.ts";

let nats: NatsHarness;
let nodeSide: ActorSystem;
let deno: ChildProcess;
let denoOut = "";
const SHARDS = 2;

/** An id for `pingpong` that lands in `shard`. */
function idInShard(shard: number, prefix: string): string {
  for (let i = 0; ; i++) if (ActorAddress.of("pingpong", `${prefix}${i}`).shardOf(SHARDS) === shard) return `${prefix}${i}`;
}

beforeAll(async () => {
  nats = await startNats();
  deno = spawn(join(repoRoot, "node_modules", ".bin", "deno"),
    ["run", "--allow-net", "--allow-read", "--allow-env", "--allow-sys", "test/deno/smoke_node.ts"], {
      cwd: repoRoot, stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, NATS_URL: nats.url, VTOX_SHARDS: "0", VTOX_SHARD_COUNT: String(SHARDS), CBOR_NATIVE_ACCELERATION_DISABLED: "true" },
    });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Deno node not ready:\n${denoOut}`)), 90_000);
    deno.stdout!.on("data", (d: Buffer) => {
      denoOut += d.toString();
      if (denoOut.includes("smoke node ready under deno")) {
        clearTimeout(timer);
        resolve();
      }
    });
    deno.stderr!.on("data", (d: Buffer) => (denoOut += d.toString()));
    deno.once("exit", (c) => reject(new Error(`Deno node exited ${c}:\n${denoOut}`)));
  });
  nodeSide = await ActorSystem.start({ nc: await nats.connect(), shards: SHARDS, ownShards: [1], kinds: [pingpong], leaseTtlMs: 2_000,
    logger: { info() {}, warn() {}, error() {} } });
  await nodeSide.ready();
}, 120_000);

afterAll(async () => {
  await nodeSide?.shutdown();
  if (deno && deno.exitCode === null) {
    const exited = new Promise((r) => deno.once("exit", r));
    deno.stdin!.end();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (deno.exitCode === null) deno.kill("SIGKILL");
  }
  await nats?.stop();
});

it("a node under Deno and a node under Node exchange durable messages (typed arrays intact) and serve asks", async () => {
  const onDeno = idInShard(0, "d");
  const onNode = idInShard(1, "n");
  await nodeSide.tell("pingpong", onDeno, "ping", { n: 6, peer: onNode, samples: new Float32Array(4096).fill(0.5) });
  const deadline = Date.now() + 30_000;
  let a: { log: string[]; servedBy: string } | undefined;
  let b: { log: string[]; servedBy: string } | undefined;
  while (Date.now() < deadline) {
    a = await nodeSide.ask("pingpong", onDeno, "get");
    b = await nodeSide.ask("pingpong", onNode, "get");
    if (a!.log.length === 4 && b!.log.length === 3) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(a).toEqual({ log: ["6:deno:4096", "4:deno:4096", "2:deno:4096", "0:deno:4096"], servedBy: "deno" });
  expect(b).toEqual({ log: ["5:node:4096", "3:node:4096", "1:node:4096"], servedBy: "node" });
  deno.stdin!.end();
  await new Promise((r) => deno.once("exit", r));
  expect(denoOut).toContain("smoke node under deno stopped");
}, 60_000);
