/**
 * Telemetry ingest: windows published on `vtox.telemetry.<vehicleId>` (NATS or MQTT) are stored
 * in the telemetry stream; every node pulls from one shared durable consumer (so ingest spreads
 * over nodes), validates the window and tells `vehicle.<vehicleId>` a reference to it (stream
 * sequence plus the window's scalar fields, not its samples: the analyzers fetch those by direct
 * get), into the mailbox on the vehicle's shard (`fnv1a32("vehicle.<id>") % shards`, see the
 * runtime). The tell uses msgID `tel.<vehicleId>.<timestamp>`, so a window redelivered after a
 * crash enters the mailbox once; only then is the telemetry message acknowledged. A payload that is not a valid window is
 * counted and kept on `vtox.dlq.telemetry` with the reason, then acknowledged.
 * @module
 */
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/nats-core";
import { parseTelemetryWindow, type TelemetryWindow } from "../domain/mod.ts";
import { ActorAddress, DLQ_HEADERS, decodeValue, type ActorClient } from "../runtime/mod.ts";
import { FleetError, TelemetryRejectedError } from "./fleet_error.ts";
import { recentWindowsOf, type RecentWindows } from "./recent_windows.ts";
import { TELEMETRY_DLQ_SUBJECT, TELEMETRY_ROUTER_CONSUMER, TELEMETRY_STREAM, VEHICLE_KIND } from "./subjects.ts";

/** Options of {@link TelemetryRouter.start}. */
export interface TelemetryRouterOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  client: ActorClient;
  /** Windows in flight per node (pull batch; default 256). */
  maxInFlight?: number;
  /** Consumer ack wait, ms (default 30 s): a window a dead node held is redelivered after it. */
  ackWaitMs?: number;
  /** Called for every rejected payload (logging). */
  onRejected?: (err: TelemetryRejectedError, subject: string) => void;
  /**
   * The connection this node's analyzers use: routed windows are offered to them (see
   * recent_windows.ts) so a vehicle on this node is analysed without fetching its window back.
   * Required: the JetStream client does not expose its connection publicly.
   */
  nc: object;
  /** Called when the pull loop failed or ended while running, before it restarts (logging). */
  onLoopError?: (err: Error, restarts: number) => void;
  /** Pause before restarting the pull loop, ms (default 1000): a broken consumer is not hammered. */
  restartDelayMs?: number;
}

/** Creates the shared router consumer if missing. Idempotent. */
export async function ensureRouterConsumer(jsm: JetStreamManager, ackWaitMs = 30_000, maxAckPending = 4096): Promise<void> {
  try {
    await jsm.consumers.info(TELEMETRY_STREAM, TELEMETRY_ROUTER_CONSUMER);
  } catch (err) {
    if (!/not found/i.test(String((err as Error).message))) throw err;
    await jsm.consumers.add(TELEMETRY_STREAM, {
      durable_name: TELEMETRY_ROUTER_CONSUMER,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: ackWaitMs * 1_000_000,
      max_ack_pending: maxAckPending,
      max_deliver: -1,
    }).catch((e) => {
      if (!/already in use|exists/i.test(String((e as Error).message))) throw e;
    });
  }
}

/** The body of a `window_ref` tell: where the window is stored and its fields without samples. */
export interface WindowRefBody {
  ref: { stream: string; seq: number };
  header: TelemetryWindow;
}

/** A window without its sample arrays (what the vehicle actor keeps and aggregates with). */
export function windowHeader(w: TelemetryWindow): TelemetryWindow {
  const { currents: _c, voltages: _v, vibration: _x, ...header } = w;
  return header;
}

/** Validates a telemetry payload against its subject; throws {@link TelemetryRejectedError}. */
export function checkTelemetry(subject: string, data: Uint8Array): TelemetryWindow {
  const parts = subject.split(".");
  if (parts.length !== 3) throw new TelemetryRejectedError(`Cannot route telemetry: subject must be vtox.telemetry.<vehicleId>, got ${subject}`);
  let w;
  try {
    w = parseTelemetryWindow(decodeValue(data, "telemetry window"));
  } catch (err) {
    throw new TelemetryRejectedError((err as Error).message.startsWith("Cannot") ? (err as Error).message : `Cannot decode telemetry window: ${(err as Error).message}`, { cause: err });
  }
  if (w.vehicleId !== parts[2]) {
    throw new TelemetryRejectedError(`Cannot route telemetry: window vehicleId ${JSON.stringify(w.vehicleId)} does not match the subject's ${JSON.stringify(parts[2])}`);
  }
  return w;
}

