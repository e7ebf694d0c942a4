/**
 * Reads CBOR telemetry: one TelemetryWindow, or a CBOR sequence (RFC 8742) of them — what
 * `vtox simulate --out` writes and what travels on `vtox.telemetry.<vehicleId>`.
 * @module
 */
import { decodeMultiple } from "cbor-x";
import { parseTelemetryWindow, type TelemetryWindow } from "../domain/mod.ts";
import { RecordingError } from "./recording_error.ts";

/**
 * Decodes and validates every window in a CBOR item or sequence.
 *
 * @example
 * ```ts
 * const windows = readCborWindows(await Deno.readFile("sim.cbor"), "sim.cbor");
 * ```
 */
export function readCborWindows(bytes: Uint8Array, source: string): TelemetryWindow[] {
  if (bytes.length === 0) throw new RecordingError("RECORDING_EMPTY", source, "the file is empty (0 bytes)");
  const values: unknown[] = [];
  try {
    decodeMultiple(bytes, (v: unknown) => {
      values.push(v);
    });
  } catch (err) {
    throw new RecordingError(
      "RECORDING_DECODE_FAILED",
      source,
      `not valid CBOR, or truncated (${(err as Error).message}; ${values.length} complete item(s) decoded before the failure) — expected a CBOR TelemetryWindow or a CBOR sequence of them` +
        (looksLikeText(bytes) ? "; the file looks like text — is it a CSV? (give --format csv)" : ""),
      { cause: err },
    );
  }
  return values.map((v, i) => {
    try {
      return parseTelemetryWindow(v);
    } catch (err) {
      const hint = looksLikeText(bytes) ? " — the file looks like text; is it a CSV? (give --format csv)" : "";
      throw new RecordingError("RECORDING_DECODE_FAILED", source, `item ${i + 1} of ${values.length}: ${(err as Error).message}${hint}`, { cause: err });
    }
  });
}

/** Whether the first bytes are printable UTF-8 text (a CSV handed over as CBOR, typically). */
function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 64);
  return head.length > 0 && head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127));
}
