/**
 * Whatever bytes arrive, a reader either returns a recording or throws a RecordingError with a
 * stable code and a message naming the source — never a TypeError, RangeError or hang.
 */
import fc from "fast-check";
import { encode } from "cbor-x";
import { describe, expect, it } from "vitest";
import { RECORDING_ERROR_CODES, readCborWindows, readCsvRecording, readF32Recording, readVtoxJsonRecording, RecordingError } from "../../actors/recording/mod.ts";

function onlyRecordingErrors(read: () => unknown): void {
  try {
    read();
  } catch (err) {
    if (!(err instanceof RecordingError)) throw err;
    expect(RECORDING_ERROR_CODES).toContain(err.code);
    expect(err.message).toMatch(/^Cannot read recording fuzz: \S/);
  }
}

const cell = fc.oneof(fc.constantFrom("", "NaN", "1e9", "-0", "0.001", "abc", '"q,u"', "1,5", "∞"), fc.double().map(String), fc.integer().map(String));
const header = fc.array(fc.constantFrom("timestamp", "时间", "Ia", "Ib", "Ic", "rpm", "转速", "负载", "加速度X", "vibration", "insulation_resistance(kΩ)", "time_ms", "x", ""), { minLength: 1, maxLength: 7 });
const csvText = fc.tuple(header, fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 30 }), fc.constantFrom(",", ";", "\t"), fc.constantFrom("\n", "\r\n"))
  .map(([h, rows, sep, nl]) => [h.join(sep), ...rows.map((r) => r.join(sep))].join(nl));

describe("readers fail only with RecordingErrors (property)", () => {
  it("CSV: random headers, cells, separators and line ends", () => {
    fc.assert(fc.property(csvText, fc.option(fc.double({ noNaN: false }), { nil: undefined }), (text, fs) => {
      onlyRecordingErrors(() => readCsvRecording(text, { source: "fuzz", sampleRateHz: fs }));
    }), { numRuns: 400 });
  });

  it("CSV: arbitrary text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => onlyRecordingErrors(() => readCsvRecording(text, { source: "fuzz" }))), { numRuns: 300 });
  });

  it("f32: arbitrary bytes and rates", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 256 }), fc.double(), (bytes, fs) => {
      onlyRecordingErrors(() => readF32Recording(bytes, { source: "fuzz", sampleRateHz: fs, channel: "vibration" }));
    }), { numRuns: 300 });
  });

  it("CBOR: arbitrary bytes and arbitrary CBOR values", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => onlyRecordingErrors(() => readCborWindows(bytes, "fuzz"))), { numRuns: 300 });
    fc.assert(fc.property(fc.anything(), (value) => onlyRecordingErrors(() => readCborWindows(new Uint8Array(encode(value)), "fuzz"))), { numRuns: 300 });
  });

  it("VTOX JSON: arbitrary JSON values", () => {
    fc.assert(fc.property(fc.json(), (text) => onlyRecordingErrors(() => readVtoxJsonRecording(text, { source: "fuzz", sampleRateHz: 1000 }))), { numRuns: 300 });
  });
});
