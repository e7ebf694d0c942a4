// Spectra and features against the numpy reference vectors, each with its stated tolerance.
import assert from "node:assert/strict";
import type { DspCase } from "./dsp_case.ts";
import { referenceCase, relativeError } from "./reference.ts";
import type { WindowKind } from "../../../wasm/mod.ts";

function within(label: string, err: number, tol: number): void {
  assert.ok(err <= tol, `${label}: error ${err} > tolerance ${tol}`);
}

function scalars(label: string, got: number[], expected: Float64Array, relTol: number): void {
  got.forEach((g, i) => {
    const e = expected[i];
    const err = Math.abs(g - e) / Math.max(Math.abs(e), 1e-9);
    assert.ok(err <= relTol, `${label}[${i}]: got ${g}, expected ${e} (relative error ${err} > ${relTol})`);
  });
}

export const featureCases: DspCase[] = [
  ...(["rect", "hann", "flattop"] as WindowKind[]).map((w): DspCase => ({
    name: `amplitudeSpectrum(${w}) matches numpy within 1e-6 of the largest bin`,
    async run(dsp) {
      const ref = await referenceCase(`amplitude_${w}`);
      within(w, relativeError(dsp.amplitudeSpectrum(ref.inputs[0], w), ref.expected), 1e-6);
    },
  })),
  {
    name: "powerSpectrum(hann) matches numpy within 2e-6 of the largest bin",
    async run(dsp) {
      const ref = await referenceCase("power_hann");
      within("power", relativeError(dsp.powerSpectrum(ref.inputs[0], "hann"), ref.expected), 2e-6);
    },
  },
  ...[["welch_1024_50", 1024, 0.5], ["welch_512_75", 512, 0.75]].map(([name, seg, ov]): DspCase => ({
    name: `welchPsd (segment ${seg}, overlap ${ov}) matches scipy-semantics Welch within 1e-5 of the peak`,
    async run(dsp) {
      const ref = await referenceCase(name as string);
      const got = dsp.welchPsd(ref.inputs[0], ref.params.fs as number, seg as number, ov as number);
      within(name as string, relativeError(got, ref.expected), 1e-5);
    },
  })),
  {
    name: "spectralKurtosis matches numpy within 1e-3 absolute in every bin",
    async run(dsp) {
      const ref = await referenceCase("sk_256");
      const got = dsp.spectralKurtosis(ref.inputs[0], ref.params.fs as number, 256);
      let err = 0;
      for (let k = 0; k < got.length; k++) err = Math.max(err, Math.abs(got[k] - ref.expected[k]));
      within("sk", err, 1e-3);
    },
  },
  {
    name: "stats match numpy moments within 1e-9 relative",
    async run(dsp) {
      const ref = await referenceCase("stats");
      const s = dsp.stats(ref.inputs[0]);
      scalars("stats", [s.mean, s.rms, s.stdDev, s.peak, s.crestFactor, s.kurtosis, s.skewness], ref.expected, 1e-9);
    },
  },
  {
    name: "stats of lengths 1..9 and 4097 (SIMD body plus scalar tail) match float64 moments",
    run(dsp) {
      for (const n of [1, 2, 3, 4, 5, 6, 7, 9, 4097]) {
        const x = new Float32Array(n).map((_, i) => Math.sin(i * 1.3) * 3 + (i % 5) - 1.5);
        const mean = x.reduce((a, v) => a + v, 0) / n;
        let m2 = 0, m3 = 0, m4 = 0, sq = 0, peak = 0;
        for (const v of x) {
          const d = v - mean;
          m2 += d * d; m3 += d ** 3; m4 += d ** 4; sq += v * v; peak = Math.max(peak, Math.abs(v));
        }
        m2 /= n; m3 /= n; m4 /= n;
        const rms = Math.sqrt(sq / n);
        const s = dsp.stats(x);
        const want = [mean, rms, Math.sqrt(m2), peak, peak / rms, m2 > 0 ? m4 / (m2 * m2) : 0, m2 > 0 ? m3 / m2 ** 1.5 : 0];
        scalars(`stats n=${n}`, [s.mean, s.rms, s.stdDev, s.peak, s.crestFactor, s.kurtosis, s.skewness], Float64Array.from(want), 1e-9);
      }
    },
  },
  {
    name: "bandpass of a 3000-sample signal matches the float64 algorithm within 1e-5 of its peak",
    async run(dsp) {
      const ref = await referenceCase("bandpass_3000");
      const p = ref.params;
      const got = dsp.bandpass(ref.inputs[0], p.fs as number, p.lowHz as number, p.highHz as number);
      within("bandpass", relativeError(got, ref.expected), 1e-5);
    },
  },
  {
    name: "envelope of a 3000-sample signal matches the float64 FFT Hilbert transform within 1e-5",
    async run(dsp) {
      const ref = await referenceCase("envelope_3000");
      within("envelope", relativeError(dsp.envelope(ref.inputs[0]), ref.expected), 1e-5);
    },
  },
  {
    name: "envelopeSpectrum of a bearing-like signal matches the float64 chain within 1e-5 of its peak",
    async run(dsp) {
      const ref = await referenceCase("envelope_spectrum_8192");
      const p = ref.params;
      const got = dsp.envelopeSpectrum(ref.inputs[0], p.fs as number, p.lowHz as number, p.highHz as number);
      assert.equal(got.df, (p.fs as number) / 8192);
      within("envelopeSpectrum", relativeError(got.spectrum, ref.expected), 1e-5);
    },
  },
  {
    name: "symmetricalComponents of an unbalanced distorted set match numpy within 1e-9",
    async run(dsp) {
      const ref = await referenceCase("symmetrical_50hz");
      const [a, b, c] = ref.inputs;
      const s = dsp.symmetricalComponents(a, b, c, ref.params.fs as number, ref.params.fHz as number);
      scalars("symmetrical", [s.i1, s.i2, s.i0, s.unbalance, ...s.magnitudes, ...s.anglesRad], ref.expected, 1e-9);
    },
  },
  {
    name: "parkVector matches the numpy covariance eigen-decomposition within 1e-9",
    async run(dsp) {
      const ref = await referenceCase("park");
      const [a, b, c] = ref.inputs;
      const pv = dsp.parkVector(a, b, c);
      scalars("park", [pv.ellipticity, pv.majorAxis, pv.minorAxis, pv.angleRad], ref.expected, 1e-9);
    },
  },
];
