import { describe, expect, it } from "vitest";
import { readCsvRecording, RecordingError, type RecordingErrorCode } from "../../actors/recording/mod.ts";

function rejects(text: string, code: RecordingErrorCode, message: RegExp, opts: { sampleRateHz?: number; vibrationAxis?: "x" | "y" | "z" | "vibration" } = {}) {
  let caught: unknown;
  try {
    readCsvRecording(text, { source: "bad.csv", ...opts });
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(RecordingError);
  const e = caught as RecordingError;
  expect(e.code).toBe(code);
  expect(e.message).toMatch(/^Cannot read recording bad\.csv: /);
  expect(e.message).toMatch(message);
}

const rows = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join("\n");

describe("readCsvRecording rejects bad input with an error naming what is wrong", () => {
  it("empty file and header-only file", () => {
    rejects("", "RECORDING_EMPTY", /file is empty/);
    rejects("\n  \n", "RECORDING_EMPTY", /file is empty/);
    rejects("timestamp,Ia,Ib,Ic\n", "RECORDING_EMPTY", /header \(timestamp,Ia,Ib,Ic\) but no data rows/);
  });

  it("no signal column at all", () => {
    rejects("timestamp,rpm\n0,1500\n0.001,1500\n", "RECORDING_COLUMN_MISSING", /no signal column.*found timestamp, rpm/);
  });

  it("two of three phase currents", () => {
    rejects("timestamp,Ia,Ib\n0,1,2\n0.001,1,2\n", "RECORDING_COLUMN_MISSING", /three-phase currents need columns Ia, Ib, Ic; found only Ia, Ib/);
  });

  it("a vibration axis the file does not have", () => {
    rejects("时间,加速度X\n0,1\n0.001,1\n", "RECORDING_COLUMN_MISSING", /--channel z asks for the Z vibration axis.*加速度X/, { vibrationAxis: "z" });
  });

  it("two columns with one meaning", () => {
    rejects("timestamp,Ia,ia\n0,1,1\n", "RECORDING_COLUMN_MISSING", /"Ia" and "ia" both mean ia/);
  });

  it("NaN, empty and text cells, naming column and line", () => {
    rejects("timestamp,Ia,Ib,Ic\n0,1,2,3\n0.001,NaN,2,3\n", "RECORDING_VALUE_INVALID", /column "Ia" line 3 must be a finite number, got "NaN"/);
    rejects("timestamp,Ia,Ib,Ic\n0,1,2,3\n0.001,1,,3\n", "RECORDING_VALUE_INVALID", /column "Ib" line 3 must be a finite number, got ""/);
    rejects("timestamp,Ia,Ib,Ic\n0,1,2,abc\n0.001,1,2,3\n", "RECORDING_VALUE_INVALID", /column "Ic" line 2 must be a finite number, got "abc"/);
  });

  it("rows with the wrong number of cells", () => {
    rejects("timestamp,Ia,Ib,Ic\n0,1,2,3\n0.001,1,2\n", "RECORDING_ROW_MALFORMED", /line 3 has 3 cells but the header has 4/);
  });

  it("absurd rpm, load and temperature", () => {
    rejects("timestamp,Ia,Ib,Ic,rpm\n0,1,2,3,1500\n0.001,1,2,3,900000\n", "RECORDING_VALUE_INVALID", /column "rpm" line 3 must be a shaft speed in rpm between 0 and 60000, got 900000/);
    rejects("timestamp,Ia,Ib,Ic,转速\n0,1,2,3,-20\n0.001,1,2,3,1500\n", "RECORDING_VALUE_INVALID", /column "转速" line 2 must be a shaft speed/);
    rejects("timestamp,Ia,Ib,Ic,负载\n0,1,2,3,1000\n0.001,1,2,3,50\n", "RECORDING_VALUE_INVALID", /column "负载" line 2 must be a load in %/);
    rejects("timestamp,vibration,temperature\n0,1,2000\n0.001,1,60\n", "RECORDING_VALUE_INVALID", /column "temperature" line 2 must be a winding temperature/);
  });

  it("a time column that goes backwards or stands still", () => {
    rejects(rows(1, () => "timestamp,Ia,Ib,Ic") + "\n" + "0.000,1,2,3\n0.001,1,2,3\n0.003,1,2,3\n0.002,1,2,3\n", "RECORDING_TIME_INVALID", /must strictly increase, but line 5 \(t=0.002\) is not after line 4/);
    rejects("时间,vibration\n0.000,1\n0.000,2\n", "RECORDING_TIME_INVALID", /must strictly increase.*give --fs/);
  });

  it("a time column with a gap, jitter or drift", () => {
    const gap = "t,vibration\n" + rows(50, (i) => `${((i < 25 ? i : i + 3) * 0.001).toFixed(3)},0.1`);
    rejects(gap, "RECORDING_TIME_INVALID", /time column "t" is not uniform: it steps from t=0.024 s \(line 26\) to t=0.028 s \(line 27\), 0.004 s where the recording's step is 0.001 s \(1000 Hz\) — a gap or a jump/);
    const jitter = "t,vibration\n" + rows(50, (i) => `${(i * 0.001 + (i % 2 ? 0.0006 : 0)).toFixed(5)},0.1`);
    rejects(jitter, "RECORDING_TIME_INVALID", /not uniform/);
    const drift = "t,vibration\n" + rows(300, (i) => `${(i * 0.001 + i * i * 1e-7).toFixed(7)},0.1`);
    rejects(drift, "RECORDING_TIME_INVALID", /time column "t" is not uniform: line \d+ is at t=.* off a constant step of .* — jitter or drift/);
  });

  it("a time column that is not numbers", () => {
    rejects("timestamp,Ia,Ib,Ic\n0,1,2,3\nabc,1,2,3\n", "RECORDING_TIME_INVALID", /time column "timestamp" line 3 must be a finite number of s, got "abc"/);
  });

  it("no time column and no --fs", () => {
    rejects("Ia,Ib,Ic\n1,2,3\n", "RECORDING_SAMPLE_RATE_INVALID", /no time column.*give --fs/);
  });

  it("--fs that contradicts the time column", () => {
    rejects("t,vibration\n0,1\n0.001,2\n0.002,1\n", "RECORDING_SAMPLE_RATE_INVALID", /--fs 2000 contradicts time column "t", which advances at 1000 Hz/, { sampleRateHz: 2000 });
  });

  it("absurd sample rates, given or inferred", () => {
    rejects("Ia,Ib,Ic\n1,2,3\n", "RECORDING_SAMPLE_RATE_INVALID", /--fs must be a sample rate between 100 and 1000000 Hz, got -5/, { sampleRateHz: -5 });
    rejects("Ia,Ib,Ic\n1,2,3\n", "RECORDING_SAMPLE_RATE_INVALID", /got 1e\+21/, { sampleRateHz: 1e21 });
    // Epoch seconds written one per second: a 1 Hz "recording" of currents is absurd.
    rejects("timestamp,Ia,Ib,Ic\n1700000000,1,2,3\n1700000001,1,2,3\n", "RECORDING_SAMPLE_RATE_INVALID", /inferred from time column "timestamp" must be a sample rate between 100 and 1000000 Hz, got 1/);
  });

  it("an insulation column with an unknown unit", () => {
    rejects("t,insulation_resistance(GΩ)\n0,1\n0.01,1\n", "RECORDING_VALUE_INVALID", /unit "gω"; expected Ω, kΩ or MΩ/);
  });
});
