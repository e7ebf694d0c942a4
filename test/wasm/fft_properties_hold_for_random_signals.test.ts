import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDsp, type Dsp } from "../../wasm/mod.ts";
import { ensureCoreBuilt } from "./cases/core_build.ts";

let dsp: Dsp;
beforeAll(async () => {
  ensureCoreBuilt();
  dsp = await loadDsp();
}, 120_000);

// Random frames of every size 2^8..2^13 with values in ±1000 (subnormals and -0 included).
const frames = fc.integer({ min: 8, max: 13 }).chain((k) =>
  fc.float32Array({ minLength: 1 << k, maxLength: 1 << k, min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true }));

const peakOf = (x: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
};

describe("FFT properties on random signals (fast-check)", () => {
  it("Parseval: energy in time equals energy in the one-sided spectrum", () => {
    fc.assert(fc.property(frames, (x) => {
      const n = x.length;
      const s = dsp.rfft(x);
      let time = 0;
      for (let i = 0; i < n; i++) time += x[i] * x[i];
      let freq = s[0] * s[0] + s[n] * s[n];
      for (let k = 1; k < n / 2; k++) freq += 2 * (s[2 * k] * s[2 * k] + s[2 * k + 1] * s[2 * k + 1]);
      freq /= n;
      expect(Math.abs(freq - time)).toBeLessThanOrEqual(1e-5 * time + 1e-30);
    }), { numRuns: 60 });
  });

  it("irfft(rfft(x)) returns x", () => {
    fc.assert(fc.property(frames, (x) => {
      const back = dsp.irfft(dsp.rfft(x));
      let err = 0;
      for (let i = 0; i < x.length; i++) err = Math.max(err, Math.abs(back[i] - x[i]));
      expect(err).toBeLessThanOrEqual(2e-6 * peakOf(x) + 1e-30);
    }), { numRuns: 60 });
  });

  it("linearity: rfft(a·x + y) = a·rfft(x) + rfft(y)", () => {
    fc.assert(fc.property(frames, fc.double({ min: -4, max: 4, noNaN: true }), (x, a) => {
      const y = x.map((v, i) => Math.sin(i) * 100 - v / 3);
      const mix = x.map((v, i) => a * v + y[i]);
      const sm = dsp.rfft(mix);
      const sx = dsp.rfft(x);
      const sy = dsp.rfft(y);
      let err = 0;
      for (let i = 0; i < sm.length; i++) err = Math.max(err, Math.abs(sm[i] - (a * sx[i] + sy[i])));
      expect(err).toBeLessThanOrEqual(1e-6 * (peakOf(sx) * Math.abs(a) + peakOf(sy) + 1e-30));
    }), { numRuns: 40 });
  });

  it("amplitudeSpectrum(rect) is |rfft|·2/N with DC and Nyquist not doubled; power is amplitude²/2", () => {
    fc.assert(fc.property(frames, (x) => {
      const n = x.length;
      const s = dsp.rfft(x);
      const a = dsp.amplitudeSpectrum(x, "rect");
      const p = dsp.powerSpectrum(x, "rect");
      const scale = peakOf(a) + 1e-30;
      let ampErr = 0;
      let powErr = 0;
      for (let k = 0; k <= n / 2; k++) {
        const expected = (Math.hypot(s[2 * k], s[2 * k + 1]) * (k === 0 || k === n / 2 ? 1 : 2)) / n;
        ampErr = Math.max(ampErr, Math.abs(a[k] - expected));
        const pw = k === 0 ? a[k] * a[k] : (a[k] * a[k]) / 2;
        powErr = Math.max(powErr, Math.abs(p[k] - pw));
      }
      expect(ampErr).toBeLessThanOrEqual(1e-6 * scale);
      expect(powErr).toBeLessThanOrEqual(1e-5 * scale * scale);
    }), { numRuns: 40 });
  });
});
