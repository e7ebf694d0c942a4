/**
 * `envelopeSpectra` demodulates many bands of one signal from one forward FFT. Every band's
 * spectrum must be bit-identical to the single-band `envelopeSpectrum` call, whatever the signal
 * length (power of two or not), band placement and count; bad bands are named by index.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { DspError, loadDsp, type Dsp } from "../../wasm/mod.ts";
import { ensureCoreBuilt } from "./cases/core_build.ts";

let dsp: Dsp;
beforeAll(async () => {
  ensureCoreBuilt();
  dsp = await loadDsp();
}, 120_000);

/** Impulses ringing a 3 kHz resonance every 1/97 s, on noise: a bearing-like signal. */
function ringing(n: number, fs: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const t = i / fs;
    const since = t % (1 / 97);
    x[i] = Math.exp(-800 * since) * Math.sin(2 * Math.PI * 3000 * since) + 0.2 * (s / 2 ** 32 - 0.5);
  }
  return x;
}

describe("envelopeSpectra", () => {
  it("equals envelopeSpectrum band by band, bit for bit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 256, max: 9000 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 0.45, noNaN: true }), fc.double({ min: 0.005, max: 0.2, noNaN: true })), { minLength: 1, maxLength: 6 }),
        (n, seed, rel) => {
          const fs = 12_000;
          const x = ringing(n, fs, seed);
          const bands = rel.map(([lo, w]) => ({ lowHz: lo * fs, highHz: Math.min(0.5, lo + w) * fs }));
          const many = dsp.envelopeSpectra(x, fs, bands);
          expect(many).toHaveLength(bands.length);
          bands.forEach((b, i) => {
            const one = dsp.envelopeSpectrum(x, fs, b.lowHz, b.highHz);
            expect(many[i]!.df).toBe(one.df);
            expect(Buffer.from(many[i]!.spectrum.buffer).equals(Buffer.from(one.spectrum.buffer))).toBe(true);
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it("keeps the results owned: a later call does not change earlier spectra", () => {
    const x = ringing(4096, 12_000, 7);
    const [a] = dsp.envelopeSpectra(x, 12_000, [{ lowHz: 2500, highHz: 3500 }]);
    const copy = a!.spectrum.slice();
    dsp.envelopeSpectra(ringing(4096, 12_000, 8), 12_000, [{ lowHz: 100, highHz: 900 }, { lowHz: 4000, highHz: 5000 }]);
    expect(a!.spectrum).toEqual(copy);
    expect(Math.max(...copy)).toBeGreaterThan(0);
  });

  it("returns no spectra for no bands", () => {
    expect(dsp.envelopeSpectra(ringing(512, 12_000, 1), 12_000, [])).toEqual([]);
  });

  it("names the bad band by its index and counts the rejection", () => {
    const x = ringing(1024, 12_000, 3);
    const good = { lowHz: 1000, highHz: 2000 };
    expect(() => dsp.envelopeSpectra(x, 12_000, [good, { lowHz: 3000, highHz: 2000 }])).toThrowError(/envelopeSpectra \(bands\[1\]\).*3000\.\.2000/);
    expect(() => dsp.envelopeSpectra(x, 12_000, [good, { lowHz: 100, highHz: 7000 }])).toThrowError(/bands\[1\].*fs\/2 = 6000/);
    expect(() => dsp.envelopeSpectra(x, 12_000, [null as never])).toThrowError(/bands\[0\] must be \{ lowHz, highHz \}/);
    expect(() => dsp.envelopeSpectra(x, 12_000, "1000-2000" as never)).toThrowError(/bands must be an array/);
    const nan = x.slice();
    nan[77] = NaN;
    try {
      dsp.envelopeSpectra(nan, 12_000, [good]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DspError);
      expect((e as DspError).code).toBe("DSP_INVALID_INPUT");
      expect((e as Error).message).toMatch(/x\[77\]/);
    }
  });
});

describe("amplitudesAt", () => {
  it("equals amplitudeAt line by line, with the spectrum copied in once", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 16, max: 4096 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 20, noNaN: true })), { minLength: 1, maxLength: 20 }),
        fc.constantFrom(undefined, "hann" as const, "rect" as const, "flattop" as const),
        (bins, seed, lines, window) => {
          let s = seed >>> 0;
          const spectrum = new Float32Array(bins).map(() => {
            s = (Math.imul(s, 1103515245) + 12345) >>> 0;
            return s / 2 ** 32;
          });
          const df = 0.7;
          const hz = lines.map(([w]) => w * (bins - 1) * df);
          const tol = lines.map(([, t]) => t);
          const many = dsp.amplitudesAt(spectrum, df, hz, tol, window);
          expect(many).toEqual(hz.map((h, i) => dsp.amplitudeAt(spectrum, df, h, tol[i]!, window)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("names a bad line or tolerance by index", () => {
    const spectrum = new Float32Array(100).fill(1);
    expect(() => dsp.amplitudesAt(spectrum, 1, [10, 500], [1, 1])).toThrowError(/amplitudesAt: freqsHz\[1\] = 500 Hz is outside the spectrum 0\.\.99 Hz/);
    expect(() => dsp.amplitudesAt(spectrum, 1, [10, 20], [1, -2])).toThrowError(/tolerancesHz\[1\] must be a finite number >= 0, got -2/);
    expect(() => dsp.amplitudesAt(spectrum, 1, [10, 20], [1])).toThrowError(/tolerancesHz must be an array of 2 numbers/);
  });
});
