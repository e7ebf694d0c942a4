/**
 * The runtime's named errors. Every error has a stable `code` (for counting, error replies and
 * dead-letter reasons) and keeps its `cause`.
 * @module
 */

/** Stable codes of runtime errors. */
export type RuntimeErrorCode =
  | "INVALID_ADDRESS"
  | "CODEC_MALFORMED"
  | "CODEC_UNKNOWN_VERSION"
  | "ASK_TIMEOUT"
  | "BACKPRESSURE"
  | "FENCED"
  | "UNKNOWN_KIND"
  | "ACTOR_FAILED"
  | "REMOTE_ERROR"
  | "CONFIG_INVALID"
  | "SYSTEM_STOPPED"
  /** A value (message body, reply, snapshot) cannot be encoded as CBOR. */
  | "CODEC_UNENCODABLE"
  /** JetStream did not acknowledge in time or no stream listens (transient; retry). */
  | "UNAVAILABLE"
  /** A snapshot compare-and-set found a newer revision. */
  | "STALE_REVISION"
  /** The server refused a JetStream publish (see the error's `errCode`). */
  | "PUBLISH_REJECTED"
  /** No PubAck in time or no stream for the subject. */
  | "PUBLISH_UNAVAILABLE"
  /** An unexpected error without a runtime code (a bug or an environment failure). */
  | "INTERNAL";

/** Base class of every runtime error. */
export class RuntimeError extends Error {
  /** Stable error code. */
  readonly code: RuntimeErrorCode;
  constructor(code: RuntimeErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RuntimeError";
    this.code = code;
  }
}

/** A kind or id is not a subject-safe token, or a shard number is out of range. */
export class InvalidAddressError extends RuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super("INVALID_ADDRESS", message, options);
    this.name = "InvalidAddressError";
  }
}

/**
 * A payload is not a valid envelope (malformed CBOR, missing fields, unknown schema version), or
 * a value cannot be encoded (`CODEC_UNENCODABLE`).
 */
export class CodecError extends RuntimeError {
  constructor(code: "CODEC_MALFORMED" | "CODEC_UNKNOWN_VERSION" | "CODEC_UNENCODABLE", message: string, options?: ErrorOptions) {
    super(code, message, options);
    this.name = "CodecError";
  }
}

/** An `ask` got no reply in time. */
export class AskTimeoutError extends RuntimeError {
  /** The address asked. */
  readonly address: string;
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;
  constructor(address: string, timeoutMs: number, detail = "", options?: ErrorOptions) {
    super("ASK_TIMEOUT", `ask to ${address} timed out after ${timeoutMs} ms${detail ? ` (${detail})` : ""}`, options);
    this.name = "AskTimeoutError";
    this.address = address;
    this.timeoutMs = timeoutMs;
  }
}

/** The system refused work because a bound was reached (shard queue full, mailbox stream full). */
export class BackpressureError extends RuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super("BACKPRESSURE", message, options);
    this.name = "BackpressureError";
  }
}

/**
 * JetStream could not be reached in time (no ack, leader election, JetStream down): the work was
 * not refused by a bound, so this is not backpressure. Retrying later with the same msgID is safe.
 */
export class UnavailableError extends RuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super("UNAVAILABLE", message, options);
    this.name = "UnavailableError";
  }
}

/** This node no longer owns a shard: the server rejected its write (revision compare-and-set). */
export class FencedError extends RuntimeError {
  /** The shard that was lost. */
  readonly shard: number;
  constructor(shard: number, message: string, options?: ErrorOptions) {
    super("FENCED", message, options);
    this.name = "FencedError";
    this.shard = shard;
  }
}

/** A message arrived for an actor kind this node does not host. */
export class UnknownKindError extends RuntimeError {
  constructor(kind: string, known: string[]) {
    super("UNKNOWN_KIND", `no actor kind "${kind}" is registered on this node; registered: ${known.join(", ") || "none"}`);
    this.name = "UnknownKindError";
  }
}

/** An actor's `receive` kept throwing on one message; the message was dead-lettered. */
export class ActorFailedError extends RuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super("ACTOR_FAILED", message, options);
    this.name = "ActorFailedError";
  }
}

/** The remote side of an `ask` answered with an error; `remoteCode` is its code. */
export class RemoteError extends RuntimeError {
  /** The code the remote side reported (e.g. `ACTOR_FAILED`, `BACKPRESSURE`). */
  readonly remoteCode: string;
  constructor(remoteCode: string, message: string) {
    super("REMOTE_ERROR", message);
    this.name = "RemoteError";
    this.remoteCode = remoteCode;
  }
}

/** A runtime option or cluster-wide setting is invalid or inconsistent. */
export class ConfigError extends RuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super("CONFIG_INVALID", message, options);
    this.name = "ConfigError";
  }
}

/** The system is shut down (or shutting down) and refuses new work. */
export class SystemStoppedError extends RuntimeError {
  constructor(what: string, options?: ErrorOptions) {
    super("SYSTEM_STOPPED", `Cannot ${what}: the actor system is stopped`, options);
    this.name = "SystemStoppedError";
  }
}
