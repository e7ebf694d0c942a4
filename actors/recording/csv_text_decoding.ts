/**
 * Bytes of a CSV file to text: UTF-8 (with or without BOM), else GB18030 — the encoding Excel
 * on a Chinese Windows saves `时间,Ia,…` files in.
 * @module
 */
import { RecordingError } from "./recording_error.ts";

/**
 * Decodes CSV bytes, trying UTF-8 strictly first, then GB18030.
 *
 * @example
 * ```ts
 * decodeCsvText(new Uint8Array([0xca, 0xb1, 0xbc, 0xe4]), "gbk.csv"); // "时间"
 * ```
 */
export function decodeCsvText(bytes: Uint8Array, source: string): string {
  if (bytes.length === 0) throw new RecordingError("RECORDING_EMPTY", source, "the file is empty (0 bytes)");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: fall through to the legacy Chinese encoding.
  }
  try {
    return new TextDecoder("gb18030", { fatal: true }).decode(bytes);
  } catch (err) {
    throw new RecordingError("RECORDING_DECODE_FAILED", source, "the file is neither UTF-8 nor GB18030 text — is it really a CSV? (give --format f32 or cbor for binary files)", { cause: err });
  }
}
