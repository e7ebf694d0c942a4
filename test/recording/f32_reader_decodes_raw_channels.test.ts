import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readF32Recording, RecordingError } from "../../actors/recording/mod.ts";
import { dataDir } from "../harness/mod.ts";

const bytesOf = (v: number[]) => new Uint8Array(Float32Array.from(v).buffer);

describe("readF32Recording", () => {
  it("reads a CWRU record: every sample, little-endian, as vibration", () => {
    const bytes = readFileSync(join(dataDir, "cwru", "cwru12k_DE_IR007_1hp_106.f32"));
    const meta = JSON.parse(readFileSync(join(dataDir, "cwru", "cwru12k_DE_IR007_1hp_106.json"), "utf8"));
    const rec = readF32Recording(bytes, { source: "ir.f32", sampleRateHz: 12000, channel: "vibration" });
    expect(rec.samples).toBe(meta.n_samples);
    expect(rec.vibration!.length).toBe(meta.n_samples);
    expect(rec.vibration![5]).toBe(new DataView(bytes.buffer, bytes.byteOffset).getFloat32(20, true));
    expect(rec.currents).toBeUndefined();
  });

  it("a current channel fills phase a and leaves b, c empty (single-phase MCSA)", () => {
    const rec = readF32Recording(bytesOf([1, -1, 0.5]), { source: "ia.f32", sampleRateHz: 1000, channel: "ia" });
    expect([...rec.currents!.a]).toEqual([1, -1, 0.5]);
    expect(rec.currents!.b.length).toBe(0);
    expect(rec.channels.currents).toBe("ia");
  });

  it("decodes from an unaligned view of a larger buffer", () => {
    const big = new Uint8Array(13);
    big.set(bytesOf([0.25, 2]), 1);
    const rec = readF32Recording(big.subarray(1, 9), { source: "u.f32", sampleRateHz: 1000, channel: "vibration" });
    expect([...rec.vibration!]).toEqual([0.25, 2]);
  });

  const bad: Array<[string, Uint8Array, { sampleRateHz?: number; channel?: string }, string, RegExp]> = [
    ["empty", new Uint8Array(0), {}, "RECORDING_EMPTY", /file is empty \(0 bytes\)/],
    ["not a multiple of 4", new Uint8Array(10), {}, "RECORDING_DECODE_FAILED", /multiple of 4 bytes long, got 10 bytes/],
    ["NaN sample", bytesOf([1, NaN, 2]), {}, "RECORDING_VALUE_INVALID", /sample 1 \(byte 4\) must be a finite number, got NaN/],
    ["Infinity sample", bytesOf([1, 2, Infinity]), {}, "RECORDING_VALUE_INVALID", /sample 2 .* got Infinity/],
    ["no --fs", bytesOf([1]), { sampleRateHz: undefined }, "RECORDING_SAMPLE_RATE_INVALID", /no time column; give --fs/],
    ["absurd --fs", bytesOf([1]), { sampleRateHz: 5 }, "RECORDING_SAMPLE_RATE_INVALID", /--fs must be a sample rate between 100 and 1000000 Hz, got 5/],
    ["no --channel", bytesOf([1]), { channel: undefined }, "RECORDING_COLUMN_MISSING", /give --channel vibration\|ia\|ib\|ic/],
    ["wrong --channel", bytesOf([1]), { channel: "x" }, "RECORDING_COLUMN_MISSING", /--channel must be one of vibration, ia, ib, ic .* got "x"/],
  ];
  for (const [name, bytes, opts, code, message] of bad) {
    it(`rejects ${name}`, () => {
      const o = { source: "b.f32", sampleRateHz: 12000, channel: "vibration", ...opts } as Parameters<typeof readF32Recording>[1];
      let caught: unknown;
      try {
        readF32Recording(bytes, o);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(RecordingError);
      expect((caught as RecordingError).code).toBe(code);
      expect((caught as Error).message).toMatch(/^Cannot read recording b\.f32: /);
      expect((caught as Error).message).toMatch(message);
    });
  }
});
