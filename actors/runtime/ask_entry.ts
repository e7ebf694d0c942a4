/**
 * One ask inside an ask frame, without the CBOR map around the envelope's fields: only the body
 * (and headers, when there are any) is CBOR. Saves the envelope's key strings on both sides of
 * every ask; a node rebuilds the same {@link Envelope} an actor would get from a single ask.
 *
 * ```
 * type: u16 length + UTF-8 | to: u16 length + UTF-8 | id: u16 length + UTF-8 | ts: float64
 * | headers: u32 length + CBOR map (length 0 = no headers) | body: CBOR (the rest of the entry)
 * ```
 * @module
 */
import type { FrameWriter } from "./ask_frame.ts";
import { decodeOwnedValue, encodeTransient, ENVELOPE_VERSION, type Envelope } from "./codec.ts";
import { CodecError } from "./errors.ts";

const EMPTY = new Uint8Array(0);
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Writes `env` as entry `corr` of shard `shard`; on an unencodable body the entry is dropped and the error thrown. */
export function writeAskEntry(w: FrameWriter, corr: number, shard: number, env: Envelope): void {
  writeEntry(w, corr, shard, env, false);
}

/**
 * Writes `env` as entry `corr` of a sequence request frame ({@link FrameWriter.beginRequestSequence}):
 * the same fields, the body going to the frame's body sequence. On an unencodable body the entry
 * is dropped and the error thrown.
 */
export function writeAskSequenceEntry(w: FrameWriter, corr: number, shard: number, env: Envelope): void {
  writeEntry(w, corr, shard, env, true);
}

function writeEntry(w: FrameWriter, corr: number, shard: number, env: Envelope, sequence: boolean): void {
  w.beginEntry(corr, shard);
  try {
    w.str(env.type);
    w.str(env.to ?? "");
    w.str(env.id);
    w.f64(env.ts);
    let hasHeaders = false;
    for (const _ in env.headers) {
      hasHeaders = true;
      break;
    }
    // Encoded one after the other: each result lives in the encoder's scratch buffer until copied.
    w.bytes(hasHeaders ? encodeTransient(env.headers) : EMPTY);
    if (sequence) w.body(encodeTransient(env.body));
    else w.tail(encodeTransient(env.body));
  } catch (err) {
    w.abortEntry();
    throw err;
  }
  w.endEntry();
}

/** Reads an entry written by {@link writeAskEntry} from bytes the caller owns; throws {@link CodecError} naming the fault. */
export function readAskEntry(bytes: Uint8Array): Envelope {
  const env = readHead(bytes);
  if (at >= bytes.length) {
    b = EMPTY;
    throw malformed("body is missing");
  }
  const bodyStart = at;
  b = EMPTY;
  decodeHeaders(bytes, env);
  env.body = decodeOwnedValue(bytes.subarray(bodyStart), "ask entry body");
  return env;
}

/**
 * Reads the head of an entry written by {@link writeAskSequenceEntry} (everything but its body,
 * which the frame reader decoded with the others) and returns the envelope with `body`.
 */
export function readAskSequenceEntry(head: Uint8Array, body: unknown): Envelope {
  const env = readHead(head);
  const trailing = head.length - at;
  b = EMPTY;
  if (trailing !== 0) throw malformed(`${trailing} bytes after its headers`);
  decodeHeaders(head, env);
  env.body = body;
  return env;
}

/** Header bytes of the entry just read by {@link readHead}: [start, end). */
let headerStart = 0;
let headerEnd = 0;

/** Reads type, to, id, ts and the headers' extent; leaves the cursor after the headers. */
function readHead(bytes: Uint8Array): Envelope {
  // One module-level cursor instead of a reader object and a DataView per entry: this runs once
  // per ask on the node, and entries are read one at a time (never re-entrantly).
  b = bytes;
  at = 0;
  const type = str("type");
  const to = str("to");
  const id = str("id");
  const ts = f64("ts");
  need(4, "headers");
  const headerLen = u32(at);
  need(4 + headerLen, "headers");
  headerStart = at + 4;
  headerEnd = at = headerStart + headerLen;
  if (type.length === 0) throw malformed("type must be a non-empty string, got \"\"");
  if (id.length === 0) throw malformed("id must be a non-empty string, got \"\"");
  if (!Number.isFinite(ts)) throw malformed(`ts must be a finite number, got ${ts}`);
  const env: Envelope = { v: ENVELOPE_VERSION, type, id, ts, headers: {}, body: undefined };
  if (to) env.to = to;
  return env;
}

/** Decodes the headers found by {@link readHead} into `env`. */
function decodeHeaders(bytes: Uint8Array, env: Envelope): void {
  if (headerEnd === headerStart) return;
  const h = decodeOwnedValue(bytes.subarray(headerStart, headerEnd), "ask entry headers");
  if (h === null || typeof h !== "object" || Array.isArray(h) || ArrayBuffer.isView(h)) throw malformed("headers must be a map of strings");
  env.headers = h as Record<string, string>;
}

function malformed(what: string): CodecError {
  return new CodecError("CODEC_MALFORMED", `Cannot decode ask entry: ${what}`);
}

/** The entry being read and the cursor in it. */
let b: Uint8Array = EMPTY;
let at = 0;
/** Big-endian float64 from 8 copied bytes (no DataView over each entry). */
const f64Bytes = new Uint8Array(8);
const f64View = new DataView(f64Bytes.buffer);

function u32(i: number): number {
  return ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
}

function str(field: string): string {
  need(2, field);
  const n = (b[at]! << 8) | b[at + 1]!;
  const start = at + 2;
  need(2 + n, field);
  at = start + n;
  let s = "";
  for (let i = start; i < start + n; i++) {
    const c = b[i]!;
    if (c >= 0x80) {
      try {
        return utf8.decode(b.subarray(start, start + n));
      } catch (err) {
        throw new CodecError("CODEC_MALFORMED", `Cannot decode ask entry: ${field} is not valid UTF-8`, { cause: err });
      }
    }
    s += String.fromCharCode(c);
  }
  return s;
}

function f64(field: string): number {
  need(8, field);
  for (let i = 0; i < 8; i++) f64Bytes[i] = b[at + i]!;
  at += 8;
  return f64View.getFloat64(0);
}

function need(n: number, field: string): void {
  if (at + n > b.length) throw malformed(`${field} is truncated (entry of ${b.length} bytes)`);
}
