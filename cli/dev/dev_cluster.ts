/**
 * The local development cluster: its own nats-server on a free port (unless a URL is given) and
 * N `vtox node` processes, each owning a contiguous slice of the shards. Output of every node is
 * prefixed with its id.
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { NatsServerProcess } from "../nats_server_process.ts";
import { NODE_HEAP_FLAGS } from "./node_heap_flags.ts";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Splits `shards` shards into `n` contiguous ranges like `0-21`. */
export function splitShards(shards: number, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = Math.floor((i * shards) / n), b = Math.floor(((i + 1) * shards) / n) - 1;
    out.push(b >= a ? `${a}-${b}` : "none");
  }
  return out;
}

/** A running dev cluster. */
export class DevCluster {
  readonly natsUrl: string;
  readonly #server: NatsServerProcess | undefined;
  readonly #nodes: ChildProcess[];
  private constructor(natsUrl: string, server: NatsServerProcess | undefined, nodes: ChildProcess[]) {
    this.natsUrl = natsUrl;
    this.#server = server;
    this.#nodes = nodes;
  }

  /** Starts the server (when `natsUrl` is undefined) and the nodes; resolves when every node printed ready. */
  static async start(opts: { natsUrl?: string; nodes: number; shards: number; say: (s: string) => void; nodeArgs?: string[] }): Promise<DevCluster> {
    let server: NatsServerProcess | undefined;
    let url = opts.natsUrl;
    if (!url) {
      opts.say("starting nats-server (JetStream, temporary store) on a free port ...");
      server = await NatsServerProcess.start({ detached: true });
      url = server.url;
      opts.say(`nats-server ready at ${url} (store ${server.storeDir})`);
    } else opts.say(`using NATS at ${url}`);
    const ranges = splitShards(opts.shards, opts.nodes);
    const nodes: ChildProcess[] = [];
    const cluster = new DevCluster(url, server, nodes);
    try {
      await Promise.all(ranges.map((range, i) => {
        const id = `dev-${i + 1}`;
        const child = spawn(process.execPath, [...NODE_HEAP_FLAGS, join(repoRoot, "bin", "vtox.js"), "node", "--nats", url!, "--node-id", id,
          "--shards", range, "--shard-count", String(opts.shards), ...(opts.nodeArgs ?? [])], {
          cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, VTOX_LOG: process.env.VTOX_LOG ?? "warn" },
          // Own process group: Ctrl-C reaches only `vtox dev`, which then stops the nodes in order.
          detached: true,
        });
        nodes.push(child);
        opts.say(`starting node ${id} (pid ${child.pid}) owning shards ${range}`);
        return new Promise<void>((resolve, reject) => {
          const prefix = (d: Buffer) => d.toString().split("\n").filter(Boolean).map((l) => `[${id}] ${l}`).join("\n");
          child.stdout!.on("data", (d: Buffer) => {
            opts.say(prefix(d));
            if (d.toString().includes(" ready: owns")) resolve();
          });
          child.stderr!.on("data", (d: Buffer) => opts.say(prefix(d)));
          child.once("exit", (code, sig) => reject(new Error(`node ${id} exited (${code ?? sig}) before it was ready`)));
        });
      }));
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  /**
   * Stops the nodes gracefully (SIGTERM; SIGKILL after 15 s) and then the server. The dev server
   * runs in its own process group so a terminal Ctrl-C leaves it up while the nodes drain; when it
   * is gone anyway (killed from outside), there is nothing to drain into: the nodes get 2 s.
   */
  async stop(): Promise<void> {
    const serverGone = !!this.#server && (this.#server.child?.exitCode !== null || this.#server.child?.signalCode !== null);
    const graceMs = serverGone ? 2_000 : 15_000;
    await Promise.all(this.#nodes.map((c) => new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      const t = setTimeout(() => c.kill("SIGKILL"), graceMs);
      c.once("exit", () => {
        clearTimeout(t);
        resolve();
      });
      c.kill("SIGTERM");
    })));
    await this.#server?.stop();
  }
}
