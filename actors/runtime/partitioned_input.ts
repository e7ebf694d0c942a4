/**
 * Partitioned inputs: a stream whose messages go straight to one actor kind, stored once, with
 * no router and no second write into the mailbox. Messages are stored on
 * `<prefix>.<partition>.<actorId>` with `partition = fnv1a32(actorId) % partitions` — what the
 * nats-server subject mapping `"<source>.*": "<prefix>.{{partition(P,1)}}.{{wildcard(1)}}"`
 * produces from a publish on `<source>.<actorId>`. The shard function hashes the actor id the
 * same way, so with `partitions` a multiple of the shard count, shard `s` owns partitions
 * `s, s + shards, …` and each owner consumes exactly the inputs of its own actors, in stored
 * order.
 *
 * Each input is applied exactly once, like a tell: the actor's snapshot records the sequence of
 * the last input it applied per input stream, the input is acknowledged after that snapshot, and
 * a replay (crash, takeover, a deleted consumer) skips what is at or below it.
 *
 * @example
 * ```ts
 * const telemetry: PartitionedInput = {
 *   stream: "VTOX_TELEMETRY", subjectPrefix: "vtox.tp", partitions: 64, kind: "vehicle", type: "window",
 * };
 * await ActorSystem.start({ nc, kinds: [vehicleKind(deps)], inputs: [telemetry] });
 * ```
 * @module
 */
import { AckPolicy, DeliverPolicy, type JetStreamManager } from "@nats-io/jetstream";
import { ConfigError } from "./errors.ts";

/** A stream of raw messages delivered to actors of one kind (see the module doc). */
export interface PartitionedInput {
  /** The stream (created by the application before the actor system starts). */
  stream: string;
  /** Subject prefix: messages are stored on `<subjectPrefix>.<partition>.<actorId>`. */
  subjectPrefix: string;
  /** Partition count of the server's mapping; a multiple of the shard count. */
  partitions: number;
  /** The actor kind that receives the messages. */
  kind: string;
  /** Message type `receive` sees; the body is the stored payload bytes. */
  type: string;
}

/** Checks an input against the node's shard count and kinds; throws ConfigError naming the problem. */
export function checkPartitionedInput(input: PartitionedInput, shards: number, kinds: ReadonlySet<string>): void {
  const what = `Invalid input ${JSON.stringify(input.stream)}`;
  if (!Number.isInteger(input.partitions) || input.partitions < 1 || input.partitions % shards !== 0) {
    throw new ConfigError(`${what}: partitions must be a multiple of the shard count ${shards} (shard s consumes partitions s, s+${shards}, …), got ${input.partitions}`);
  }
  if (!kinds.has(input.kind)) throw new ConfigError(`${what}: kind ${JSON.stringify(input.kind)} is not hosted on this node`);
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(input.subjectPrefix)) {
    throw new ConfigError(`${what}: subjectPrefix must be dot-separated tokens, got ${JSON.stringify(input.subjectPrefix)}`);
  }
  if (!input.type) throw new ConfigError(`${what}: type must be a non-empty message type`);
}

/** The partitions shard `shard` consumes. */
export function partitionsOfShard(input: PartitionedInput, shard: number, shards: number): number[] {
  const out: number[] = [];
  for (let p = shard; p < input.partitions; p += shards) out.push(p);
  return out;
}

/**
 * Creates this lease epoch's consumers of the given partitions, each starting after the highest
 * ack floor of its earlier epochs' consumers, and deletes those (like the mailbox consumers: what a
 * dead owner held unacknowledged is delivered again at once rather than after ack_wait). One
 * listing of the stream's consumers, then the creations and deletions in parallel: after a
 * server failure the JetStream API is slow, and one request after another per partition kept
 * crashed shards from starting again for about a minute in a cluster test. Ack policy "all": a
 * batch acknowledges its highest input sequence of a partition after its snapshots. Returns the
 * consumer names by partition.
 */
export async function preparePartitionConsumers(
  jsm: JetStreamManager, input: PartitionedInput, partitions: readonly number[], epoch: number, o: { maxAckPending: number; ackWaitMs: number },
): Promise<Map<number, string>> {
  const wanted = new Set(partitions);
  const old = new Map<number, string[]>();
  const start = new Map<number, number>(partitions.map((p) => [p, 1]));
  for await (const ci of jsm.consumers.list(input.stream)) {
    const m = /^vtox-input-p(\d+)-e\d+$/.exec(ci.name);
    const p = m ? Number(m[1]) : -1;
    if (!wanted.has(p)) continue;
    old.set(p, [...(old.get(p) ?? []), ci.name]);
    start.set(p, Math.max(start.get(p)!, ci.ack_floor.stream_seq + 1, ci.config.opt_start_seq ?? 1));
  }
  const names = new Map(partitions.map((p) => [p, consumerNameOf(p, epoch)]));
  await Promise.all(partitions.map((p) => jsm.consumers.add(input.stream, {
    durable_name: names.get(p)!,
    filter_subject: `${input.subjectPrefix}.${p}.*`,
    ack_policy: AckPolicy.All,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: start.get(p)!,
    max_ack_pending: o.maxAckPending,
    ack_wait: o.ackWaitMs * 1_000_000,
  })));
  await Promise.all([...old].flatMap(([p, ns]) => ns.filter((n) => n !== names.get(p)).map((n) => jsm.consumers.delete(input.stream, n).catch(() => {}))));
  return names;
}

/** The consumer of `partition` under lease epoch `epoch`. */
function consumerNameOf(partition: number, epoch: number): string {
  return `vtox-input-p${partition}-e${epoch}`;
}
