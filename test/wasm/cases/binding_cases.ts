// The binding's own promises: one instance, views that survive memory growth, caller buffers
// honoured, results that never alias the core's memory.
import assert from "node:assert/strict";
import type { DspCase } from "./dsp_case.ts";
import { loadDsp } from "../../../wasm/mod.ts";

function tone(n: number, cyclesPerSample: number): Float32Array {
  return new Float32Array(n).map((_, i) => Math.cos(2 * Math.PI * cyclesPerSample * i));
}

export const bindingCases: DspCase[] = [
  {
    name: "loadDsp returns one shared instance",
    async run(dsp) {
      assert.equal(await loadDsp(), dsp);
      assert.equal(await loadDsp(), await loadDsp());
    },
  },
  {
    name: "results stay correct after the core's memory grows (views rebuilt)",
    run(dsp) {
      const x = tone(4096, 0.125);
      const before = dsp.amplitudeSpectrum(x, "rect");
      // A long signal forces every region to grow: the old views are detached.
      const long = new Float32Array(1 << 21).map((_, i) => Math.sin(i / 7));
      const st = dsp.stats(long);
      assert.ok(Math.abs(st.rms - Math.SQRT1_2) < 1e-3, `rms ${st.rms}`);
      const after = dsp.amplitudeSpectrum(x, "rect");
      assert.deepEqual(Array.from(after), Array.from(before));
      assert.ok(Math.abs(after[512] - 1) < 1e-6);
    },
  },
  {
    name: "returned arrays are copies: a later call does not change an earlier result",
    run(dsp) {
      const a = dsp.rfft(tone(1024, 0.25));
      const snapshot = Array.from(a);
      dsp.rfft(tone(1024, 0.125));
      assert.deepEqual(Array.from(a), snapshot);
      const e1 = dsp.envelopeSpectrum(tone(1024, 0.1), 1000, 50, 200).spectrum;
      const copy = Array.from(e1);
      dsp.envelopeSpectrum(tone(1024, 0.15), 1000, 50, 200);
      assert.deepEqual(Array.from(e1), copy);
    },
  },
  {
    name: "caller-supplied out buffers are filled and returned for every signal-shaped result",
    run(dsp) {
      const x = tone(2048, 0.1);
      const amp = new Float32Array(1025);
      assert.equal(dsp.amplitudeSpectrum(x, "hann", amp), amp);
      assert.ok(Math.abs(Math.max(...amp) - 1) < 0.2);
      const pw = new Float32Array(1025);
      assert.equal(dsp.powerSpectrum(x, "flattop", pw), pw);
      const back = new Float32Array(2048);
      assert.equal(dsp.irfft(dsp.rfft(x), back), back);
      assert.ok(Math.abs(back[100] - x[100]) < 1e-5);
      const bp = new Float32Array(2048);
      assert.equal(dsp.bandpass(x, 1000, 50, 150, bp), bp);
      const env = new Float32Array(2048);
      assert.equal(dsp.envelope(x, env), env);
      const psd = new Float32Array(129);
      assert.equal(dsp.welchPsd(x, 1000, 256, 0.5, psd), psd);
    },
  },
  {
    name: "a finite input whose sum overflows float32 is transformed, not rejected",
    run(dsp) {
      const x = new Float32Array(1024).fill(3e38);
      const before = dsp.rejectedInputs;
      const spec = dsp.rfft(x);
      assert.equal(spec[0], Infinity);
      assert.equal(dsp.rejectedInputs, before);
    },
  },
  {
    name: "bandpass and envelope accept every length from 16 to 300 samples",
    run(dsp) {
      for (let n = 16; n <= 300; n++) {
        const x = tone(n, 0.25);
        const env = dsp.envelope(x);
        const bp = dsp.bandpass(x, 1, 0.2, 0.3);
        assert.equal(env.length, n);
        assert.ok(env.every(Number.isFinite) && bp.every(Number.isFinite), `n=${n}`);
        // A steady tone at fs/4 has envelope 1 away from the ends (short records are all ends).
        if (n < 64) continue;
        const mid = env[n >> 1];
        assert.ok(Math.abs(mid - 1) < 0.02, `n=${n}: envelope ${mid} mid-record`);
        assert.ok(Math.abs(bp[n >> 1] - x[n >> 1]) < 0.05, `n=${n}: in-band tone changed to ${bp[n >> 1]}`);
      }
    },
  },
  {
    name: "inputs are never modified",
    run(dsp) {
      const x = tone(4096, 0.3);
      const copy = x.slice();
      dsp.rfft(x);
      dsp.amplitudeSpectrum(x, "hann");
      dsp.envelopeSpectrum(x, 1000, 100, 400);
      dsp.welchPsd(x, 1000, 512);
      assert.deepEqual(x, copy);
    },
  },
];
