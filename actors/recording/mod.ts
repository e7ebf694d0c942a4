/**
 * Recordings in: readers for the files VTOX users have (raw float32, VTOX CSV formats, CBOR
 * telemetry), window splitting, and the recording-level summary of per-window HealthReports.
 * Readers take bytes or text, never paths, so they run unchanged in Node, Deno and the gateway.
 *
 * @example
 * ```ts
 * const rec = readCsvRecording(text, { source: "run.csv" });
 * const plan = planWindows(rec.samples, rec.sampleRateHz);
 * const windows = splitRecording(rec, plan, { vehicleId: "ev1", motorId: "m1" });
 * ```
 * @module
 */
export { RecordingError, RECORDING_ERROR_CODES, type RecordingErrorCode } from "./recording_error.ts";
export { formatFromFileName, RECORDING_FORMATS, type Recording, type RecordingFormat, type RecordingTracks, type SampleRateSource } from "./recording.ts";
export { checkSampleRate, MAX_SAMPLE_RATE_HZ, MIN_SAMPLE_RATE_HZ, sampleRateFromTimes, type TimeColumn } from "./sample_rate.ts";
export { columnMeaning, type ColumnMeaning, type ColumnRole } from "./csv_columns.ts";
export { parseCsvTable, type CsvTable } from "./csv_table.ts";
export { decodeCsvText } from "./csv_text_decoding.ts";
export { readCsvRecording, readTableRecording, type CsvReadOptions, type VibrationAxis } from "./csv_reader.ts";
export { readVtoxJsonRecording } from "./vtox_json_reader.ts";
export { F32_CHANNELS, readF32Recording, type F32Channel, type F32ReadOptions } from "./f32_reader.ts";
export { readCborWindows } from "./cbor_reader.ts";
export { DEFAULT_WINDOW_SECONDS, planWindows, splitRecording, type WindowLength, type WindowPlan, type WindowStamp } from "./window_splitter.ts";
export { summariseRecording, type FaultSummary, type RecordingVerdict } from "./recording_summary.ts";
export { windowsToCborSequence, windowToCsv, windowToF32 } from "./window_writers.ts";
