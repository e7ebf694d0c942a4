import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_WINDOW_SECONDS, planWindows, readCsvRecording, RecordingError, splitRecording, type Recording } from "../../actors/recording/mod.ts";
import { MAX_WINDOW_SAMPLES } from "../../actors/domain/mod.ts";

function ramp(n: number, fs: number): Recording {
  const rows = ["time,Ia,Ib,Ic,rpm,load,vibration,temperature,insulation_resistance"];
  for (let i = 0; i < n; i++) rows.push(`${(i / fs).toFixed(6)},${i},${-i},0,${1000 + i},${i % 100},${i * 0.001},40,${i < n / 2 ? 10 : 2}`);
  return readCsvRecording(rows.join("\n"), { source: "ramp.csv" });
}

describe("planWindows", () => {
  it("default: about 5 s windows stretched to cover the recording", () => {
    expect(planWindows(121991, 12000)).toEqual({ windowSamples: 60995, windows: 2, unusedSamples: 1, requested: false });
    expect(planWindows(5000, 1000)).toEqual({ windowSamples: 5000, windows: 1, unusedSamples: 0, requested: false });
    expect(planWindows(100, 1000)).toEqual({ windowSamples: 100, windows: 1, unusedSamples: 0, requested: false });
    expect(DEFAULT_WINDOW_SECONDS).toBe(5);
  });

  it("an explicit length is exact; the tail that does not fill a window is reported unused", () => {
    expect(planWindows(121991, 12000, { seconds: 1 })).toEqual({ windowSamples: 12000, windows: 10, unusedSamples: 1991, requested: true });
    expect(planWindows(121991, 12000, { samples: 32768 })).toEqual({ windowSamples: 32768, windows: 3, unusedSamples: 23687, requested: true });
    expect(planWindows(100, 1000, { samples: 4096 })).toEqual({ windowSamples: 100, windows: 1, unusedSamples: 0, requested: true });
  });

  it("rejects windows too short or too long", () => {
    expect(() => planWindows(1000, 1000, { samples: 8 })).toThrow(RecordingError);
    expect(() => planWindows(1000, 1000, { samples: 8 })).toThrow(/--window must be between 16 and 1048576 samples, got 8 samples/);
    expect(() => planWindows(1000, 1000, { seconds: 0.001 })).toThrow(/got 0.001 s \(1 samples at 1000 Hz\)/);
    expect(() => planWindows(1000, 1000, { samples: 2_000_000 })).toThrow(/--window must be between/);
  });

  it("never exceeds the largest window, never overlaps, never loses more than one window (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50_000_000 }), fc.integer({ min: 100, max: 200_000 }), (n, fs) => {
        const p = planWindows(n, fs);
        expect(p.windowSamples).toBeLessThanOrEqual(MAX_WINDOW_SAMPLES);
        expect(p.windows * p.windowSamples + p.unusedSamples).toBe(n);
        expect(p.unusedSamples).toBeLessThan(p.windows);
      }),
    );
  });
});

describe("splitRecording", () => {
  it("cuts every channel at the same samples and averages slow tracks per window", () => {
    const rec = ramp(1000, 1000);
    const plan = planWindows(rec.samples, rec.sampleRateHz, { samples: 250 });
    const ws = splitRecording(rec, plan, { vehicleId: "bench", motorId: "m2" });
    expect(ws).toHaveLength(4);
    expect(ws[2].currents!.a[0]).toBe(500);
    expect(ws[2].currents!.b[249]).toBe(-749);
    expect(ws[3].vibration!.length).toBe(250);
    expect(ws[3].vibrationSampleRateHz).toBe(1000);
    expect(ws[1].speedRpm).toBeCloseTo(1000 + (250 + 499) / 2, 3);
    expect(ws[0].timestamp).toBe(0);
    expect(ws[1].timestamp).toBe(250);
    expect(ws[0].insulation).toEqual({ hvPlusOhm: 10e6, hvMinusOhm: 10e6 });
    expect(ws[3].insulation!.hvPlusOhm).toBe(2e6);
    expect(ws[0].windingTempC).toBe(40);
    expect(ws.every((w) => w.vehicleId === "bench" && w.motorId === "m2" && w.sampleRateHz === 1000)).toBe(true);
  });

  it("flags override the tracks (--rpm on a file without a speed column or with a wrong one)", () => {
    const rec = ramp(100, 1000);
    const [w] = splitRecording(rec, planWindows(rec.samples, rec.sampleRateHz), { vehicleId: "v", motorId: "m", speedRpm: 1772, loadPercent: 40 });
    expect(w.speedRpm).toBe(1772);
    expect(w.loadPercent).toBe(40);
  });

  it("windows are copies: changing one does not change the recording", () => {
    const rec = ramp(100, 1000);
    const [w] = splitRecording(rec, planWindows(rec.samples, rec.sampleRateHz, { samples: 50 }), { vehicleId: "v", motorId: "m" });
    w.currents!.a[0] = 99;
    expect(rec.currents!.a[0]).toBe(0);
  });
});
