// Dsp.envelopeScan: without decimation it reads the same lines as the full-rate envelope
// spectrum; decimated (the default) it stays within a fraction of a dB of them; its band
// statistics are those of bandpass; it survives other DSP calls in between; bad lines are named.
import assert from "node:assert/strict";
import type { Dsp, ScanLine } from "../../../wasm/mod.ts";
import type { DspCase } from "./dsp_case.ts";

/** Impulses ringing a `resonance` Hz mode every 1/rate s, on noise: a bearing-like signal. */
function ringing(n: number, fs: number, seed: number, rate = 97, resonance = 3000): Float32Array {
  let s = seed >>> 0;
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const since = (i / fs) % (1 / rate);
    x[i] = Math.exp(-800 * since) * Math.sin(2 * Math.PI * resonance * since) + 0.3 * (s / 2 ** 32 - 0.5);
  }
  return x;
}

/** The line read of the bearing analyzer: tolerance max(2 bins, 1 %), background ±max(30 bins, 15 % + tol). */
function query(df: number, hz: number): ScanLine {
  const tol = Math.max(2 * df, 0.01 * hz);
  return { hz, toleranceHz: tol, backgroundHalfWidthHz: Math.max(30 * df, 0.15 * hz + tol), backgroundExcludeHz: tol + df };
}

/** The same read on a full-rate envelope spectrum: amplitudeAt and the sorted median. */
function reference(dsp: Dsp, spectrum: Float32Array, df: number, l: ScanLine): [number, number, number] {
  const peak = dsp.amplitudeAt(spectrum, df, l.hz, l.toleranceHz);
  const vals: number[] = [];
  for (let i = Math.max(1, Math.floor((l.hz - l.backgroundHalfWidthHz) / df)); i <= Math.min(spectrum.length - 1, Math.ceil((l.hz + l.backgroundHalfWidthHz) / df)); i++) {
    if (Math.abs(i * df - l.hz) > l.backgroundExcludeHz) vals.push(spectrum[i]!);
  }
  vals.sort((a, b) => a - b);
  return [peak.freqHz, peak.amplitude, vals[Math.floor(vals.length / 2)] ?? 0];
}

const db = (amp: number, bg: number) => 20 * Math.log10(amp / bg);

/** Bands and lines of a scan over a ringing signal of n samples. */
function setup(n: number, seed: number) {
  const fs = 12_000;
  const x = ringing(n, fs, seed);
  const df = fs / 2 ** Math.floor(Math.log2(n));
  // Impulse-rate harmonics (strong lines) and points between them (background only).
  const lines = [97, 194, 291, 145.5, 242.5, 48.5].map((hz) => query(df, hz));
  const bands = [[2500, 3500], [2000, 2600], [800, 1300], [4200, 5800], [2900, 3100]] as const;
  return { fs, x, df, lines, bands };
}

