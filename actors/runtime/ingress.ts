/**
 * Raw publishes to the documented address `vtox.actor.<kind>.<id>` (any NATS client, no VTOX
 * library): nodes listen in one queue group, validate the envelope, and store it durably in the
 * actor's mailbox with the envelope id as msgID. A request gets `{seq}` once stored, or an error
 * envelope; a malformed payload goes to `vtox.dlq.ingress` with the reason.
 * @module
 */
import type { Msg, NatsConnection, Subscription } from "@nats-io/nats-core";
import { ActorAddress } from "./address.ts";
import type { ActorClient } from "./actor_client.ts";
import { decodeEnvelope, encodeEnvelope, newEnvelope, ownedCopy } from "./codec.ts";
import type { DeadLetters } from "./dead_letters.ts";
import type { RuntimeError } from "./errors.ts";
import type { ActorLogger } from "./kind.ts";
import type { RuntimeMetrics } from "./metrics.ts";

/** Queue group shared by every node's ingress. */
export const INGRESS_QUEUE = "vtox-ingress";

/** Starts the ingress subscription; returns it (unsubscribe to stop). */
export function startIngress(
  nc: NatsConnection, client: ActorClient, deadLetters: DeadLetters, metrics: RuntimeMetrics, log: ActorLogger,
): Subscription {
  return nc.subscribe("vtox.actor.>", {
    queue: INGRESS_QUEUE,
    callback: (_err, m) => {
      forward(m, nc, client, deadLetters, metrics).catch((err) => log.error("ingress failed", { subject: m.subject, error: String(err) }));
    },
  });
}

async function forward(m: Msg, nc: NatsConnection, client: ActorClient, deadLetters: DeadLetters, metrics: RuntimeMetrics): Promise<void> {
  const raw = ownedCopy(m.data);
  try {
    const address = ActorAddress.parse(m.subject);
    const env = decodeEnvelope(raw);
    const seq = await client.sendEnvelope(address, env, env.id);
    if (m.reply) answer(nc, m.reply, encodeEnvelope(newEnvelope("stored", { seq })));
  } catch (err) {
    const e = err as RuntimeError;
    // Decoders and the client throw coded errors; anything else is a fault of ours, not the sender's.
    const code = e.code ?? "INTERNAL";
    if (code.startsWith("CODEC") || code === "INVALID_ADDRESS") {
      metrics.inc("malformed");
      await deadLetters.send(raw, { origin: "ingress", code, reason: e.message, subject: m.subject }).catch(() => {});
    } else {
      // Not stored and not dead-lettered (backpressure, JetStream unavailable, stopping): the sender
      // learns it only from the error reply, and a fire-and-forget sender not at all — so count it.
      metrics.inc("ingress_rejected");
    }
    if (m.reply) answer(nc, m.reply, encodeEnvelope(newEnvelope("error", { code, message: e.message })));
  }
}

/** A reply that cannot be sent (the connection is closing) is dropped: the requester times out. */
function answer(nc: NatsConnection, reply: string, data: Uint8Array): void {
  try {
    nc.publish(reply, data);
  } catch {
    // Nothing else to do: the connection is gone.
  }
}
