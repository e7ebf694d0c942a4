/**
 * A fleet node (vehicle actors, analyzer actors, telemetry router) run under Deno, for the Deno
 * compatibility test: `deno run --allow-net --allow-read --allow-env --allow-sys test/fleet/deno_fleet_node.ts`
 * with NATS_URL set. Prints `fleet node ready under deno` when serving; stops on stdin close.
 * @module
 */
import { connect } from "@nats-io/transport-node";
import { startFleetNode } from "../../cli/fleet/fleet_node.ts";

const env = (globalThis as unknown as { Deno: { env: { get(k: string): string | undefined }; stdin: { readable: ReadableStream<Uint8Array> } } }).Deno;
const nc = await connect({ servers: env.env.get("NATS_URL")!, noAsyncTraces: true });
const node = await startFleetNode({ nc, nodeId: "deno1", shards: 4, statusPeriodMs: 0, logger: { info() {}, warn: (m, f) => console.error(m, f), error: (m, f) => console.error(m, f) } });
await node.system.ready();
console.log("fleet node ready under deno");
// Run until the parent closes our stdin.
const reader = env.stdin.readable.getReader();
while (!(await reader.read()).done) { /* ignore input */ }
await node.stop();
await nc.drain();
console.log(`deno fleet node stopped after ${node.counters.windows} windows`);
