/**
 * A snapshot write JetStream does not answer (no stream leader yet, a lost ack) or refuses as
 * temporarily unavailable is retried for the given time instead of failing at once; a retry that finds its own earlier attempt stored counts
 * as written, and a retry that finds another writer's value is still a stale write.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import { JetStreamPublisher, PublishRejectedError, PublishUnavailableError, StaleRevisionError, StateStore, type PubAck, type PublishOptions } from "../../actors/runtime/mod.ts";

let nats: NatsHarness;
let nc: NatsConnection;
beforeAll(async () => {
  nats = await startNats();
  nc = await nats.connect();
});
afterAll(async () => {
  await nats?.stop();
});

/** A real publisher whose first `lose` acks are lost after the message was stored. */
class LosingAcks extends JetStreamPublisher {
  lose: number;
  constructor(c: NatsConnection, lose: number) {
    super(c);
    this.lose = lose;
  }
  override async publish(subject: string, data: Uint8Array, opts?: PublishOptions): Promise<PubAck> {
    const ack = await super.publish(subject, data, opts);
    if (this.lose-- > 0) throw new PublishUnavailableError(subject, "ack lost (test)");
    return ack;
  }
}

it("retries a write nobody answers until the bucket's stream is back", async () => {
  const kv = await new Kvm(nc).create("retry_a", { history: 1 });
  const store = new StateStore(kv, new JetStreamPublisher(nc), "retry_a");
  const r1 = await store.write("k", { n: 1 }, 1, 0);
  const jsm = await jetstreamManager(nc);
  const config = (await jsm.streams.info("KV_retry_a")).config;
  await jsm.streams.delete("KV_retry_a");
  // Without a retry budget the unanswered write fails at once.
  await expect(store.writeEncoded("k", store.encode("k", { n: 2 }, 2), r1)).rejects.toBeInstanceOf(PublishUnavailableError);
  const back = new Promise((r) => setTimeout(r, 400)).then(() => jsm.streams.add(config));
  const r2 = await store.writeEncoded("k", store.encode("k", { n: 2 }, 2), 0, { retryForMs: 10_000 });
  await back;
  expect(r2).toBeGreaterThan(0);
  expect((await store.load("k", () => null)).state).toEqual({ n: 2 });
});

it("gives up once the owner stops running", async () => {
  const kv = await new Kvm(nc).create("retry_b", { history: 1 });
  let attempts = 0;
  const counting = new (class extends JetStreamPublisher {
    override async publish(subject: string, data: Uint8Array, opts?: PublishOptions): Promise<PubAck> {
      attempts++;
      return await super.publish(subject, data, opts);
    }
  })(nc);
  const store = new StateStore(kv, counting, "retry_b");
  await (await jetstreamManager(nc)).streams.delete("KV_retry_b");
  // The owner stops after the third unanswered attempt: no fourth is made, within a long budget.
  const running = () => attempts < 3;
  await expect(store.writeEncoded("k", store.encode("k", {}, 1), 0, { retryForMs: 60_000, running })).rejects.toBeInstanceOf(PublishUnavailableError);
  expect(attempts).toBe(3);
});

it("counts a retried write as done when its lost-ack attempt was stored, and as stale when another writer's was", async () => {
  const kv = await new Kvm(nc).create("retry_c", { history: 1 });
  const store = new StateStore(kv, new LosingAcks(nc, 1), "retry_c");
  const value = store.encode("k", { n: 1 }, 1);
  const r = await store.writeEncoded("k", value, 0, { retryForMs: 5_000 });
  expect(r).toBe((await kv.get("k"))!.revision);
  expect((await store.load("k", () => null)).state).toEqual({ n: 1 });

  // Another writer got there between our lost ack and the retry: that is a stale write.
  const other = new StateStore(kv, new JetStreamPublisher(nc), "retry_c");
  const racing = new (class extends JetStreamPublisher {
    override async publish(subject: string, data: Uint8Array, opts?: PublishOptions): Promise<PubAck> {
      const ack = await super.publish(subject, data, opts);
      await other.write("k", { n: "other" }, 9, ack.seq);
      throw new PublishUnavailableError(subject, "ack lost (test)");
    }
  })(nc);
  const mine = new StateStore(kv, racing, "retry_c");
  await expect(mine.writeEncoded("k", mine.encode("k", { n: 2 }, 2), r, { retryForMs: 5_000 })).rejects.toBeInstanceOf(StaleRevisionError);
  expect((await store.load("k", () => null)).state).toEqual({ n: "other" });
});

it("retries a write refused as temporarily unavailable (10008), and fails at once on other refusals", async () => {
  const kv = await new Kvm(nc).create("retry_d", { history: 1 });
  let refusals = 2;
  const electing = new (class extends JetStreamPublisher {
    override async publish(subject: string, data: Uint8Array, opts?: PublishOptions): Promise<PubAck> {
      if (refusals-- > 0) throw new PublishRejectedError(subject, 10008, "JetStream system temporarily unavailable");
      return await super.publish(subject, data, opts);
    }
  })(nc);
  const store = new StateStore(kv, electing, "retry_d");
  const r = await store.writeEncoded("k", store.encode("k", { n: 1 }, 1), 0, { retryForMs: 5_000 });
  expect(r).toBe((await kv.get("k"))!.revision);
  const full = new (class extends JetStreamPublisher {
    override async publish(subject: string): Promise<PubAck> {
      throw new PublishRejectedError(subject, 10047, "insufficient storage resources available");
    }
  })(nc);
  const refused = new StateStore(kv, full, "retry_d");
  await expect(refused.writeEncoded("k", refused.encode("k", { n: 2 }, 2), r, { retryForMs: 5_000 })).rejects.toMatchObject({ errCode: 10047 });
});