/** One node's telemetry router. */
export class TelemetryRouter {
  /** Windows routed, payloads rejected, routing failures (redelivered), pull loop restarts. */
  readonly counts = { routed: 0, rejected: 0, failed: 0, restarts: 0 };
  readonly #o: TelemetryRouterOptions;
  #messages: ConsumerMessages | undefined;
  #loop: Promise<void> | undefined;
  #running = true;
  #wake: (() => void) | undefined;
  readonly #pending = new Set<Promise<void>>();
  readonly #recent: RecentWindows;

  private constructor(o: TelemetryRouterOptions) {
    this.#o = o;
    this.#recent = recentWindowsOf(o.nc);
  }

  /** Creates the consumer if needed and starts pulling. */
  static async start(o: TelemetryRouterOptions): Promise<TelemetryRouter> {
    const r = new TelemetryRouter(o);
    // The first pull is set up here so a broken start fails the caller; later failures restart.
    const first = await r.#consume();
    r.#loop = r.#run(first);
    return r;
  }

  async #consume(): Promise<ConsumerMessages> {
    await ensureRouterConsumer(this.#o.jsm, this.#o.ackWaitMs);
    const consumer = await this.#o.js.consumers.get(TELEMETRY_STREAM, TELEMETRY_ROUTER_CONSUMER);
    // A deleted consumer ends the iterator with an error (instead of waiting forever): the loop recreates it.
    this.#messages = await consumer.consume({ max_messages: this.#o.maxInFlight ?? 256, abort_on_missing_resource: true });
    return this.#messages;
  }

  /**
   * The pull loop. It never rejects: an iterator that throws, or ends while the router is running
   * (consumer deleted, connection trouble), is reported and restarted after a pause, like a
   * supervised shard owner — an unhandled rejection here would kill the whole node.
   */
  async #run(first: ConsumerMessages): Promise<void> {
    let messages: ConsumerMessages | undefined = first;
    while (this.#running) {
      let why: Error;
      try {
        messages ??= await this.#consume();
        for await (const m of messages) {
          const p = this.#route(m).finally(() => this.#pending.delete(p));
          this.#pending.add(p);
        }
        why = new FleetError("ROUTER_STOPPED", "the telemetry router consumer stopped delivering while the router was running");
      } catch (err) {
        why = err instanceof Error ? err : new Error(String(err));
      }
      messages = undefined;
      if (!this.#running) return;
      this.counts.restarts++;
      this.#o.onLoopError?.(why, this.counts.restarts);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.#o.restartDelayMs ?? 1_000);
        this.#wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  async #route(m: JsMsg): Promise<void> {
    const data = m.data;
    let key: TelemetryWindow;
    try {
      key = checkTelemetry(m.subject, data);
    } catch (err) {
      const e = err as TelemetryRejectedError;
      this.counts.rejected++;
      this.#o.onRejected?.(e, m.subject);
      const h = natsHeaders();
      h.set(DLQ_HEADERS.reason, e.message.replace(/[\r\n]+/g, " ").slice(0, 1000));
      h.set(DLQ_HEADERS.code, e.code);
      h.set(DLQ_HEADERS.subject, m.subject);
      h.set(DLQ_HEADERS.origin, "telemetry");
      h.set(DLQ_HEADERS.seq, String(m.seq));
      try {
        // The runtime's dead-letter writer is internal to it (only its header names are exported):
        // same headers, and its msgID form `dlq:<origin>:<stream>:<seq>` so a replayed rejection is stored once.
        await this.#o.js.publish(TELEMETRY_DLQ_SUBJECT, data, { headers: h, msgID: `dlq:telemetry:${TELEMETRY_STREAM}:${m.seq}` });
        m.ack();
      } catch {
        // Not acknowledged: it comes back after ack_wait and is dead-lettered then.
        this.counts.failed++;
      }
      return;
    }
    try {
      const body: WindowRefBody = { ref: { stream: TELEMETRY_STREAM, seq: m.seq }, header: windowHeader(key) };
      // Offered before the tell: the vehicle actor may run (and ask its analyzers) before the tell's ack arrives.
      this.#recent.offer(body.ref, key);
      await this.#o.client.tell(ActorAddress.of(VEHICLE_KIND, key.vehicleId), "window_ref", body, { msgID: `tel.${key.vehicleId}.${key.timestamp}` });
      this.counts.routed++;
      m.ack();
    } catch {
      // Mailbox full or JetStream unavailable: redelivered after ack_wait (explicit backpressure on the stream).
      this.counts.failed++;
      m.nak(1_000);
    }
  }

  /** Stops pulling and waits for the windows in flight to be routed. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#messages?.stop();
    this.#wake?.();
    await this.#loop;
    await Promise.allSettled([...this.#pending]);
  }
}
