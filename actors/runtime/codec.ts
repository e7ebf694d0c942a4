/**
 * The CBOR envelope every actor message travels in, and the CBOR encoding of snapshots.
 * Typed arrays (Float32Array, Int16Array, ...) travel as CBOR typed-array tags and decode as
 * typed arrays. Decoding copies the input first, so decoded typed arrays never alias a NATS
 * buffer, and encoding copies the output, so callers may keep it (cbor-x reuses its buffer).
 *
 * @example
 * ```ts
 * const bytes = encodeEnvelope(newEnvelope("sample", { x: new Float32Array([1, 2]) }));
 * const env = decodeEnvelope(bytes); // env.body.x is a Float32Array
 * ```
 * @module
 */
import { Encoder } from "cbor-x";
import { CodecError } from "./errors.ts";

/** The envelope schema version this runtime writes and reads. */
export const ENVELOPE_VERSION = 1;

/** A message envelope. */
export interface Envelope<B = unknown> {
  /** Schema version ({@link ENVELOPE_VERSION}). */
  v: number;
  /** Message type, chosen by the actor kind's protocol (e.g. `add`, `telemetry`). */
  type: string;
  /** Unique message id (also the JetStream msgID used for idempotent retry). */
  id: string;
  /** Creation time, ms since the epoch. */
  ts: number;
  /** Free-form string headers (e.g. `traceparent`). */
  headers: Record<string, string>;
  /** The payload. */
  body: B;
  /** Target actor `<kind>.<id>`; set on asks (their subject names only the shard). */
  to?: string;
  /** Sender actor `<kind>.<id>` when sent from inside an actor. */
  from?: string;
}

const encoder = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false });

let counter = 0;
const prefix = randomToken(8);

/** A random token of `n` base-36 characters from the platform CSPRNG. */
function randomToken(n: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  let s = "";
  for (const b of bytes) s += (b % 36).toString(36);
  return s;
}

/** A new unique message id (process prefix + counter; cheap and unique per process). */
export function newMessageId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${prefix}${counter.toString(36)}`;
}

/** Builds an envelope with a fresh id and timestamp. */
export function newEnvelope<B>(type: string, body: B, extra?: Partial<Envelope<B>>): Envelope<B> {
  const env: Envelope<B> = { v: ENVELOPE_VERSION, type, id: newMessageId(), ts: Date.now(), headers: {}, body };
  return extra ? Object.assign(env, extra) : env;
}

/**
 * Encodes any value as CBOR into a fresh buffer the caller owns. cbor-x returns a Node Buffer
 * view into its shared scratch space, whose `slice()` is a view too: copy, so a kept result
 * neither aliases later encodes nor pins the whole scratch buffer.
 */
export function encodeValue(value: unknown): Uint8Array {
  return ownedCopy(encoder.encode(value));
}

/**
 * Like {@link encodeValue}, but a value cbor-x cannot encode (a function, a symbol, a cycle, a
 * throwing getter) becomes a {@link CodecError} `CODEC_UNENCODABLE` naming `what`, so callers can
 * count it and dead-letter the message that produced it.
 *
 * @example
 * ```ts
 * encodeChecked({ f: () => 1 }, "the body of publish to vtox.health.v1");
 * // CodecError: Cannot encode the body of publish to vtox.health.v1: Unknown type: function
 * ```
 */
export function encodeChecked(value: unknown, what: string): Uint8Array {
  try {
    return ownedCopy(encoder.encode(value));
  } catch (err) {
    throw new CodecError("CODEC_UNENCODABLE", `Cannot encode ${what}: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  }
}

/**
 * Encodes a value into the encoder's scratch buffer: the result is valid only until the next
 * encode, so copy it at once (the ask frame writer does). Saves a copy per ask on the hot path.
 */
export function encodeTransient(value: unknown): Uint8Array {
  return encoder.encode(value);
}

/** Decodes CBOR from a private copy of `bytes`; throws {@link CodecError} on malformed input. */
export function decodeValue(bytes: Uint8Array, what = "value"): unknown {
  return decodeOwnedValue(bytes instanceof Uint8Array ? ownedCopy(bytes) : bytes, what);
}

