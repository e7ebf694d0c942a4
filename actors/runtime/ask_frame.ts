/**
 * The binary frame that carries a batch of asks (or of their replies) in ONE NATS message.
 * Asks queued to the same destination in the same tick travel together; the owner answers them
 * with one reply frame per reply subject per tick. Each entry keeps its own CBOR body, so one bad
 * entry is answered with an error without losing the others.
 *
 * ```
 * request frame: FF 01 | count u16 | entries: corr u32 | shard u16 | len u32 | ask entry (ask_entry.ts)
 * reply frame:   FF 02 | node-id length u8 | node id (ASCII)
 *                       | a CBOR sequence: corr, status (0 reply, 1 error), body, corr, status, body, ...
 * ```
 * All integers are big-endian. `0xFF` (CBOR "break") never starts a CBOR item, so a frame is
 * told apart from a single CBOR envelope (the documented format for external senders) by its
 * first byte. An error body is `{code, message}`. Reply entries are a CBOR sequence so that a
 * client decodes a whole reply frame in one decoder call.
 * @module
 */
import { decodeOwnedSequence, decodeOwnedValue } from "./codec.ts";
import { CodecError } from "./errors.ts";

const utf8 = new TextEncoder();

/** First byte of every frame. */
const FRAME_MAGIC = 0xff;
/** Second byte of a request frame. */
const REQUEST_FRAME = 0x01;
/** Second byte of a reply frame. */
const REPLY_FRAME = 0x02;
/** Second byte of a request frame whose bodies follow all its entries as one CBOR sequence. */
const REQUEST_SEQUENCE_FRAME = 0x03;
/** Entry status of a reply frame: the body is the reply. */
export const STATUS_REPLY = 0;
/** Entry status of a reply frame: the body is `{code, message}`. */
export const STATUS_ERROR = 1;
/** Most entries one frame carries (the count is a u16). */
export const MAX_FRAME_ENTRIES = 0xffff;

/** True when `data` is a frame rather than a single CBOR envelope. */
export function isFrame(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === FRAME_MAGIC;
}

/**
 * Builds one frame in a growing buffer that is reused across frames; {@link FrameWriter.finish}
 * copies the frame out (nats.js keeps a reference to published data until it is written).
 */
export class FrameWriter {
  #buf: Uint8Array;
  #view: DataView;
  #len = 0;
  #countAt = 0;
  #entryAt = 0;
  /** Bodies of a sequence request frame, appended after the entries by {@link FrameWriter.finish}. */
  #tail: Uint8Array = new Uint8Array(0);
  #tailLen = 0;
  #entryTail = 0;
  /** Entries in the current frame. */
  count = 0;

  constructor(initialBytes = 4096) {
    this.#buf = new Uint8Array(initialBytes);
    this.#view = new DataView(this.#buf.buffer);
  }

  /** Bytes written so far, header (and bodies of a sequence frame) included. */
  get length(): number {
    return this.#len + this.#tailLen;
  }

  /**
   * Starts a request frame whose entry bodies travel after all entries as one CBOR sequence
   * (`FF 03`), so the node decodes them in one decoder call. Entries end with
   * {@link FrameWriter.body}.
   */
  beginRequestSequence(): void {
    this.#reset(REQUEST_SEQUENCE_FRAME);
    this.#countAt = this.#len;
    this.#len += 2;
  }

