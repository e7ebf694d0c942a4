/**
 * The peer of bench:fleet: raw JetStream publish + pull-consume + ack of the very same window
 * payloads (no decoding, no analysis), on the same server in the same run.
 * @module
 */
import { AckPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";

/** Publishes `payloads` (256 in flight) while a pull consumer takes and acks them; returns messages/s end to end. */
export async function rawJetStreamWindows(nc: NatsConnection, payloads: Uint8Array[], count: number): Promise<number> {
  const jsm = await jetstreamManager(nc);
  const name = "BENCH_RAW_WINDOWS";
  await jsm.streams.delete(name).catch(() => {});
  await jsm.streams.add({ name, subjects: ["bench.raw.>"], retention: RetentionPolicy.Limits, storage: StorageType.File, max_bytes: 4 * 1024 ** 3 });
  await jsm.consumers.add(name, { durable_name: "raw", ack_policy: AckPolicy.Explicit, max_ack_pending: 4096 });
  const js = jetstream(nc);
  const consumer = await js.consumers.get(name, "raw");
  const start = performance.now();
  let consumed = 0;
  const messages = await consumer.consume({ max_messages: 512 });
  const done = (async () => {
    for await (const m of messages) {
      m.ack();
      if (++consumed >= count) break;
    }
  })();
  let next = 0;
  await Promise.all(Array.from({ length: 256 }, async () => {
    while (next < count) {
      const i = next++;
      await js.publish(`bench.raw.v${i % 64}`, payloads[i % payloads.length]!, { msgID: `raw-${i}` });
    }
  }));
  await done;
  const rate = count / ((performance.now() - start) / 1000);
  await jsm.streams.delete(name).catch(() => {});
  return rate;
}
