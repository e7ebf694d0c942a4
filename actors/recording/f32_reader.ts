/**
 * Reads a raw little-endian float32 recording (one channel, no header — the CWRU `.f32` layout)
 * into a {@link Recording}. The file says nothing about itself, so the rate and the channel
 * come from flags.
 * @module
 */
import type { Recording } from "./recording.ts";
import { RecordingError } from "./recording_error.ts";
import { checkSampleRate } from "./sample_rate.ts";

/** What a single raw channel holds. */
export const F32_CHANNELS = ["vibration", "ia", "ib", "ic"] as const;
/** One of {@link F32_CHANNELS}. */
export type F32Channel = typeof F32_CHANNELS[number];

/** Options of {@link readF32Recording}. */
export interface F32ReadOptions {
  source: string;
  /** Sample rate in Hz (required: the file has no header). */
  sampleRateHz: number | undefined;
  /** What the samples are (required). */
  channel: F32Channel | undefined;
}

/**
 * Decodes little-endian float32 samples; every sample must be finite.
 *
 * @example
 * ```ts
 * const rec = readF32Recording(bytes, { source: "de.f32", sampleRateHz: 12000, channel: "vibration" });
 * rec.vibration!.length === bytes.length / 4;
 * ```
 */
export function readF32Recording(bytes: Uint8Array, opts: F32ReadOptions): Recording {
  const { source } = opts;
  if (opts.channel === undefined) {
    throw new RecordingError("RECORDING_COLUMN_MISSING", source, `a raw float32 file does not say what it holds; give --channel ${F32_CHANNELS.join("|")}`);
  }
  if (!F32_CHANNELS.includes(opts.channel)) {
    throw new RecordingError("RECORDING_COLUMN_MISSING", source, `--channel must be one of ${F32_CHANNELS.join(", ")} for a raw float32 file, got ${JSON.stringify(opts.channel)}`);
  }
  if (opts.sampleRateHz === undefined) {
    throw new RecordingError("RECORDING_SAMPLE_RATE_INVALID", source, "a raw float32 file has no time column; give --fs <Hz>");
  }
  const fs = checkSampleRate(opts.sampleRateHz, source, "--fs");
  if (bytes.length === 0) throw new RecordingError("RECORDING_EMPTY", source, "the file is empty (0 bytes)");
  if (bytes.length % 4 !== 0) {
    throw new RecordingError("RECORDING_DECODE_FAILED", source, `a raw float32 file must be a multiple of 4 bytes long, got ${bytes.length} bytes — not float32, or truncated`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const samples = new Float32Array(bytes.length / 4);
  for (let i = 0; i < samples.length; i++) {
    const v = view.getFloat32(i * 4, true);
    if (!Number.isFinite(v)) {
      throw new RecordingError("RECORDING_VALUE_INVALID", source, `sample ${i} (byte ${i * 4}) must be a finite number, got ${Number.isNaN(v) ? "NaN" : v}`);
    }
    samples[i] = v;
  }
  const empty = new Float32Array(0);
  return {
    source,
    format: "f32",
    sampleRateHz: fs,
    sampleRateSource: "flag",
    samples: samples.length,
    startTimestamp: 0,
    currents: opts.channel === "vibration" ? undefined : { a: samples, b: empty, c: empty },
    vibration: opts.channel === "vibration" ? samples : undefined,
    tracks: {},
    channels: { [opts.channel === "vibration" ? "vibration" : "currents"]: opts.channel },
    ignoredColumns: [],
  };
}
