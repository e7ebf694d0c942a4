// The real FFT and its inverse against numpy.fft.rfft reference vectors.
import assert from "node:assert/strict";
import type { DspCase } from "./dsp_case.ts";
import { referenceCase, relativeError } from "./reference.ts";

/** Stated FFT accuracy: max error relative to the largest bin. */
export const FFT_TOLERANCE = 2e-7;

function seeded(n: number, seed: number): Float32Array {
  const x = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 32 - 0.5 + Math.sin(i * 0.01);
  }
  return x;
}

export const fftCases: DspCase[] = [
  ...["rfft_256", "rfft_1024", "rfft_4096", "rfft_16384", "rfft_cwru_4096"].map((name): DspCase => ({
    name: `${name} matches numpy.fft.rfft within ${FFT_TOLERANCE} of the largest bin`,
    async run(dsp) {
      const ref = await referenceCase(name);
      const err = relativeError(dsp.rfft(ref.inputs[0]), ref.expected);
      assert.ok(err <= FFT_TOLERANCE, `${name}: relative error ${err}`);
    },
  })),
  {
    name: "every size 256..65536 matches a float64 DFT at sampled bins and round-trips through irfft",
    run(dsp) {
      for (let log = 8; log <= 16; log++) {
        const n = 1 << log;
        const x = seeded(n, log);
        const spec = dsp.rfft(x);
        assert.equal(spec.length, n + 2);
        const bins = [0, 1, 2, 3, 7, n / 8 + 1, n / 4, n / 2 - 1, n / 2];
        let maxErr = 0;
        let maxMag = 0;
        for (let k = 0; k <= n / 2; k++) maxMag = Math.max(maxMag, Math.hypot(spec[2 * k], spec[2 * k + 1]));
        for (const k of bins) {
          let re = 0;
          let im = 0;
          for (let t = 0; t < n; t++) {
            const a = (-2 * Math.PI * ((k * t) % n)) / n;
            re += x[t] * Math.cos(a);
            im += x[t] * Math.sin(a);
          }
          maxErr = Math.max(maxErr, Math.hypot(re - spec[2 * k], im - spec[2 * k + 1]));
        }
        assert.ok(maxErr / maxMag <= FFT_TOLERANCE, `n=${n}: relative error ${maxErr / maxMag}`);
        const back = dsp.irfft(spec);
        let rt = 0;
        let peak = 0;
        for (let i = 0; i < n; i++) {
          rt = Math.max(rt, Math.abs(back[i] - x[i]));
          peak = Math.max(peak, Math.abs(x[i]));
        }
        assert.ok(rt / peak <= 2e-6, `n=${n}: irfft(rfft(x)) error ${rt / peak}`);
      }
    },
  },
  {
    name: "rfft writes into a caller's buffer and returns it",
    async run(dsp) {
      const ref = await referenceCase("rfft_1024");
      const out = new Float32Array(1026);
      const got = dsp.rfft(ref.inputs[0], out);
      assert.equal(got, out);
      assert.ok(relativeError(out, ref.expected) <= FFT_TOLERANCE);
    },
  },
];
