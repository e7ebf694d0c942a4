/**
 * Starts and stops real `nats-server` processes with JetStream on free loopback ports and
 * temporary store directories. Used by `vtox dev` and by the test harness.
 *
 * @example
 * ```ts
 * const server = await NatsServerProcess.start();
 * console.log(server.url); // nats://127.0.0.1:43127
 * await server.stop();
 * ```
 * @module
 */
import { spawn, type ChildProcess, execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { TELEMETRY_MAPPING_CONFIG } from "../actors/fleet/mod.ts";

/** Raised when a nats-server process cannot be found, started or made ready. */
export class NatsServerError extends Error {
  /** Stable error code. */
  readonly code: "NATS_SERVER_MISSING" | "NATS_SERVER_START_FAILED";
  constructor(code: NatsServerError["code"], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "NatsServerError";
    this.code = code;
  }
}

/** Options for one nats-server process. */
export interface NatsServerOptions {
  /** Client port; a free one when omitted. */
  port?: number;
  /** JetStream store directory; a fresh temporary one (removed on stop) when omitted. */
  storeDir?: string;
  /** Server name (needed by JetStream clustering and the MQTT listener). */
  serverName?: string;
  /** Cluster settings: this server's route port and the route ports of its peers. */
  cluster?: { name: string; port: number; routes: number[] };
  /** MQTT listener port (requires JetStream and a server name). */
  mqttPort?: number;
  /** Extra configuration text appended to the generated config file. */
  extraConfig?: string;
  /** Path of the nats-server binary; `NATS_SERVER_BIN` or `nats-server` on PATH by default. */
  binary?: string;
  /** Milliseconds to wait for "Server is ready". */
  readyTimeoutMs?: number;
  /**
   * Run the server in its own process group, so a terminal Ctrl-C (SIGINT to the foreground
   * group) reaches only the parent, which can then drain its nodes before stopping the server.
   */
  detached?: boolean;
}

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Finds the nats-server binary or throws a {@link NatsServerError} saying how to install it. */
function findNatsServerBinary(explicit?: string): string {
  const candidates = [explicit, process.env.NATS_SERVER_BIN, "nats-server", "/usr/sbin/nats-server", "/usr/bin/nats-server"]
    .filter((c): c is string => !!c);
  for (const bin of candidates) {
    try {
      execFileSync(bin, ["--version"], { stdio: "ignore" });
      return bin;
    } catch {
      // try the next candidate
    }
  }
  throw new NatsServerError(
    "NATS_SERVER_MISSING",
    "Cannot find nats-server: expected it on PATH or in NATS_SERVER_BIN. Install it with " +
      "`sudo apt-get install nats-server` (Debian/Ubuntu), `brew install nats-server`, or a release binary.",
  );
}

const live = new Set<NatsServerProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A crashed test or CLI must not leave servers behind holding ports.
  process.on("exit", () => {
    for (const s of live) s.child?.kill("SIGKILL");
  });
}

/** One running nats-server process. */
export class NatsServerProcess {
  /** The running child process (undefined while stopped). */
  child: ChildProcess | undefined;
  /** Client URL, e.g. `nats://127.0.0.1:4222`. */
  readonly url: string;
  /** Client port. */
  readonly port: number;
  /** JetStream store directory. */
  readonly storeDir: string;
  /** Last lines the server printed, for error messages. */
  readonly log: string[] = [];
  /** The `server_name` it was started with, if any (JetStream names stream leaders by it). */
  get serverName(): string | undefined {
    return this.#opts.serverName;
  }
  readonly #opts: NatsServerOptions;
  readonly #ownsStore: boolean;
  readonly #configPath: string;

  private constructor(opts: NatsServerOptions, port: number, storeDir: string, ownsStore: boolean, configPath: string) {
    this.#opts = opts;
    this.port = port;
    this.url = `nats://127.0.0.1:${port}`;
    this.storeDir = storeDir;
    this.#ownsStore = ownsStore;
    this.#configPath = configPath;
  }

  /** Starts a server and resolves once it reports it is ready. */
  static async start(opts: NatsServerOptions = {}): Promise<NatsServerProcess> {
    const port = opts.port ?? (await freePort());
    const ownsStore = !opts.storeDir;
    const storeDir = opts.storeDir ?? (await mkdtemp(join(tmpdir(), "vtox-nats-")));
    const configPath = join(storeDir, `nats-${port}.conf`);
    await writeFile(configPath, renderConfig(opts, port, storeDir));
    const server = new NatsServerProcess(opts, port, storeDir, ownsStore, configPath);
    await server.restart();
    return server;
  }