/**
 * A private copy of `bytes` as a plain `Uint8Array`. Not `bytes.slice()`: NATS hands out Node
 * `Buffer`s, whose `slice` is a view, not a copy. A plain array also makes the decoder's byte
 * strings plain `Uint8Array` views, cheaper to make than `Buffer` ones.
 */
export function ownedCopy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

/**
 * Decodes CBOR from bytes the caller owns and will not reuse (decoded typed arrays may alias
 * them), e.g. an entry of a privately copied ask frame. Throws {@link CodecError} when malformed.
 */
export function decodeOwnedValue(bytes: Uint8Array, what = "value"): unknown {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
    throw new CodecError("CODEC_MALFORMED", `Cannot decode ${what}: payload is empty`);
  }
  try {
    return encoder.decode(bytes);
  } catch (err) {
    throw new CodecError("CODEC_MALFORMED", `Cannot decode ${what}: malformed CBOR (${(err as Error).message})`, { cause: err });
  }
}

/**
 * Decodes a CBOR sequence (items back to back) from bytes the caller owns, in ONE decoder call:
 * far cheaper per item than decoding each from its own view. Returns the items decoded before a
 * malformed one together with its {@link CodecError}, so callers can keep what was good.
 */
export function decodeOwnedSequence(bytes: Uint8Array, what: string): { items: unknown[]; error?: CodecError } {
  const items: unknown[] = [];
  if (bytes.length === 0) return { items };
  try {
    // Collected, not handled in the callback: handlers may decode CBOR themselves.
    encoder.decodeMultiple(bytes, (v: unknown) => void items.push(v));
    return { items };
  } catch (err) {
    return { items, error: new CodecError("CODEC_MALFORMED", `Cannot decode ${what}: malformed CBOR after item ${items.length} (${(err as Error).message})`, { cause: err }) };
  }
}

/** Encodes an envelope. */
export function encodeEnvelope(env: Envelope): Uint8Array {
  return encodeValue(env);
}

/** Decodes and validates an envelope; throws {@link CodecError} naming what is wrong. */
export function decodeEnvelope(bytes: Uint8Array): Envelope {
  return validateEnvelope(decodeValue(bytes, "envelope"));
}

function validateEnvelope(raw: unknown): Envelope {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw) || ArrayBuffer.isView(raw)) {
    throw new CodecError("CODEC_MALFORMED", `Cannot decode envelope: expected a CBOR map, got ${describe(raw)}`);
  }
  const e = raw as Record<string, unknown>;
  if (e.v !== ENVELOPE_VERSION) {
    if (typeof e.v === "number") {
      throw new CodecError("CODEC_UNKNOWN_VERSION", `Cannot decode envelope: unknown schema version ${e.v}, this runtime reads version ${ENVELOPE_VERSION}`);
    }
    throw new CodecError("CODEC_MALFORMED", `Cannot decode envelope: v must be a number, got ${describe(e.v)}`);
  }
  if (typeof e.type !== "string" || e.type.length === 0) fail("type", "a non-empty string", e.type);
  if (typeof e.id !== "string" || e.id.length === 0) fail("id", "a non-empty string", e.id);
  if (typeof e.ts !== "number" || !Number.isFinite(e.ts)) fail("ts", "a finite number", e.ts);
  if (e.headers === undefined || e.headers === null) e.headers = {};
  else if (typeof e.headers !== "object" || Array.isArray(e.headers)) fail("headers", "a map of strings", e.headers);
  if (e.to !== undefined && typeof e.to !== "string") fail("to", "a string", e.to);
  if (e.from !== undefined && typeof e.from !== "string") fail("from", "a string", e.from);
  return e as unknown as Envelope;
}

function fail(field: string, expected: string, found: unknown): never {
  throw new CodecError("CODEC_MALFORMED", `Cannot decode envelope: ${field} must be ${expected}, got ${describe(found)}`);
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v);
  return typeof v === "object" ? "a map" : `${typeof v} ${String(v)}`;
}
