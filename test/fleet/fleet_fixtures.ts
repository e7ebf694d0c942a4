/**
 * Shared pieces of the fleet tests: one nats-server (and optionally one fleet node) per test
 * file, read a whole stream, wait for a condition, a quiet logger.
 * @module
 */
import { afterAll, beforeAll } from "vitest";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { decodeValue, type ActorLogger } from "../../actors/runtime/mod.ts";
import { startFleetNode, type FleetNode, type FleetNodeOptions } from "../../cli/fleet/mod.ts";
import type { NatsServerOptions } from "../../cli/nats_server_process.ts";
import { startNats, type NatsHarness } from "../harness/mod.ts";

/** The server and connection of a test file; read them inside hooks and tests (set by its beforeAll). */
export interface FleetNats {
  readonly nats: NatsHarness;
  readonly nc: NatsConnection;
  /** Starts a fleet node on {@link FleetNats.nc} with a collecting logger and no status (each overridable). */
  startNode(options: Omit<FleetNodeOptions, "nc">): Promise<FleetNode>;
}

/** A test file's server, connection and the fleet node started on them. */
export interface FleetNatsWithNode extends FleetNats {
  readonly node: FleetNode;
}

/**
 * Registers beforeAll/afterAll that start one nats-server and connect one client for the test
 * file, and stop the server (closing the client) afterwards. `natsOptions` may be computed in the
 * beforeAll (e.g. to take a free port first).
 */
export function useFleetNats(natsOptions?: NatsServerOptions | (() => Promise<NatsServerOptions>)): FleetNats {
  let nats: NatsHarness | undefined;
  let nc: NatsConnection | undefined;
  beforeAll(async () => {
    nats = await startNats(typeof natsOptions === "function" ? await natsOptions() : natsOptions);
    nc = await nats.connect();
  }, 60_000);
  afterAll(async () => {
    await nats?.stop();
  });
  const env: FleetNats = {
    get nats() {
      if (!nats) throw new Error("nats-server not started yet (use it inside a hook or a test)");
      return nats;
    },
    get nc() {
      if (!nc) throw new Error("NATS connection not open yet (use it inside a hook or a test)");
      return nc;
    },
    startNode: (options) => startFleetNode({ logger: collectingLogger(), statusPeriodMs: 0, ...options, nc: env.nc }),
  };
  return env;
}

/**
 * {@link useFleetNats} plus one fleet node for the whole file: started (and ready) in the
 * beforeAll, stopped before the server in the afterAll.
 */
export function useFleetNode(options: Omit<FleetNodeOptions, "nc">, natsOptions?: NatsServerOptions | (() => Promise<NatsServerOptions>)): FleetNatsWithNode {
  const env = useFleetNats(natsOptions);
  let node: FleetNode | undefined;
  beforeAll(async () => {
    node = await env.startNode(options);
    await node.system.ready();
  }, 60_000);
  afterAll(async () => {
    await node?.stop();
  });
  return {
    get nats() {
      return env.nats;
    },
    get nc() {
      return env.nc;
    },
    startNode: env.startNode,
    get node() {
      if (!node) throw new Error("fleet node not started yet (use it inside a hook or a test)");
      return node;
    },
  };
}

/** One stored message, decoded. */
export interface StoredMessage {
  subject: string;
  seq: number;
  msgId: string | undefined;
  contentType: string | undefined;
  /** The decoded CBOR value, or undefined when the payload is not CBOR (e.g. a dead letter). */
  value: any;
  data: Uint8Array;
}

/** Reads every message of `stream` in order through an ordered consumer (no filter: 2.9 lacks filter_subjects). */
export async function readStream(nc: NatsConnection, stream: string): Promise<StoredMessage[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream);
  const out: StoredMessage[] = [];
  if (info.state.messages === 0) return out;
  const js = jetstream(nc);
  const c = await js.consumers.get(stream);
  const last = info.state.last_seq;
  for (;;) {
    const batch = await c.fetch({ max_messages: 500, expires: 1_000 });
    let got = 0;
    for await (const m of batch) {
      got++;
      out.push({
        subject: m.subject, seq: m.seq, msgId: m.headers?.get("Nats-Msg-Id") || undefined,
        contentType: m.headers?.get("content-type") || undefined, value: tryDecode(m.data), data: m.data.slice(),
      });
      if (m.seq >= last) return out;
    }
    if (got === 0) return out;
  }
}

function tryDecode(data: Uint8Array): unknown {
  try {
    return decodeValue(data);
  } catch {
    return undefined;
  }
}

/** Polls `check` until it returns true or the timeout elapses (then throws with `what`). */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A logger that keeps warnings and errors for assertions instead of printing them. */
export function collectingLogger(): ActorLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: () => {},
    warn: (m, f) => void lines.push(`warn ${m} ${JSON.stringify(f ?? {})}`),
    error: (m, f) => void lines.push(`error ${m} ${JSON.stringify(f ?? {})}`),
  };
}