  /** Writes an entry's body length (u32, last field of its entry) and appends the body (one CBOR item, copied) to the frame's bodies. */
  body(b: Uint8Array): void {
    this.#ensure(4);
    this.#view.setUint32(this.#len, b.length);
    this.#len += 4;
    const need = this.#tailLen + b.length;
    if (need > this.#tail.length) {
      const next = new Uint8Array(Math.max(need, this.#tail.length * 2, 4096));
      next.set(this.#tail.subarray(0, this.#tailLen));
      this.#tail = next;
    }
    this.#tail.set(b, this.#tailLen);
    this.#tailLen = need;
  }

  /** Starts a request frame. */
  beginRequest(): void {
    this.#reset(REQUEST_FRAME);
    this.#countAt = this.#len;
    this.#len += 2;
  }

  /** Starts a reply frame naming the node (ASCII token) that answers. */
  beginReply(nodeId: string): void {
    this.#reset(REPLY_FRAME);
    this.#ensure(1 + nodeId.length + 2);
    this.#buf[this.#len++] = nodeId.length;
    for (let i = 0; i < nodeId.length; i++) this.#buf[this.#len++] = nodeId.charCodeAt(i) & 0x7f;
    this.#countAt = -1;
  }

  /** Appends a request entry (`body` is copied at once, so it may be an encoder's scratch buffer). */
  addRequest(corr: number, shard: number, body: Uint8Array): void {
    this.#ensure(10 + body.length);
    this.#view.setUint32(this.#len, corr);
    this.#view.setUint16(this.#len + 4, shard);
    this.#view.setUint32(this.#len + 6, body.length);
    this.#buf.set(body, this.#len + 10);
    this.#len += 10 + body.length;
    this.count++;
  }

  /**
   * Starts a request entry whose body is written field by field ({@link FrameWriter.u8} ...)
   * and closed by {@link FrameWriter.endEntry}.
   */
  beginEntry(corr: number, shard: number): void {
    this.#ensure(10);
    this.#view.setUint32(this.#len, corr);
    this.#view.setUint16(this.#len + 4, shard);
    this.#entryAt = this.#len + 6;
    this.#entryTail = this.#tailLen;
    this.#len += 10;
  }

  /** Closes the entry begun by {@link FrameWriter.beginEntry}. */
  endEntry(): void {
    this.#view.setUint32(this.#entryAt, this.#len - this.#entryAt - 4);
    this.count++;
  }

  /** Drops the entry begun by {@link FrameWriter.beginEntry} (its body could not be written). */
  abortEntry(): void {
    this.#len = this.#entryAt - 6;
    this.#tailLen = this.#entryTail;
  }

  /** Drops the last entry written with {@link FrameWriter.beginEntry} (it made the frame too large). */
  dropLastEntry(): void {
    this.abortEntry();
    this.count--;
  }

  /** Drops the last entry written (it made the frame too large); `from` is {@link FrameWriter.length} before it. */
  dropLast(from: number): void {
    this.#len = from;
    this.count--;
  }

  /** Writes a byte. */
  u8(v: number): void {
    this.#ensure(1);
    this.#buf[this.#len++] = v;
  }

  /** Writes a float64. */
  f64(v: number): void {
    this.#ensure(8);
    this.#view.setFloat64(this.#len, v);
    this.#len += 8;
  }

  /** Writes bytes prefixed by their length (u32). */
  bytes(b: Uint8Array): void {
    this.#ensure(4 + b.length);
    this.#view.setUint32(this.#len, b.length);
    this.#buf.set(b, this.#len + 4);
    this.#len += 4 + b.length;
  }

  /** Writes bytes as they are (the last field of an entry, its length implied). */
  tail(b: Uint8Array): void {
    this.#ensure(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }

  /** Writes a string as UTF-8 prefixed by its byte length (u16); throws when longer than 65 535 bytes. */
  str(s: string): void {
    const n = s.length;
    this.#ensure(2 + n * 3);
    const at = this.#len + 2;
    let i = 0;
    // ASCII fast path (kinds, ids and message types nearly always are).
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      this.#buf[at + i] = c;
    }
    let written = i;
    if (i < n) written = i + utf8.encodeInto(s.slice(i), this.#buf.subarray(at + i)).written;
    if (written > 0xffff) throw new RangeError(`string of ${written} UTF-8 bytes is longer than an ask frame field allows (65535)`);
    this.#view.setUint16(this.#len, written);
    this.#len = at + written;
  }

  /** Appends a reply entry (`body` is one CBOR item, copied at once). */
  addReply(corr: number, status: number, body: Uint8Array): void {
    this.#ensure(6 + body.length);
    // corr as a CBOR unsigned integer (major type 0), status as a one-byte CBOR integer.
    const b = this.#buf;
    let at = this.#len;
    if (corr < 24) b[at++] = corr;
    else if (corr < 0x100) {
      b[at++] = 0x18;
      b[at++] = corr;
    } else if (corr < 0x10000) {
      b[at++] = 0x19;
      this.#view.setUint16(at, corr);
      at += 2;
    } else {
      b[at++] = 0x1a;
      this.#view.setUint32(at, corr);
      at += 4;
    }
    b[at++] = status;
    b.set(body, at);
    this.#len = at + body.length;
    this.count++;
  }

  /** Returns the finished frame as a fresh buffer the caller owns. */
  finish(): Uint8Array {
    if (this.#countAt >= 0) this.#view.setUint16(this.#countAt, this.count);
    if (this.#tailLen === 0) return this.#buf.slice(0, this.#len);
    const out = new Uint8Array(this.#len + this.#tailLen);
    out.set(this.#buf.subarray(0, this.#len));
    out.set(this.#tail.subarray(0, this.#tailLen), this.#len);
    return out;
  }

  #reset(kind: number): void {
    this.#len = 0;
    this.#tailLen = 0;
    this.count = 0;
    this.#ensure(2);
    this.#buf[0] = FRAME_MAGIC;
    this.#buf[1] = kind;
    this.#len = 2;
  }

  #ensure(extra: number): void {
    const need = this.#len + extra;
    if (need <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }
}

/** Receives the entries of a request frame in order. */
export type RequestEntryHandler = (corr: number, shard: number, body: Uint8Array) => void;
/** Receives the entries of a reply frame in order (`value` is the decoded reply or `{code, message}`). */
export type ReplyEntryHandler = (corr: number, status: number, value: unknown) => void;

/**
 * Reads a request frame, calling `onEntry` for each entry (bodies are views of `data`). Entries
 * before a structural fault are delivered; then it throws {@link CodecError} naming the fault.
 */
export function readRequestFrame(data: Uint8Array, onEntry: RequestEntryHandler): number {
  if (!isFrame(data) || data[1] !== REQUEST_FRAME || data.length < 4) {
    throw new CodecError("CODEC_MALFORMED", `Cannot decode ask frame: expected bytes FF 01 and a count, got ${prefixHex(data)}`);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const count = view.getUint16(2);
  let at = 4;
  for (let i = 0; i < count; i++) {
    if (at + 10 > data.length) throw truncated("ask frame", i, count, "header");
    const len = view.getUint32(at + 6);
    if (at + 10 + len > data.length) throw truncated("ask frame", i, count, `body of ${len} bytes`);
    onEntry(view.getUint32(at), view.getUint16(at + 4), data.subarray(at + 10, at + 10 + len));
    at += 10 + len;
  }
  if (at !== data.length) throw new CodecError("CODEC_MALFORMED", `Cannot decode ask frame: ${data.length - at} bytes after its ${count} entries`);
  return count;
}

/** True when `data` is a request frame whose bodies travel as one CBOR sequence (`FF 03`). */
export function isSequenceRequestFrame(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === FRAME_MAGIC && data[1] === REQUEST_SEQUENCE_FRAME;
}

/**
 * Receives the entries of a sequence request frame in order: `head` is the entry without its
 * body (a view of the frame), `body` the decoded body, or `bodyError` when it could not be decoded.
 */
export type SequenceEntryHandler = (corr: number, shard: number, head: Uint8Array, body: unknown, bodyError: CodecError | undefined) => void;

/**
 * Reads a request frame written with {@link FrameWriter.beginRequestSequence} from bytes the
 * caller owns (decoded typed arrays may alias them):
 * `FF 03 | count u16 | entries: corr u32 | shard u16 | len u32 | head | body length u32 | bodies: CBOR sequence`.
 * All bodies are decoded in one decoder call; when that fails (a malformed body, lengths that do
 * not match the items) each body is decoded alone from its length, so a bad one fails only its
 * own entry. Entries whose bytes all arrived are delivered; then a structural fault throws
 * {@link CodecError}.
 */
export function readRequestSequenceFrame(data: Uint8Array, onEntry: SequenceEntryHandler): number {
  if (!isSequenceRequestFrame(data) || data.length < 4) {
    throw new CodecError("CODEC_MALFORMED", `Cannot decode ask frame: expected bytes FF 03 and a count, got ${prefixHex(data)}`);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const count = view.getUint16(2);
  // Entry i: heads[3i] = head start, heads[3i+1] = head end (body length excluded), heads[3i+2] = body length.
  const heads: number[] = [];
  let at = 4;
  let bodiesLen = 0;
  let zeroBody = false;
  for (let i = 0; i < count; i++) {
    if (at + 10 > data.length) throw truncated("ask frame", i, count, "header");
    const len = view.getUint32(at + 6);
    if (len < 4) throw new CodecError("CODEC_MALFORMED", `Cannot decode ask frame: entry ${i + 1} of ${count} has ${len} bytes, too few for its body length`);
    if (at + 10 + len > data.length) throw truncated("ask frame", i, count, `entry of ${len} bytes`);
    const end = at + 10 + len - 4;
    const bodyLen = view.getUint32(end);
    heads.push(at + 10, end, bodyLen);
    bodiesLen += bodyLen;
    if (bodyLen === 0) zeroBody = true;
    at += 10 + len;
  }
  const bodiesAt = at;
  let items: unknown[] | undefined;
  if (!zeroBody && bodiesAt + bodiesLen === data.length && count > 0) {
    const seq = decodeOwnedSequence(data.subarray(bodiesAt), "ask frame bodies");
    if (!seq.error && seq.items.length === count) items = seq.items;
  }
  let bodyAt = bodiesAt;
  for (let i = 0; i < count; i++) {
    const corr = view.getUint32(heads[3 * i]! - 10), shard = view.getUint16(heads[3 * i]! - 6);
    const head = data.subarray(heads[3 * i]!, heads[3 * i + 1]!);
    const bodyLen = heads[3 * i + 2]!;
    if (items) {
      onEntry(corr, shard, head, items[i], undefined);
      continue;
    }
    if (bodyAt + bodyLen > data.length) throw truncated("ask frame", i, count, `body of ${bodyLen} bytes`);
    let body: unknown, bodyError: CodecError | undefined;
    if (bodyLen === 0) bodyError = new CodecError("CODEC_MALFORMED", "Cannot decode ask entry: body is missing");
    else {
      try {
        body = decodeOwnedValue(data.subarray(bodyAt, bodyAt + bodyLen), "ask entry body");
      } catch (err) {
        bodyError = err as CodecError;
      }
    }
    bodyAt += bodyLen;
    onEntry(corr, shard, head, body, bodyError);
  }
  if (!items && bodyAt !== data.length) throw new CodecError("CODEC_MALFORMED", `Cannot decode ask frame: ${data.length - bodyAt} bytes after its ${count} entries`);
  return count;
}

/**
 * Reads a reply frame from bytes the caller owns (decoded typed arrays may alias them): returns
 * the answering node's id, calling `onEntry` for each entry. Throws {@link CodecError} on a
 * structural fault, after delivering the entries before it.
 */
export function readReplyFrame(data: Uint8Array, onNode: (nodeId: string) => void, onEntry: ReplyEntryHandler): void {
  if (!isFrame(data) || data[1] !== REPLY_FRAME || data.length < 3) {
    throw new CodecError("CODEC_MALFORMED", `Cannot decode ask reply frame: expected bytes FF 02, got ${prefixHex(data)}`);
  }
  const nodeLen = data[2]!;
  if (3 + nodeLen > data.length) throw new CodecError("CODEC_MALFORMED", `Cannot decode ask reply frame: node id of ${nodeLen} bytes overruns the frame`);
  let nodeId = "";
  for (let i = 0; i < nodeLen; i++) nodeId += String.fromCharCode(data[3 + i]!);
  onNode(nodeId);
  const { items, error } = decodeOwnedSequence(data.subarray(3 + nodeLen), "ask reply frame");
  let i = 0;
  for (; i + 2 < items.length; i += 3) {
    const corr = items[i], status = items[i + 1];
    if (typeof corr !== "number" || (status !== STATUS_REPLY && status !== STATUS_ERROR)) {
      throw new CodecError("CODEC_MALFORMED", `Cannot decode ask reply frame: entry ${i / 3 + 1} has no correlation id and status`);
    }
    onEntry(corr, status, items[i + 2]);
  }
  if (error) throw error;
  if (i !== items.length) throw new CodecError("CODEC_MALFORMED", `Cannot decode ask reply frame: entry ${i / 3 + 1} is truncated`);
}

function truncated(what: string, i: number, count: number, part: string): CodecError {
  return new CodecError("CODEC_MALFORMED", `Cannot decode ${what}: entry ${i + 1} of ${count} is truncated (${part} missing)`);
}

function prefixHex(data: Uint8Array): string {
  return Array.from(data.subarray(0, 4), (b) => b.toString(16).padStart(2, "0").toUpperCase()).join(" ") || "nothing";
}
