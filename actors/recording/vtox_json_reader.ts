/**
 * Reads the JSON VTOX's own live ingest sent —
 * `{"sensor_data":{"data":[{"时间":t,"Ia":…,"vibration_x":…,"insulation_resistance":…}],
 * "sampling_rate":3000,"timestamp":"…"},"metadata":{"vehicle_id":"…"}}` — or a bare array of
 * such records, into a {@link Recording}. The records' keys are the CSV column names.
 * @module
 */
import { readTableRecording, type CsvReadOptions } from "./csv_reader.ts";
import type { CsvTable } from "./csv_table.ts";
import type { Recording } from "./recording.ts";
import { RecordingError } from "./recording_error.ts";

/**
 * Parses VTOX ingest JSON. `sampling_rate` plays the part of `--fs` (a `--fs` given as well
 * must agree with it); `metadata.vehicle_id` and `sensor_data.timestamp` are kept.
 *
 * @example
 * ```ts
 * const rec = readVtoxJsonRecording('{"sensor_data":{"sampling_rate":1000,"data":[{"Ia":1,"Ib":-0.5,"Ic":-0.5}]}}', { source: "live.json" });
 * rec.sampleRateHz; // 1000
 * ```
 */
export function readVtoxJsonRecording(text: string, opts: CsvReadOptions): Recording {
  const { source } = opts;
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new RecordingError("RECORDING_DECODE_FAILED", source, `not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const obj = (v: unknown): Record<string, unknown> | undefined => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  const sensor = obj(obj(doc)?.sensor_data) ?? obj(doc);
  const records = Array.isArray(doc) ? doc : sensor?.data;
  if (!Array.isArray(records)) {
    throw new RecordingError("RECORDING_COLUMN_MISSING", source, 'expected VTOX ingest JSON {"sensor_data":{"data":[{…}, …]}} or an array of records, found no data array');
  }
  if (records.length === 0) throw new RecordingError("RECORDING_EMPTY", source, "the data array has no records");
  const header = Object.keys(obj(records[0]) ?? {});
  if (header.length === 0) throw new RecordingError("RECORDING_COLUMN_MISSING", source, "record 1 is not an object with named values");
  const rows = records.map((r, i) => {
    const rec = obj(r);
    if (!rec) throw new RecordingError("RECORDING_ROW_MALFORMED", source, `record ${i + 1} is not an object`);
    const keys = Object.keys(rec);
    if (keys.length !== header.length || keys.some((k) => !(k in (obj(records[0]) ?? {})))) {
      throw new RecordingError("RECORDING_ROW_MALFORMED", source, `record ${i + 1} has keys ${keys.join(",")} but record 1 has ${header.join(",")}`);
    }
    return header.map((k) => (rec[k] === null || rec[k] === undefined ? "" : String(rec[k])));
  });
  // "Lines" are record numbers here: messages then say "line 12" for the 12th record.
  const table: CsvTable = { header, rows, lines: rows.map((_, i) => i + 1) };
  const declared = sensor?.sampling_rate;
  let sampleRateHz = opts.sampleRateHz;
  let sampleRateLabel = opts.sampleRateLabel;
  if (declared !== undefined) {
    const rate = typeof declared === "number" ? declared : NaN;
    if (sampleRateHz !== undefined && Math.abs(sampleRateHz - rate) > 0.01 * rate) {
      throw new RecordingError("RECORDING_SAMPLE_RATE_INVALID", source, `--fs ${sampleRateHz} contradicts the file's sampling_rate ${JSON.stringify(declared)}`);
    }
    sampleRateHz = rate;
    sampleRateLabel = "sampling_rate";
  }
  const rec = readTableRecording(table, { ...opts, sampleRateHz, sampleRateLabel }, "json");
  const stamp = sensor?.timestamp;
  if (typeof stamp === "string" && !Number.isNaN(Date.parse(stamp)) && rec.startTimestamp === 0) rec.startTimestamp = Date.parse(stamp);
  const vehicle = obj(obj(doc)?.metadata)?.vehicle_id;
  if (typeof vehicle === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(vehicle)) rec.vehicleId = vehicle;
  return rec;
}
