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
    w.tail(encodeTransient(env.body));
  } catch (err) {
    w.abortEntry();
    throw err;
  }
  w.endEntry();
}

/** Reads an entry written by {@link writeAskEntry} from bytes the caller owns; throws {@link CodecError} naming the fault. */
export function readAskEntry(bytes: Uint8Array): Envelope {
  const r = new EntryReader(bytes);
  const type = r.str("type");
  const to = r.str("to");
  const id = r.str("id");
  const ts = r.f64("ts");
  const headerBytes = r.bytes("headers");
  if (type.length === 0) throw malformed("type must be a non-empty string, got \"\"");
  if (id.length === 0) throw malformed("id must be a non-empty string, got \"\"");
  if (!Number.isFinite(ts)) throw malformed(`ts must be a finite number, got ${ts}`);
  let headers: Record<string, string> = {};
  if (headerBytes.length) {
    const h = decodeOwnedValue(headerBytes, "ask entry headers");
    if (h === null || typeof h !== "object" || Array.isArray(h) || ArrayBuffer.isView(h)) throw malformed("headers must be a map of strings");
    headers = h as Record<string, string>;
  }
  const body = decodeOwnedValue(r.rest("body"), "ask entry body");
  const env: Envelope = { v: ENVELOPE_VERSION, type, id, ts, headers, body };
  if (to) env.to = to;
  return env;
}

function malformed(what: string): CodecError {
  return new CodecError("CODEC_MALFORMED", `Cannot decode ask entry: ${what}`);
}

/** A cursor over an entry's fields. */
class EntryReader {
  #at = 0;
  readonly #b: Uint8Array;
  readonly #view: DataView;

  constructor(b: Uint8Array) {
    this.#b = b;
    this.#view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  str(field: string): string {
    this.#need(2, field);
    const n = this.#view.getUint16(this.#at);
    const start = this.#at + 2;
    this.#need(2 + n, field);
    this.#at = start + n;
    let s = "";
    for (let i = start; i < start + n; i++) {
      const c = this.#b[i]!;
      if (c >= 0x80) {
        try {
          return utf8.decode(this.#b.subarray(start, start + n));
        } catch (err) {
          throw new CodecError("CODEC_MALFORMED", `Cannot decode ask entry: ${field} is not valid UTF-8`, { cause: err });
        }
      }
      s += String.fromCharCode(c);
    }
    return s;
  }

  f64(field: string): number {
    this.#need(8, field);
    const v = this.#view.getFloat64(this.#at);
    this.#at += 8;
    return v;
  }

  bytes(field: string): Uint8Array {
    this.#need(4, field);
    const n = this.#view.getUint32(this.#at);
    this.#need(4 + n, field);
    const out = this.#b.subarray(this.#at + 4, this.#at + 4 + n);
    this.#at += 4 + n;
    return out;
  }

  rest(field: string): Uint8Array {
    if (this.#at >= this.#b.length) throw malformed(`${field} is missing`);
    return this.#b.subarray(this.#at);
  }

  #need(n: number, field: string): void {
    if (this.#at + n > this.#b.length) throw malformed(`${field} is truncated (entry of ${this.#b.length} bytes)`);
  }
}
