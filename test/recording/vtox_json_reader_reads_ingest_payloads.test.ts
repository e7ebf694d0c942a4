import { describe, expect, it } from "vitest";
import { readVtoxJsonRecording, RecordingError } from "../../actors/recording/mod.ts";

const record = (i: number, extra: Record<string, unknown> = {}) => ({
  时间: i / 3000,
  Ia: Math.sin(i / 10),
  Ib: Math.sin(i / 10 + 2.1),
  Ic: Math.sin(i / 10 + 4.2),
  vibration_x: 0.01 * i,
  vibration_y: -0.01 * i,
  insulation_resistance: 12,
  leakage_current: 0.4,
  temperature: 65,
  rpm: 1480,
  load: 70,
  ...extra,
});

const payload = (n: number, over: Record<string, unknown> = {}) =>
  JSON.stringify({
    sensor_data: { data: Array.from({ length: n }, (_, i) => record(i)), sampling_rate: 3000, timestamp: "2025-08-01T10:00:00Z", ...over },
    metadata: { vehicle_id: "EV-0042" },
  });

function rejects(text: string, code: string, message: RegExp, fs?: number) {
  let caught: unknown;
  try {
    readVtoxJsonRecording(text, { source: "live.json", sampleRateHz: fs });
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(RecordingError);
  expect((caught as RecordingError).code).toBe(code);
  expect((caught as Error).message).toMatch(message);
}

describe("readVtoxJsonRecording reads VTOX's live-ingest JSON", () => {
  it("sensor_data.data records with sampling_rate, timestamp and metadata.vehicle_id", () => {
    const rec = readVtoxJsonRecording(payload(300), { source: "live.json" });
    expect(rec.format).toBe("json");
    expect(rec.sampleRateHz).toBe(3000);
    expect(rec.sampleRateSource).toBe("time_column");
    expect(rec.samples).toBe(300);
    expect(rec.vehicleId).toBe("EV-0042");
    expect(rec.startTimestamp).toBe(Date.parse("2025-08-01T10:00:00Z"));
    expect(rec.channels.vibration).toBe("vibration_x");
    expect(rec.tracks.insulationPlusOhm![0]).toBe(12e6);
    expect(rec.tracks.leakageCurrentMa![0]).toBeCloseTo(0.4, 6);
    expect(rec.ignoredColumns).toEqual(["vibration_y"]);
  });

  it("records without a time key take the rate from sampling_rate; a bare array needs --fs", () => {
    const noTime = JSON.stringify({ sensor_data: { sampling_rate: 2000, data: [{ Ia: 1, Ib: 2, Ic: 3 }, { Ia: 2, Ib: 3, Ic: 1 }] } });
    const rec = readVtoxJsonRecording(noTime, { source: "live.json" });
    expect(rec.sampleRateHz).toBe(2000);
    expect(rec.sampleRateSource).toBe("file_header");
    const bare = JSON.stringify([{ vibration: 0.1 }, { vibration: 0.2 }]);
    expect(readVtoxJsonRecording(bare, { source: "a.json", sampleRateHz: 5000 }).sampleRateHz).toBe(5000);
    rejects(bare, "RECORDING_SAMPLE_RATE_INVALID", /no time column .* give --fs/);
  });

  it("rejects what is wrong, naming it", () => {
    rejects("{not json", "RECORDING_DECODE_FAILED", /not valid JSON/);
    rejects(JSON.stringify({ sensor_data: {} }), "RECORDING_COLUMN_MISSING", /found no data array/);
    rejects(JSON.stringify({ sensor_data: { data: [] } }), "RECORDING_EMPTY", /no records/);
    rejects(payload(300), "RECORDING_SAMPLE_RATE_INVALID", /--fs 1000 contradicts the file's sampling_rate 3000/, 1000);
    rejects(payload(300, { sampling_rate: 1000 }), "RECORDING_SAMPLE_RATE_INVALID", /sampling_rate 1000 contradicts time column "时间", which advances at 3000 Hz/);
    const withNaN = JSON.stringify({ sensor_data: { sampling_rate: 3000, data: [record(0), record(1, { Ia: "NaN" }), record(2)] } });
    rejects(withNaN, "RECORDING_VALUE_INVALID", /column "Ia" line 2 must be a finite number, got "NaN"/);
    const ragged = JSON.stringify({ sensor_data: { sampling_rate: 3000, data: [record(0), { Ia: 1 }] } });
    rejects(ragged, "RECORDING_ROW_MALFORMED", /record 2 has keys Ia but record 1 has 时间,Ia/);
  });
});
