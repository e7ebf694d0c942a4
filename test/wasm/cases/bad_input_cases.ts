// Every entry point rejects bad input with DspError("DSP_INVALID_INPUT"), a message naming the
// operation, argument and value, and a counted rejection.
import assert from "node:assert/strict";
import type { DspCase } from "./dsp_case.ts";
import { DspError, type Dsp } from "../../../wasm/mod.ts";

const ok = new Float32Array(1024).map((_, i) => Math.sin(i / 10));
const withNaN = ok.slice();
withNaN[17] = NaN;
const withInf = ok.slice();
withInf[1000] = Infinity;

type Call = [label: string, call: (dsp: Dsp) => unknown, message: RegExp];

const calls: Call[] = [
  ["rfft of 1000 samples", (d) => d.rfft(new Float32Array(1000)), /Cannot compute rfft: x\.length must be a power of two in 256\.\.65536, got 1000/],
  ["rfft of 128 samples", (d) => d.rfft(new Float32Array(128)), /must be >= 1, got|power of two in 256\.\.65536, got 128/],
  ["rfft of 131072 samples", (d) => d.rfft(new Float32Array(131072)), /x\.length must be <= 65536, got 131072/],
  ["rfft of an empty array", (d) => d.rfft(new Float32Array(0)), /Cannot compute rfft: x is empty/],
  ["rfft of a number[]", (d) => d.rfft([1, 2, 3] as unknown as Float32Array), /x must be a Float32Array, got Array\(3\)/],
  ["rfft with NaN", (d) => d.rfft(withNaN), /x\[17\] is NaN/],
  ["rfft with Infinity", (d) => d.rfft(withInf), /x\[1000\] is Infinity/],
  ["amplitudeSpectrum(hann) with Infinity where the window is 0", (d) => { const x = ok.slice(); x[0] = Infinity; return d.amplitudeSpectrum(x, "hann"); }, /x\[0\] is Infinity/],
  ["amplitudeSpectrum(flattop) with -Infinity and NaN", (d) => { const x = ok.slice(); x[5] = -Infinity; x[9] = NaN; return d.amplitudeSpectrum(x, "flattop"); }, /x\[5\] is -Infinity/],
  ["rfft into a short out", (d) => d.rfft(ok, new Float32Array(10)), /out must be a Float32Array of length 1026, got Float32Array\(10\)/],
  ["irfft of a wrong length", (d) => d.irfft(new Float32Array(1000)), /spectrum\.length - 2 must be a power of two/],
  ["amplitudeSpectrum with an unknown window", (d) => d.amplitudeSpectrum(ok, "hamming" as "hann"), /window must be "rect", "hann" or "flattop", got "hamming"/],
  ["powerSpectrum with NaN", (d) => d.powerSpectrum(withNaN, "hann"), /powerSpectrum: x\[17\] is NaN/],
  ["welchPsd with fs = -5", (d) => d.welchPsd(ok, -5, 256), /Cannot compute welchPsd: fs must be a finite number > 0, got -5/],
  ["welchPsd with fs = 0", (d) => d.welchPsd(ok, 0, 256), /fs must be a finite number > 0, got 0/],
  ["welchPsd with segment 300", (d) => d.welchPsd(ok, 1000, 300), /segment must be a power of two in 64\.\.65536, got 300/],
  ["welchPsd shorter than a segment", (d) => d.welchPsd(ok, 1000, 2048), /x\.length must be >= 2048, got 1024/],
  ["welchPsd with overlap 1", (d) => d.welchPsd(ok, 1000, 256, 1), /overlap must be in \[0, 1\), got 1/],
  ["bandpass above fs/2", (d) => d.bandpass(ok, 1000, 100, 600), /band 100\.\.600 Hz must satisfy 0 <= lowHz < highHz <= fs\/2 = 500/],
  ["bandpass inverted band", (d) => d.bandpass(ok, 1000, 300, 200), /band 300\.\.200 Hz/],
  ["bandpass negative low", (d) => d.bandpass(ok, 1000, -1, 200), /band -1\.\.200 Hz/],
  ["bandpass of 8 samples", (d) => d.bandpass(new Float32Array(8), 1000, 10, 200), /x\.length must be >= 16, got 8/],
  ["envelope with Infinity", (d) => d.envelope(withInf), /envelope: x\[1000\] is Infinity/],
  ["envelopeSpectrum of 100 samples", (d) => d.envelopeSpectrum(new Float32Array(100), 1000, 10, 200), /x\.length must be >= 256, got 100/],
  ["envelopeSpectrum with NaN fs", (d) => d.envelopeSpectrum(ok, NaN, 10, 200), /fs must be a finite number > 0, got NaN/],
  ["stats of 2^22 + 1 samples", (d) => d.stats(new Float32Array((1 << 22) + 1)), /x\.length must be <= 4194304, got 4194305/],
  ["stats of nothing", (d) => d.stats(new Float32Array(0)), /Cannot compute stats: x is empty/],
  ["spectralKurtosis with nfft 100", (d) => d.spectralKurtosis(ok, 1000, 100), /nfft must be a power of two in 64\.\.65536, got 100/],
  ["findPeaks with maxPeaks 0", (d) => d.findPeaks(ok, 1, 0, 100, 0), /maxPeaks must be an integer in 1\.\.1024, got 0/],
  ["findPeaks with df 0", (d) => d.findPeaks(ok, 0, 0, 100, 3), /df must be a finite number > 0, got 0/],
  ["findPeaks with fmax < fmin", (d) => d.findPeaks(ok, 1, 100, 50, 3), /fmaxHz \(50\) must be >= fminHz \(100\)/],
  ["amplitudeAt beyond the spectrum", (d) => d.amplitudeAt(ok, 1, 5000, 1), /freqHz = 5000 Hz is outside the spectrum 0\.\.1023 Hz/],
  ["amplitudeAt with negative tolerance", (d) => d.amplitudeAt(ok, 1, 50, -1), /toleranceHz must be a finite number >= 0, got -1/],
  ["sidebandsDb with a sideband below 0 Hz", (d) => d.sidebandsDb(ok, 1, 50, [-60], 1), /carrierHz \+ offsetsHz\[0\] = -10 Hz is outside the spectrum/],
  ["sidebandsDb with a NaN offset", (d) => d.sidebandsDb(ok, 1, 50, [1, NaN], 1), /offsetsHz\[1\] must be a finite number, got NaN/],
  ["sidebandsDb with a silent carrier", (d) => d.sidebandsDb(new Float32Array(100), 1, 50, [1], 1), /carrier near 50 Hz has amplitude 0/],
  ["symmetricalComponents of unequal phases", (d) => d.symmetricalComponents(ok, ok, ok.subarray(0, 500), 1000, 50), /phases must have equal lengths, got 1024, 1024, 500/],
  ["symmetricalComponents at fs/2", (d) => d.symmetricalComponents(ok, ok, ok, 1000, 500), /fHz must be below fs\/2 = 500, got 500/],
  ["symmetricalComponents with NaN in ib", (d) => d.symmetricalComponents(ok, withNaN, ok, 1000, 50), /ib\[17\] is NaN/],
  ["parkVector with Infinity in ic", (d) => d.parkVector(ok, ok, withInf), /parkVector: ic\[1000\] is Infinity/],
];

export const badInputCases: DspCase[] = [
  ...calls.map(([label, call, message]): DspCase => ({
    name: `rejects ${label} with DSP_INVALID_INPUT and counts it`,
    run(dsp) {
      const before = dsp.rejectedInputs;
      assert.throws(() => call(dsp), (e: unknown) => {
        assert.ok(e instanceof DspError, `expected DspError, got ${String(e)}`);
        assert.equal(e.code, "DSP_INVALID_INPUT");
        assert.match(e.message, message);
        return true;
      });
      assert.equal(dsp.rejectedInputs, before + 1);
    },
  })),
  {
    name: "a rejected call leaves the core usable",
    run(dsp) {
      assert.throws(() => dsp.rfft(withNaN));
      const spec = dsp.rfft(ok);
      assert.ok(Number.isFinite(spec[0]) && spec.every(Number.isFinite));
    },
  },
];