  /** (Re)starts the process with the same port, config and store (after {@link kill}). */
  async restart(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return;
    const bin = findNatsServerBinary(this.#opts.binary);
    const child = spawn(bin, ["-c", this.#configPath], {
      stdio: ["ignore", "ignore", "pipe"],
      detached: this.#opts.detached ?? false,
      // nats-server 2.9 can write a consumer's meta files relative to its working directory
      // when its store goes away under it during shutdown: keep such strays in the store.
      cwd: this.storeDir,
    });
    this.child = child;
    live.add(this);
    installExitHook();
    const timeoutMs = this.#opts.readyTimeoutMs ?? 15_000;
    await new Promise<void>((resolve, reject) => {
      let buf = "";
      const timer = setTimeout(() => fail(`not ready after ${timeoutMs} ms`), timeoutMs);
      const fail = (why: string) => {
        clearTimeout(timer);
        child.kill("SIGKILL");
        reject(new NatsServerError("NATS_SERVER_START_FAILED",
          `Cannot start nats-server on port ${this.port}: ${why}. Last output:\n${this.log.slice(-10).join("\n")}`));
      };
      child.on("error", (err) => fail(err.message));
      child.once("exit", (code) => fail(`exited with code ${code}`));
      child.stderr!.setEncoding("utf8");
      child.stderr!.on("data", (chunk: string) => {
        buf += chunk;
        let nl;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          this.log.push(line);
          if (this.log.length > 200) this.log.shift();
          if (line.includes("Server is ready")) {
            clearTimeout(timer);
            child.removeAllListeners("exit");
            resolve();
          }
        }
      });
    });
  }

  /** Kills the process with SIGKILL, keeping the store (a crash). */
  async kill(): Promise<void> {
    await this.#terminate("SIGKILL");
  }

  /** Stops the process gracefully and removes a temporary store. */
  async stop(): Promise<void> {
    await this.#terminate("SIGTERM");
    live.delete(this);
    if (this.#ownsStore) await rm(this.storeDir, { recursive: true, force: true });
  }

  async #terminate(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

function renderConfig(opts: NatsServerOptions, port: number, storeDir: string): string {
  const lines = [
    `host: 127.0.0.1`,
    `port: ${port}`,
    `max_payload: 8MB`,
    `jetstream { store_dir: ${JSON.stringify(storeDir)} }`,
  ];
  if (opts.serverName) lines.push(`server_name: ${JSON.stringify(opts.serverName)}`);
  if (opts.cluster) {
    const routes = opts.cluster.routes.map((p) => `nats-route://127.0.0.1:${p}`);
    lines.push(
      `cluster { name: ${JSON.stringify(opts.cluster.name)}, host: 127.0.0.1, port: ${opts.cluster.port}, routes: [${routes.map((r) => JSON.stringify(r)).join(", ")}] }`,
    );
  }
  if (opts.mqttPort) lines.push(`mqtt { host: 127.0.0.1, port: ${opts.mqttPort} }`);
  // Every server VTOX starts stores telemetry on its vehicle's shard, like deploy/nats/*.conf.
  lines.push(TELEMETRY_MAPPING_CONFIG);
  if (opts.extraConfig) lines.push(opts.extraConfig);
  return lines.join("\n") + "\n";
}

/** A cluster of nats-server processes with JetStream, routed to each other. */
export class NatsServerCluster {
  /** The member servers. */
  readonly servers: NatsServerProcess[];
  private constructor(servers: NatsServerProcess[]) {
    this.servers = servers;
  }

  /** Comma-separated client URLs of all members. */
  get urls(): string[] {
    return this.servers.map((s) => s.url);
  }

  /** Starts `size` routed servers (default 3) so R3 streams can be placed. */
  static async start(size = 3, opts: Omit<NatsServerOptions, "port" | "cluster" | "serverName"> = {}): Promise<NatsServerCluster> {
    const routePorts: number[] = [];
    for (let i = 0; i < size; i++) routePorts.push(await freePort());
    const name = `vtox-${routePorts[0]}`;
    const servers = await Promise.all(routePorts.map((port, i) =>
      NatsServerProcess.start({
        ...opts,
        serverName: `${name}-n${i}`,
        cluster: { name, port, routes: routePorts.filter((p) => p !== port) },
      })
    ));
    return new NatsServerCluster(servers);
  }

  /**
   * Waits until JetStream can place a stream with a replica on every member (a fresh cluster's
   * meta leader may answer before it knows its peers: "no suitable peers for placement").
   */
  async placementReady(timeoutMs = 30_000): Promise<void> {
    const nc = await connect({ servers: this.urls });
    const deadline = Date.now() + timeoutMs;
    try {
      for (;;) {
        try {
          const jsm = await jetstreamManager(nc, { timeout: 5_000 });
          await jsm.streams.add({ name: "VTOX_PLACEMENT_PROBE", subjects: ["vtox.placement.probe"], num_replicas: this.servers.length });
          await jsm.streams.delete("VTOX_PLACEMENT_PROBE");
          return;
        } catch (err) {
          if (Date.now() > deadline) throw new Error(`JetStream could not place an R${this.servers.length} stream on ${this.urls.join(",")} after ${timeoutMs} ms`, { cause: err });
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    } finally {
      await nc.close();
    }
  }

  /** Stops every member and removes their stores. */
  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.stop()));
  }
}
