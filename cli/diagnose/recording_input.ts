/**
 * Turns a recording file plus the diagnose flags into analysis windows and a description of
 * what was read (format, rate and where it came from, channels, windows) for the report.
 * @module
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { TelemetryWindow } from "../../actors/domain/mod.ts";
import {
  decodeCsvText,
  formatFromFileName,
  planWindows,
  readCborWindows,
  readCsvRecording,
  readF32Recording,
  readVtoxJsonRecording,
  RecordingError,
  splitRecording,
  type F32Channel,
  type RecordingFormat,
  type VibrationAxis,
  type WindowLength,
} from "../../actors/recording/mod.ts";
import { UsageError } from "../flags/mod.ts";

/** What the user asked for about the input. */
export interface RecordingRequest {
  path: string;
  format?: RecordingFormat;
  /** `vibration|ia|ib|ic` for f32, `vibration|x|y|z` for CSV. */
  channel?: string;
  sampleRateHz?: number;
  speedRpm?: number;
  loadPercent?: number;
  window?: WindowLength;
  /** Vehicle id for the windows; default: the file's own (VTOX JSON) or `recording`. */
  vehicleId?: string;
  motorId: string;
}

/** What was read, printed with the verdict so the user can check the reader's assumptions. */
export interface RecordingInfo {
  file: string;
  format: RecordingFormat;
  sampleRateHz?: number;
  sampleRateSource?: string;
  samples?: number;
  durationS?: number;
  channels?: Record<string, string>;
  ignoredColumns?: string[];
  speedSource?: "flag" | "column" | "window" | "none";
  windowSamples?: number;
  windows: number;
  unusedSamples?: number;
}

const CSV_AXES: readonly VibrationAxis[] = ["vibration", "x", "y", "z"];
const F32_CHANNELS: readonly F32Channel[] = ["vibration", "ia", "ib", "ic"];

/**
 * Reads the file and cuts it into windows.
 *
 * @example
 * ```ts
 * const { windows, info } = await readRecordingInput({ path: "de.f32", format: "f32", channel: "vibration", sampleRateHz: 12000, speedRpm: 1772, vehicleId: "bench", motorId: "m1" });
 * ```
 */
export async function readRecordingInput(req: RecordingRequest): Promise<{ windows: TelemetryWindow[]; info: RecordingInfo }> {
  const file = basename(req.path);
  const format = req.format ?? formatFromFileName(req.path);
  if (!format) {
    throw new RecordingError("RECORDING_FORMAT_UNKNOWN", file, "cannot tell the format from the file name; give --format csv|json|f32|cbor");
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(req.path);
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new UsageError(`cannot open ${req.path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (err as Error).message}`, { cause: err });
  }

  if (format === "cbor") {
    for (const [flag, v] of [["--fs", req.sampleRateHz], ["--channel", req.channel], ["--window", req.window]] as const) {
      if (v !== undefined) throw new UsageError(`${flag} does not apply to CBOR input: each TelemetryWindow carries its own rate and channels and is analysed as it is`);
    }
    const windows = readCborWindows(bytes, file).map((w) => ({
      ...w,
      ...(req.vehicleId !== undefined ? { vehicleId: req.vehicleId } : {}),
      ...(req.speedRpm !== undefined ? { speedRpm: req.speedRpm } : {}),
      ...(req.loadPercent !== undefined ? { loadPercent: req.loadPercent } : {}),
    }));
    const speedSource = req.speedRpm !== undefined ? "flag" : windows.every((w) => w.speedRpm !== undefined) ? "window" : "none";
    return { windows, info: { file, format, windows: windows.length, speedSource } };
  }

  let rec;
  if (format === "csv" || format === "json") {
    if (req.channel !== undefined && !CSV_AXES.includes(req.channel as VibrationAxis)) {
      throw new UsageError(`--channel for a ${format.toUpperCase()} recording selects the vibration column: one of ${CSV_AXES.join(", ")}, got ${JSON.stringify(req.channel)}`);
    }
    const opts = { source: file, sampleRateHz: req.sampleRateHz, vibrationAxis: req.channel as VibrationAxis | undefined };
    const text = decodeCsvText(bytes, file);
    rec = format === "csv" ? readCsvRecording(text, opts) : readVtoxJsonRecording(text, opts);
  } else {
    if (req.channel !== undefined && !F32_CHANNELS.includes(req.channel as F32Channel)) {
      throw new UsageError(`--channel for a raw float32 file must be one of ${F32_CHANNELS.join(", ")}, got ${JSON.stringify(req.channel)}`);
    }
    rec = readF32Recording(bytes, { source: file, sampleRateHz: req.sampleRateHz, channel: req.channel as F32Channel | undefined });
  }
  const plan = planWindows(rec.samples, rec.sampleRateHz, req.window, file);
  const vehicleId = req.vehicleId ?? rec.vehicleId ?? "recording";
  const windows = splitRecording(rec, plan, { vehicleId, motorId: req.motorId, speedRpm: req.speedRpm, loadPercent: req.loadPercent });
  return {
    windows,
    info: {
      file,
      format,
      sampleRateHz: rec.sampleRateHz,
      sampleRateSource: rec.sampleRateSource,
      samples: rec.samples,
      durationS: rec.samples / rec.sampleRateHz,
      channels: rec.channels,
      ignoredColumns: rec.ignoredColumns,
      speedSource: req.speedRpm !== undefined ? "flag" : rec.tracks.speedRpm ? "column" : "none",
      windowSamples: plan.windowSamples,
      windows: plan.windows,
      unusedSamples: plan.unusedSamples,
    },
  };
}
