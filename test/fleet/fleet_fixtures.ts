/**
 * Shared pieces of the fleet tests: read a whole stream, wait for a condition, a quiet logger.
 * @module
 */
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { decodeValue, type ActorLogger } from "../../actors/runtime/mod.ts";

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
