/**
 * The raw NATS patterns the runtime is compared with, on the same server and payloads:
 * JetStream publish + pull consume + ack, `request()`, and core publish with replies on one
 * shared reply subject matched by a correlation id.
 * @module
 */
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { createInbox, type Msg, type NatsConnection } from "@nats-io/nats-core";
import { pipelined, ratePerSecond, until } from "./actors_measure.ts";

/** Publishes `n` messages (256 in flight) while a durable pull consumer consumes and acks them; msgs/s end to end. */
export async function rawJetStream(nc: NatsConnection, payload: Uint8Array, n: number): Promise<number> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: "BENCH_RAW", subjects: ["bench.raw.>"] });
  await jsm.consumers.add("BENCH_RAW", { durable_name: "raw", ack_policy: AckPolicy.Explicit, max_ack_pending: 1024 });
  const js = jetstream(nc);
  const consumer = await js.consumers.get("BENCH_RAW", "raw");
  let consumed = 0;
  const start = performance.now();
  const messages = await consumer.consume({ max_messages: 512 });
  const loop = (async () => {
    for await (const m of messages) {
      m.ack();
      if (++consumed >= n) break;
    }
  })();
  await pipelined(n, 256, (i) => js.publish(`bench.raw.${i % 64}`, payload));
  await until("raw consume", () => consumed >= n);
  const rate = n / ((performance.now() - start) / 1000);
  await loop;
  await jsm.streams.delete("BENCH_RAW");
  return rate;
}

/** `request()` round trips per second against a core responder. */
export async function rawRequest(nc: NatsConnection, responderNc: NatsConnection, payload: Uint8Array, inFlight: number, ms: number): Promise<number> {
  const sub = responderNc.subscribe("bench.req", { callback: (_e, m) => void m.respond(m.data) });
  await responderNc.flush();
  const rate = await ratePerSecond(inFlight, ms, () => nc.request("bench.req", payload, { timeout: 5_000 }));
  sub.unsubscribe();
  return rate;
}

/** Core publish + one shared wildcard reply subscription matched by correlation id; round trips per second. */
export async function rawSharedReply(nc: NatsConnection, responderNc: NatsConnection, payload: Uint8Array, inFlight: number, ms: number): Promise<number> {
  return sharedReplyRate<string>(nc, responderNc, "bench.shared", (m, prefix, settle) => settle(m.subject.slice(prefix.length + 1)), (prefix, waiting) => {
    let next = 0;
    return ratePerSecond(inFlight, ms, () => new Promise<void>((resolve) => {
      const corr = (next++).toString(36);
      waiting.set(corr, resolve);
      nc.publish("bench.shared", payload, { reply: `${prefix}.${corr}` });
    }));
  });
}

/**
 * The shared-reply setup both shared-reply patterns measure with: an echo responder on `subject`
 * (on `responderNc`) and one wildcard reply subscription under a fresh inbox prefix (on `nc`),
 * where `settleReply` hands each correlation id a reply answers to `settle` (which resolves the
 * waiting request, if any). `measure` runs the round trips; both subscriptions end afterwards.
 */
async function sharedReplyRate<K>(
  nc: NatsConnection,
  responderNc: NatsConnection,
  subject: string,
  settleReply: (m: Msg, prefix: string, settle: (corr: K) => void) => void,
  measure: (prefix: string, waiting: Map<K, () => void>) => Promise<number>,
): Promise<number> {
  const sub = responderNc.subscribe(subject, { callback: (_e, m) => void (m.reply && responderNc.publish(m.reply, m.data)) });
  await responderNc.flush();
  const prefix = createInbox();
  const waiting = new Map<K, () => void>();
  const settle = (corr: K): void => {
    const w = waiting.get(corr);
    if (w) {
      waiting.delete(corr);
      w();
    }
  };
  const replies = nc.subscribe(`${prefix}.*`, { callback: (_e, m) => settleReply(m, prefix, settle) });
  await nc.flush();
  const rate = await measure(prefix, waiting);
  sub.unsubscribe();
  replies.unsubscribe();
  return rate;
}

/**
 * The shared-reply pattern with the same coalescing `ask` uses (for transparency, not a goal
 * yardstick): requests queued in one tick travel as one message (`corr u32 | len u32 | payload`
 * per entry), the responder echoes the frame, the client matches each entry by correlation id.
 */
export async function rawCoalesced(nc: NatsConnection, responderNc: NatsConnection, payload: Uint8Array, inFlight: number, ms: number): Promise<number> {
  const settleFrame = (m: Msg, _prefix: string, settle: (corr: number) => void): void => {
    const view = new DataView(m.data.buffer, m.data.byteOffset, m.data.byteLength);
    for (let at = 0; at + 8 <= m.data.length; at += 8 + view.getUint32(at + 4)) settle(view.getUint32(at));
  };
  return sharedReplyRate<number>(nc, responderNc, "bench.coalesced", settleFrame, (prefix, waiting) => {
    let next = 0;
    let frameNo = 0;
    let queued: { corr: number }[] = [];
    const flush = () => {
      const frame = new Uint8Array(queued.length * (8 + payload.length));
      const view = new DataView(frame.buffer);
      let at = 0;
      for (const q of queued) {
        view.setUint32(at, q.corr);
        view.setUint32(at + 4, payload.length);
        frame.set(payload, at + 8);
        at += 8 + payload.length;
      }
      queued = [];
      nc.publish("bench.coalesced", frame, { reply: `${prefix}.${(frameNo++).toString(36)}` });
    };
    return ratePerSecond(inFlight, ms, () => new Promise<void>((resolve) => {
      const corr = next++ >>> 0;
      waiting.set(corr, resolve);
      if (queued.push({ corr }) === 1) queueMicrotask(flush);
    }));
  });
}
