/**
 * The VTOX actor runtime: durable JetStream mailboxes consumed per shard, exactly-once effect on
 * actor state through CAS'd KV snapshots, asks over core NATS to the shard's owner, virtual
 * activation and passivation, timers, durable reminders, backpressure, dead letters.
 * See docs/actors.md.
 *
 * @example
 * ```ts
 * import { ActorSystem, type ActorKind } from "./actors/runtime/mod.ts";
 * const counter: ActorKind<number> = {
 *   kind: "counter",
 *   initialState: () => 0,
 *   receive(ctx, msg) {
 *     if (msg.type === "add") ctx.state += msg.body as number;
 *     else if (msg.type === "get") ctx.reply(ctx.state);
 *   },
 * };
 * const system = await ActorSystem.start({ nc, kinds: [counter] });
 * await system.tell("counter", "c1", "add", 5);
 * console.log(await system.ask("counter", "c1", "get")); // 5
 * ```
 * @module
 */
export { ActorAddress, assertToken, fnv1a32, isToken } from "./address.ts";
export { ActorClient, ActorRef, type AskOptions, type TellOptions } from "./actor_client.ts";
export {
  FrameWriter, isFrame, isSequenceRequestFrame, readReplyFrame, readRequestFrame, readRequestSequenceFrame, STATUS_ERROR, STATUS_REPLY,
  type ReplyEntryHandler, type RequestEntryHandler, type SequenceEntryHandler,
} from "./ask_frame.ts";
export { readAskEntry, readAskSequenceEntry, writeAskEntry, writeAskSequenceEntry } from "./ask_entry.ts";
export { ASK_TIMEOUT_GRANULARITY_MS } from "./ask_timeouts.ts";
export {
  decodeEnvelope, decodeOwnedValue, decodeValue, encodeChecked, encodeEnvelope, encodeValue, ENVELOPE_VERSION, newEnvelope, newMessageId, type Envelope,
} from "./codec.ts";
export { DLQ_HEADERS, type DeadLetterReason } from "./dead_letters.ts";
export {
  ActorFailedError, AskTimeoutError, BackpressureError, CodecError, ConfigError, FencedError, InvalidAddressError,
  RemoteError, RuntimeError, SystemStoppedError, UnavailableError, UnknownKindError, type RuntimeErrorCode,
} from "./errors.ts";
export { INGRESS_QUEUE } from "./ingress.ts";
export { JetStreamPublisher, PublishRejectedError, PublishUnavailableError, type PubAck, type PublishOptions } from "./jetstream_publisher.ts";
export type { ActorContext, ActorKind, ActorLogger, ActorMessage, ReminderSchedule, SendOptions } from "./kind.ts";
export { jsonLogger } from "./logger.ts";
export { ReplyCorrelator, type ReplyOutcome } from "./reply_correlator.ts";
export { RuntimeMetrics, type CounterName } from "./metrics.ts";
export { nextDue, type ReminderRecord } from "./reminders.ts";
export { ShardLeases, type HeldLease, type LeaseRecord } from "./shard_lease.ts";
export { StaleRevisionError, StateStore, type Snapshot } from "./state_store.ts";
export { ActorSystem, parseShardSet, type ActorSystemOptions } from "./system.ts";
export type { PartitionedInput } from "./partitioned_input.ts";
export {
  askNodeSubject, askSubject, checkServerVersion, DLQ_STREAM, ensureStream, ensureTopology, MAILBOX_STREAM, REMINDER_BUCKET, SHARD_BUCKET, STATE_BUCKET,
  type Topology, type TopologyOptions,
} from "./topology.ts";