export const envelopeScanCases: DspCase[] = [
  {
    name: "envelopeScan without decimation reads the lines of the full-rate envelope spectrum",
    run(dsp) {
      for (const [n, seed] of [[4096, 1], [16384, 2], [6000, 3], [1024, 4]] as const) {
        const { fs, x, lines, bands } = setup(n, seed);
        const scan = dsp.envelopeScan(x, fs, lines, Infinity);
        for (const [lo, hi] of bands) {
          const full = dsp.envelopeSpectrum(x, fs, lo, hi);
          assert.equal(scan.df, full.df);
          assert.equal(scan.bins, full.spectrum.length);
          const got = scan.levels(lo, hi);
          lines.forEach((l, i) => {
            const [f, a, bg] = reference(dsp, full.spectrum, full.df, l);
            const where = `n=${n} band ${lo}-${hi} line ${l.hz}`;
            assert.ok(Math.abs(got[3 * i]! - f) <= 1e-3 * full.df, `${where}: freq ${got[3 * i]} vs ${f}`);
            assert.ok(Math.abs(got[3 * i + 1]! - a) <= 1e-4 * a + 1e-9, `${where}: amplitude ${got[3 * i + 1]} vs ${a}`);
            assert.ok(Math.abs(got[3 * i + 2]! - bg) <= 1e-4 * bg + 1e-9, `${where}: background ${got[3 * i + 2]} vs ${bg}`);
          });
        }
      }
    },
  },
  {
    name: "envelopeScan decimated (default) stays within a fraction of a dB of the full-rate line SNRs",
    run(dsp) {
      const errors: number[] = [];
      for (const [n, seed] of [[4096, 5], [16384, 6], [8192, 7]] as const) {
        const { fs, x, lines, bands } = setup(n, seed);
        const scan = dsp.envelopeScan(x, fs, lines);
        for (const [lo, hi] of bands) {
          const full = dsp.envelopeSpectrum(x, fs, lo, hi);
          const got = scan.levels(lo, hi);
          lines.forEach((l, i) => {
            const [, a, bg] = reference(dsp, full.spectrum, full.df, l);
            errors.push(Math.abs(db(got[3 * i + 1]!, got[3 * i + 2]!) - db(a, bg)));
          });
        }
      }
      errors.sort((a, b) => a - b);
      const median = errors[errors.length >> 1]!;
      const p90 = errors[Math.floor(errors.length * 0.9)]!;
      assert.ok(median < 0.1, `median |ΔSNR| ${median} dB`);
      assert.ok(p90 < 0.5, `90th percentile |ΔSNR| ${p90} dB`);
    },
  },
  {
    name: "envelopeScan.spectrum is the band's envelope spectrum over the bins the lines read",
    run(dsp) {
      const { fs, x, lines } = setup(4096, 8);
      const full = dsp.envelopeSpectrum(x, fs, 2500, 3500);
      const s = dsp.envelopeScan(x, fs, lines, Infinity).spectrum(2500, 3500);
      assert.ok(s.length > Math.ceil((291 + lines[2]!.backgroundHalfWidthHz) / full.df));
      for (let k = 1; k < s.length; k++) assert.ok(Math.abs(s[k]! - full.spectrum[k]!) <= 1e-4 * Math.max(...full.spectrum.subarray(1)), `bin ${k}`);
    },
  },
  {
    name: "envelopeScan.bandStats equals stats(bandpass(x)) for power-of-two and other lengths",
    run(dsp) {
      for (const n of [4096, 5000]) {
        const x = ringing(n, 12_000, 9);
        const scan = dsp.envelopeScan(x, 12_000, [query(12_000 / 4096, 97)]);
        assert.deepEqual(scan.bandStats(2500, 3500), dsp.stats(dsp.bandpass(x, 12_000, 2500, 3500)));
      }
    },
  },
  {
    name: "envelopeScan gives the same levels after other DSP calls reuse the core's memory",
    run(dsp) {
      const { fs, x, lines } = setup(4096, 10);
      const scan = dsp.envelopeScan(x, fs, lines);
      const before = scan.levels(2500, 3500);
      const stats = scan.bandStats(2500, 3500);
      dsp.welchPsd(ringing(8192, fs, 11), fs, 256);
      assert.deepEqual(scan.levels(2500, 3500), before);
      dsp.spectralKurtosis(ringing(4096, fs, 12), fs, 128);
      assert.deepEqual(scan.bandStats(2500, 3500), stats);
      dsp.envelopeScan(ringing(4096, fs, 13), fs, lines).levels(2000, 2600);
      dsp.envelopeSpectra(ringing(4096, fs, 14), fs, [{ lowHz: 100, highHz: 900 }]);
      assert.deepEqual(scan.levels(2500, 3500), before);
      const out = new Float64Array(3 * lines.length);
      assert.equal(scan.levels(2500, 3500, out), out);
      assert.deepEqual(out, before);
    },
  },
  {
    name: "envelopeScan reads the first lineCount lines exactly as a full read does",
    run(dsp) {
      const { fs, x, lines, bands } = setup(4096, 16);
      const scan = dsp.envelopeScan(x, fs, lines);
      for (const [lo, hi] of bands) {
        const all = scan.levels(lo, hi);
        assert.deepEqual(scan.levels(lo, hi, undefined, 2), all.slice(0, 6));
        assert.deepEqual(scan.levels(lo, hi, undefined, 0), new Float64Array(0));
      }
    },
  },
  {
    name: "envelopeScan names a bad line, band or oversampling",
    run(dsp) {
      const x = ringing(4096, 12_000, 15);
      const bad = (f: () => unknown, pattern: RegExp) => assert.throws(f, (e: Error & { code?: string }) => e.code === "DSP_INVALID_INPUT" && pattern.test(e.message));
      bad(() => dsp.envelopeScan(x, 12_000, [query(3, 97), { ...query(3, 97), hz: 7000 }]), /lines\[1\]\.hz = 7000 Hz is outside/);
      bad(() => dsp.envelopeScan(x, 12_000, [{ ...query(3, 97), toleranceHz: -1 }]), /lines\[0\]\.toleranceHz/);
      bad(() => dsp.envelopeScan(x, 12_000, [query(3, 97)], 0.5), /oversampling must be a number >= 1/);
      bad(() => dsp.envelopeScan(x.subarray(0, 100), 12_000, [query(3, 97)]), /x\.length must be >= 256/);
      bad(() => dsp.envelopeScan(x, 12_000, [query(3, 97)]).levels(3000, 2000), /band 3000\.\.2000 Hz/);
      bad(() => dsp.envelopeScan(x, 12_000, [query(3, 97)]).levels(2000, 3000, new Float64Array(2)), /out must be a Float64Array of at least 3/);
      bad(() => dsp.envelopeScan(x, 12_000, [query(3, 97)]).levels(2000, 3000, undefined, 2), /lineCount must be an integer in 0\.\.1/);
    },
  },
];
