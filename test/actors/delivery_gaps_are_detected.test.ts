/**
 * A consumer's deliveries reach the shard owner without gaps, or the owner stops taking them: with
 * ack policy "all", acknowledging a message after a delivery lost in transit would acknowledge
 * the lost one too. The check passes consecutive delivery sequences (redeliveries included: they
 * get new ones) and names the missing range otherwise. On a real server, the deliveries of one
 * epoch consumer to its owner are consecutive across tells.
 */
import { expect, it } from "vitest";
import { jetstream, jetstreamManager, AckPolicy } from "@nats-io/jetstream";
import { DeliveryGapCheck } from "../../actors/runtime/delivery_gap.ts";
import { UnavailableError } from "../../actors/runtime/mod.ts";
import { startNats } from "../harness/mod.ts";

it("passes consecutive delivery sequences and refuses a jump, naming the lost range", () => {
  const check = new DeliveryGapCheck("shard 3's mailbox consumer");
  for (const s of [1, 2, 3, 4]) check.next(s);
  expect(() => check.next(7)).toThrow(UnavailableError);
  expect(() => new DeliveryGapCheck("c").next(5)).not.toThrow();
  const again = new DeliveryGapCheck("shard 3's mailbox consumer");
  again.next(10);
  expect(() => again.next(12)).toThrow(/^shard 3's mailbox consumer: deliveries 11\.\.11 never arrived \(lost in transit\)/);
});

it("sees consecutive delivery sequences from a real pull consumer, redeliveries included", async () => {
  const nats = await startNats();
  try {
    const nc = await nats.connect();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "GAP", subjects: ["gap.>"] });
    await jsm.consumers.add("GAP", { durable_name: "c", ack_policy: AckPolicy.Explicit, ack_wait: 300_000_000 });
    const js = jetstream(nc);
    for (let i = 0; i < 6; i++) await js.publish("gap.a", new Uint8Array([i]));
    const messages = await (await js.consumers.get("GAP", "c")).consume({ max_messages: 4 });
    const check = new DeliveryGapCheck("gap consumer");
    const seen: number[] = [];
    for await (const m of messages) {
      check.next(m.info.deliverySequence);
      seen.push(m.seq);
      // The first message is left unacknowledged once: it comes back with a new delivery sequence.
      if (m.seq === 1 && m.info.deliveryCount === 1) continue;
      m.ack();
      if (seen.length === 7) break;
    }
    expect(seen.slice(0, 6)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen[6]).toBe(1);
    await nc.close();
  } finally {
    await nats.stop();
  }
});
