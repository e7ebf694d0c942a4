/**
 * The shared test harness: real nats-server processes with JetStream on free ports and
 * temporary store dirs, plus paths to the shared fixtures. Every NATS test uses it.
 *
 * @example
 * ```ts
 * const nats = await startNats();
 * const nc = await nats.connect();
 * // ...
 * await nc.close();
 * await nats.stop();
 * ```
 * @module
 */
import { connect, type NatsConnection, type ConnectionOptions } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import {
  NatsServerCluster,
  NatsServerProcess,
  type NatsServerOptions,
} from "../../cli/nats_server_process.ts";

export { freePort, NatsServerCluster, NatsServerProcess } from "../../cli/nats_server_process.ts";

/** Root of the repository. */
export const repoRoot: string = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The shared folder beside the repository (`../shared`): data, design, facts. */
export const sharedDir: string = process.env.VTOX_SHARED_DIR ?? join(repoRoot, "..", "shared");
/** Real recordings with known faults. */
export const dataDir: string = join(sharedDir, "data");

/** A started server plus helpers bound to it. */
export interface NatsHarness {
  server: NatsServerProcess;
  url: string;
  /** Connects a client (closed by {@link NatsHarness.stop} if still open). */
  connect(opts?: Partial<ConnectionOptions>): Promise<NatsConnection>;
  /** Closes the clients made by {@link NatsHarness.connect} and stops the server. */
  stop(): Promise<void>;
}

/** Starts one nats-server with JetStream and waits until JetStream answers. */
export async function startNats(opts: NatsServerOptions = {}): Promise<NatsHarness> {
  const server = await NatsServerProcess.start(opts);
  const clients: NatsConnection[] = [];
  const harness: NatsHarness = {
    server,
    url: server.url,
    async connect(copts = {}) {
      const nc = await connect({ servers: server.url, ...copts });
      clients.push(nc);
      return nc;
    },
    async stop() {
      await Promise.allSettled(clients.filter((c) => !c.isClosed()).map((c) => c.close()));
      await server.stop();
    },
  };
  await waitForJetStream([server.url]);
  return harness;
}

/**
 * Starts a 3-server cluster and waits until JetStream has a meta leader and can place a stream on
 * every server ({@link NatsServerCluster.placementReady}).
 */
export async function startNatsCluster(size = 3): Promise<{ cluster: NatsServerCluster; urls: string[]; stop(): Promise<void> }> {
  const cluster = await NatsServerCluster.start(size);
  await waitForJetStream(cluster.urls, 30_000);
  await cluster.placementReady(30_000);
  return { cluster, urls: cluster.urls, stop: () => cluster.stop() };
}

/** Polls until the JetStream API answers (a fresh cluster needs seconds to elect leaders). */
export async function waitForJetStream(servers: string[], timeoutMs = 15_000): Promise<void> {
  const nc = await connect({ servers });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        const jsm = await jetstreamManager(nc, { timeout: 1_000 });
        await jsm.getAccountInfo();
        return;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`JetStream not ready on ${servers.join(",")} after ${timeoutMs} ms`, { cause: err });
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    await nc.close();
  }
}
