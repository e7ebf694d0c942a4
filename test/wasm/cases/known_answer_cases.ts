// Known-answer checks on synthetic signals (and one real CWRU record): the physics the
// analyzers rely on, not just agreement with another implementation.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import type { DspCase } from "./dsp_case.ts";

function signal(n: number, fs: number, f: (t: number, i: number) => number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = f(i / fs, i);
  return x;
}

function close(label: string, got: number, expected: number, tol: number): void {
  assert.ok(Math.abs(got - expected) <= tol, `${label}: got ${got}, expected ${expected} ± ${tol}`);
}

function threePhase(n: number, fs: number, f: number, i1: number, i2: number, i0 = 0): Float32Array[] {
  // Phase k (0, 1, 2) = I1 cos(wt - 2πk/3) + I2 cos(wt + 2πk/3 + 0.7) + I0 cos(wt)
  return [0, 1, 2].map((k) =>
    signal(n, fs, (t) => {
      const w = 2 * Math.PI * f * t;
      return i1 * Math.cos(w - (2 * Math.PI * k) / 3) + i2 * Math.cos(w + (2 * Math.PI * k) / 3 + 0.7) + i0 * Math.cos(w);
    }));
}

export const knownAnswerCases: DspCase[] = [
  {
    name: "a tone between bins reads its frequency (±0.05 bin) and, with flattop, its amplitude within 0.1%",
    run(dsp) {
      const fs = 10000;
      const n = 4096;
      const df = fs / n;
      for (const offset of [0, 0.13, 0.25, 0.37, 0.5]) {
        const f = (300 + offset) * df;
        const x = signal(n, fs, (t) => 3.2 * Math.sin(2 * Math.PI * f * t + 1.1));
        const flat = dsp.amplitudeSpectrum(x, "flattop");
        const bin = flat[Math.round(f / df)];
        assert.ok(Math.abs(bin - 3.2) / 3.2 <= 1e-3, `flattop bin at +${offset} bin reads ${bin}`);
        const viaPeak = dsp.amplitudeAt(flat, df, f, 3 * df, "flattop");
        assert.ok(Math.abs(viaPeak.amplitude - 3.2) / 3.2 <= 1e-3, `amplitudeAt(flattop) ${viaPeak.amplitude}`);
        const hann = dsp.amplitudeSpectrum(x, "hann");
        const [top] = dsp.findPeaks(hann, df, 100, 5000, 3);
        close(`hann peak frequency at +${offset} bin`, top.freqHz, f, 0.05 * df);
        assert.ok(Math.abs(top.amplitude - 3.2) / 3.2 <= 0.07, `hann parabolic amplitude ${top.amplitude}`);
      }
    },
  },
  {
    name: "with the window named, Hann and rect peaks read a tone's amplitude within 0.1% and frequency within 0.01 bin",
    run(dsp) {
      const fs = 10000;
      const n = 4096;
      const df = fs / n;
      for (const offset of [0, 0.1, 0.25, 0.4, 0.5]) {
        const f = (500 + offset) * df;
        const x = signal(n, fs, (t) => 1.7 * Math.cos(2 * Math.PI * f * t + 0.3));
        for (const w of ["hann", "rect"] as const) {
          const spec = dsp.amplitudeSpectrum(x, w);
          const [top] = dsp.findPeaks(spec, df, 100, 4000, 1, w);
          close(`${w} frequency at +${offset} bin`, top.freqHz, f, 0.01 * df);
          assert.ok(Math.abs(top.amplitude - 1.7) / 1.7 <= 1e-3, `${w} amplitude at +${offset} bin: ${top.amplitude}`);
          const at = dsp.amplitudeAt(spec, df, f, 2 * df, w);
          assert.ok(Math.abs(at.amplitude - 1.7) / 1.7 <= 1e-3, `${w} amplitudeAt at +${offset} bin: ${at.amplitude}`);
        }
      }
    },
  },
  {
    name: "findPeaks returns the strongest lines first and respects fmin/fmax and maxPeaks",
    run(dsp) {
      const fs = 8192;
      const n = 8192;
      const x = signal(n, fs, (t) => Math.sin(2 * Math.PI * 100 * t) + 3 * Math.sin(2 * Math.PI * 700 * t) + 2 * Math.sin(2 * Math.PI * 1500 * t));
      const a = dsp.amplitudeSpectrum(x, "hann");
      const peaks = dsp.findPeaks(a, 1, 50, 2000, 3);
      assert.deepEqual(peaks.map((p) => Math.round(p.freqHz)), [700, 1500, 100]);
      assert.deepEqual(dsp.findPeaks(a, 1, 650, 2000, 1).map((p) => Math.round(p.freqHz)), [700]);
      assert.deepEqual(dsp.findPeaks(a, 1, 800, 1400, 2).filter((p) => p.amplitude > 1e-3), []);
    },
  },
  {
    name: "an amplitude-modulated carrier shows sidebands at fc ± fm at 20·log10(m/2) dB",
    run(dsp) {
      const fs = 5000;
      const n = 16384;
      const m = 0.02; // -40 dB sidebands, like a broken rotor bar
      const x = signal(n, fs, (t) => 10 * (1 + m * Math.cos(2 * Math.PI * 3.1 * t)) * Math.cos(2 * Math.PI * 50 * t));
      const a = dsp.amplitudeSpectrum(x, "flattop");
      const r = dsp.sidebandsDb(a, fs / n, 50, [-3.1, 3.1], 0.5, "flattop");
      close("carrier", r.carrier.amplitude, 10, 0.01);
      const expected = 20 * Math.log10(m / 2);
      for (const db of r.levelsDb) close("sideband dB", db, expected, 0.1);
      for (const [i, s] of r.sidebands.entries()) close(`sideband ${i} Hz`, s.freqHz, 50 + (i === 0 ? -3.1 : 3.1), 0.05);
    },
  },
  {
    name: "the envelope spectrum of an amplitude-modulated impulse train peaks at its repetition rate",
    run(dsp) {
      const fs = 12000;
      const n = 16384;
      const rate = 123.4;
      let seed = 7;
      const noise = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32 - 0.5);
      const x = new Float32Array(n);
      for (let k = 0; k * (fs / rate) < n; k++) {
        const start = Math.round(k * (fs / rate));
        const gain = 1 + 0.5 * Math.cos((2 * Math.PI * 30 * start) / fs);
        for (let i = start; i < Math.min(n, start + 200); i++) {
          const t = (i - start) / fs;
          x[i] += gain * Math.exp(-t * 900) * Math.sin(2 * Math.PI * 3500 * t);
        }
      }
      for (let i = 0; i < n; i++) x[i] += 0.05 * noise();
      const { spectrum, df } = dsp.envelopeSpectrum(x, fs, 2500, 4500);
      const [top] = dsp.findPeaks(spectrum, df, 20, 600, 1);
      close("envelope line", top.freqHz, rate, df);
      const env = dsp.envelope(dsp.bandpass(x, fs, 2500, 4500));
      assert.equal(env.length, n);
      const st = dsp.stats(x);
      assert.ok(st.kurtosis > 3, `impulsive signal kurtosis ${st.kurtosis}`);
    },
  },
  {
    name: "spectral kurtosis is ~0 for Gaussian noise and large in a band with sparse bursts",
    run(dsp) {
      const fs = 12000;
      const n = 48000;
      let seed = 99;
      const uniform = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) + 1) / (2 ** 32 + 1);
      const x = new Float32Array(n);
      for (let i = 0; i < n; i++) x[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
      for (let start = 0; start < n; start += 1500) {
        for (let i = start; i < Math.min(n, start + 60); i++) x[i] += 8 * Math.sin((2 * Math.PI * 3000 * i) / fs);
      }
      const sk = dsp.spectralKurtosis(x, fs, 256);
      const df = fs / 256;
      assert.ok(sk[Math.round(3000 / df)] > 5, `SK at 3 kHz is ${sk[Math.round(3000 / df)]}`);
      const quiet = Array.from(sk.subarray(Math.round(500 / df), Math.round(2000 / df))).sort((a, b) => a - b);
      close("median SK of the noise-only band", quiet[quiet.length >> 1], 0, 0.25);
    },
  },
  {
    name: "a balanced three-phase set has I2/I1 ≈ 0 and Park ellipticity ≈ 0",
    run(dsp) {
      const [a, b, c] = threePhase(4000, 10000, 50, 12, 0);
      const s = dsp.symmetricalComponents(a, b, c, 10000, 50);
      close("i1", s.i1, 12, 1e-4);
      close("unbalance", s.unbalance, 0, 1e-5);
      close("i0", s.i0, 0, 1e-4);
      for (const m of s.magnitudes) close("phase magnitude", m, 12, 1e-4);
      close("phase b angle", s.anglesRad[1], (-2 * Math.PI) / 3, 1e-5);
      const p = dsp.parkVector(a, b, c);
      close("ellipticity", p.ellipticity, 0, 1e-4);
      close("major axis", p.majorAxis, Math.sqrt(1.5) * 12, 1e-3);
    },
  },
  {
    name: "an unbalanced set with I2/I1 = 0.05 and zero sequence reads back its ratio and axes",
    run(dsp) {
      // 2345 samples: not an integer number of 50 Hz cycles, so the whole-cycle span matters.
      const [a, b, c] = threePhase(2345, 10000, 50, 10, 0.5, 0.3);
      const s = dsp.symmetricalComponents(a, b, c, 10000, 50);
      close("i1", s.i1, 10, 1e-3);
      close("i2", s.i2, 0.5, 1e-3);
      close("i0", s.i0, 0.3, 1e-3);
      close("unbalance", s.unbalance, 0.05, 1e-4);
      const [pa, pb, pc] = threePhase(4000, 10000, 50, 10, 0.5);
      const p = dsp.parkVector(pa, pb, pc);
      // Park vector = sqrt(3/2)(I1 e^{iwt} + I2 e^{-i(wt+φ)}): an ellipse with axes I1 ± I2.
      close("major", p.majorAxis, Math.sqrt(1.5) * 10.5, 1e-3);
      close("minor", p.minorAxis, Math.sqrt(1.5) * 9.5, 1e-3);
      close("ellipticity", p.ellipticity, 1 - 9.5 / 10.5, 1e-4);
    },
  },
  {
    name: "real CWRU inner-race record: the envelope spectrum shows BPFI (162 Hz)",
    async run(dsp) {
      const file = new URL("../../../../shared/data/cwru/cwru12k_DE_IR007_0hp_105.f32", import.meta.url);
      // The shared data folder sits beside the repository (as in CI); its absence is a failure.
      const raw = await readFile(file).catch((cause) => {
        throw new Error(`real-data check needs ${file.pathname} (../shared/data beside the repository)`, { cause });
      });
      const x = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + 16384 * 4));
      const { spectrum, df } = dsp.envelopeSpectrum(x, 12000, 2000, 5000);
      const peaks = dsp.findPeaks(spectrum, df, 100, 400, 3);
      assert.ok(peaks.some((p) => Math.abs(p.freqHz - 162.2) <= 2 * df),
        `expected a line near BPFI 162.2 Hz among ${JSON.stringify(peaks)}`);
    },
  },
];
