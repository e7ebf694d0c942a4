// The Dsp implementation over one core instance. Data moves through typed-array views of the
// core's regions, built once and rebuilt only when its memory grows (growth detaches them);
// per-size output views are cached, so rfft/amplitudeSpectrum with `out` allocate nothing.
import type { CoreExports } from "./loader.ts";
import { InputGuard } from "./input_guard.ts";
import type { Dsp, EnvelopeScan, Peak, ParkVector, ScanLine, SignalStats, SymmetricalComponents, WindowKind } from "./types.ts";
import { type ScanHost, WasmEnvelopeScan } from "./envelope_scan.ts";

const MIN_FFT = 256;
const MAX_FFT = 65536;
const MIN_SEGMENT = 64;
const MAX_FILTER = 1 << 20;
// Every working region grows to the longest input seen (and WASM memory never shrinks), so
// long-record operations are capped at 4 Mi samples (about 16 MiB per region).
const MAX_SIGNAL = 1 << 22;
const MAX_PEAKS = 1024;
const RESULT_SLOTS = 4096;

/** DSP binding over a core instance; obtain it through `loadDsp()`. */
export class WasmDsp implements Dsp {
  readonly #core: CoreExports;
  readonly #guard = new InputGuard();
  #buffer!: ArrayBuffer;
  #capacity = 0;
  #a!: Float32Array;
  #b!: Float32Array;
  #c!: Float32Array;
  #o!: Float32Array;
  #r!: Float64Array;
  #pA = 0;
  #pB = 0;
  #pC = 0;
  // Cached sub-views by log2 size: complex bins (N+2), real bins (N/2+1), samples (N).
  #bins: Float32Array[] = [];
  #halfBins: Float32Array[] = [];
  #samples: Float32Array[] = [];
  // Counts overwrites of the accumulator region, where an envelope scan keeps its spectrum.
  #accEpoch = 0;
  #scanHost?: ScanHost;

  constructor(core: CoreExports) {
    this.#core = core;
    this.#reserve(MAX_FFT);
  }

  get rejectedInputs(): number {
    return this.#guard.rejected;
  }

  #reserve(n: number): void {
    if (n > this.#capacity) this.#core.reserve(n);
    this.#refresh();
  }

  /** Rebuilds the views when the memory grew (the core may grow it to cache twiddles). */
  #refresh(): void {
    const core = this.#core;
    if (this.#buffer === core.memory.buffer && this.#capacity === core.regionCapacity()) return;
    // New regions (capacity grew) hold no kept spectrum.
    if (this.#capacity !== core.regionCapacity()) this.#accEpoch++;
    this.#buffer = core.memory.buffer as ArrayBuffer;
    this.#capacity = core.regionCapacity();
    const cap = this.#capacity;
    this.#pA = core.ptrA();
    this.#pB = core.ptrB();
    this.#pC = core.ptrC();
    this.#a = new Float32Array(this.#buffer, this.#pA, cap);
    this.#b = new Float32Array(this.#buffer, this.#pB, cap);
    this.#c = new Float32Array(this.#buffer, this.#pC, cap);
    this.#o = new Float32Array(this.#buffer, core.ptrO(), cap + 2);
    this.#r = new Float64Array(this.#buffer, core.ptrR(), RESULT_SLOTS);
    this.#bins = [];
    this.#halfBins = [];
    this.#samples = [];
  }

  #binsView(log: number): Float32Array {
    return (this.#bins[log] ??= this.#o.subarray(0, (1 << log) + 2));
  }

  #halfBinsView(log: number): Float32Array {
    return (this.#halfBins[log] ??= this.#o.subarray(0, (1 << (log - 1)) + 1));
  }

  #samplesView(log: number): Float32Array {
    return (this.#samples[log] ??= this.#a.subarray(0, 1 << log));
  }

  /** Copies x into a region (A or C) and rejects NaN/Inf found by the core's SIMD scan. */
  #load(op: string, name: string, x: Float32Array, region: Float32Array, ptr: number): void {
    region.set(x);
    const bad = this.#core.firstNonFinite(ptr, x.length);
    if (bad >= 0) this.#guard.nonFinite(op, name, x, bad);
  }

  /**
   * Hot path: no separate NaN/Inf scan. Bin 0 is the plain (or windowed) sum of the input, and a
   * NaN or infinity anywhere makes it non-finite, so only then is the input searched for the
   * culprit (a finite input whose sum overflows is passed through as computed).
   */
  rfft(x: Float32Array, out?: Float32Array): Float32Array {
    const n = x instanceof Float32Array ? x.length : -1;
    if (n < MIN_FFT || n > MAX_FFT || (n & (n - 1)) !== 0) this.#rejectFrame("rfft", x);
    const res = out !== undefined && out instanceof Float32Array && out.length === n + 2 ? out : this.#guard.out("rfft", out, n + 2);
    if (this.#a.length === 0) this.#refresh();
    this.#a.set(x);
    const log = 31 - Math.clz32(n);
    this.#core.rfft(log);
    if (this.#o.length === 0) this.#refresh();
    const bins = this.#bins[log] ?? this.#binsView(log);
    if (!Number.isFinite(bins[0])) this.#rejectNonFinite("rfft", x);
    res.set(bins);
    return res;
  }

  /** Throws the precise error for a frame that failed the fast size check. */
  #rejectFrame(op: string, x: unknown): never {
    const g = this.#guard;
    const f = g.samples(op, "x", x, 1, MAX_FFT);
    g.powerOfTwo(op, "x.length", f.length, MIN_FFT, MAX_FFT);
    return g.fail(op, `x.length ${f.length} is not accepted`);
  }

  /** Names the first NaN/Inf of x, or returns when the input was finite (sum overflow). */
  #rejectNonFinite(op: string, x: Float32Array): void {
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(x[i])) this.#guard.nonFinite(op, "x", x, i);
    }
  }

  irfft(spectrum: Float32Array, out?: Float32Array): Float32Array {
    const g = this.#guard;
    g.samples("irfft", "spectrum", spectrum, MIN_FFT + 2, MAX_FFT + 2);
    const log = g.powerOfTwo("irfft", "spectrum.length - 2", spectrum.length - 2, MIN_FFT, MAX_FFT);
    const res = g.out("irfft", out, spectrum.length - 2);
    this.#refresh();
    const o = this.#binsView(log);
    o.set(spectrum);
    const bad = this.#core.firstNonFinite(this.#core.ptrO(), spectrum.length);
    if (bad >= 0) g.nonFinite("irfft", "spectrum", spectrum, bad);
    this.#core.irfft(log);
    this.#refresh();
    res.set(this.#samplesView(log));
    return res;
  }

  amplitudeSpectrum(x: Float32Array, window: WindowKind, out?: Float32Array): Float32Array {
    return this.#spectrum("amplitudeSpectrum", x, window, out, false);
  }

  powerSpectrum(x: Float32Array, window: WindowKind, out?: Float32Array): Float32Array {
    return this.#spectrum("powerSpectrum", x, window, out, true);
  }

  #spectrum(op: string, x: Float32Array, window: WindowKind, out: Float32Array | undefined, power: boolean): Float32Array {
    const n = x instanceof Float32Array ? x.length : -1;
    if (n < MIN_FFT || n > MAX_FFT || (n & (n - 1)) !== 0) this.#rejectFrame(op, x);
    // Interned string compares: cheaper than a keyed lookup on the hot path.
    const kind = window === "hann" ? 1 : window === "flattop" ? 2 : window === "rect" ? 0 : -1;
    if (kind < 0) {
      this.#guard.fail(op, `window must be "rect", "hann" or "flattop", got ${JSON.stringify(window)}`);
    }
    const half = (n >> 1) + 1;
    const res = out !== undefined && out instanceof Float32Array && out.length === half ? out : this.#guard.out(op, out, half);
    if (this.#a.length === 0) this.#refresh();
    this.#a.set(x);
    const log = 31 - Math.clz32(n);
    if (power) this.#core.powerSpectrum(log, kind);
    else this.#core.amplitudeSpectrum(log, kind);
    if (this.#o.length === 0) this.#refresh();
    const bins = this.#halfBins[log] ?? this.#halfBinsView(log);
    // As in rfft: bin 0 (a windowed sum) is non-finite iff some input is (or the sum overflowed).
    if (!Number.isFinite(bins[0])) this.#rejectNonFinite(op, x);
    res.set(bins);
    return res;
  }

  welchPsd(x: Float32Array, fs: number, segment: number, overlap = 0.5, out?: Float32Array): Float32Array {
    const op = "welchPsd";
    const g = this.#guard;
    g.positive(op, "fs", fs);
    const logL = g.powerOfTwo(op, "segment", segment, MIN_SEGMENT, MAX_FFT);
    g.samples(op, "x", x, segment, MAX_SIGNAL);
    if (typeof overlap !== "number" || !(overlap >= 0 && overlap < 1)) {
      g.fail(op, `overlap must be in [0, 1), got ${overlap}`);
    }
    const step = segment - Math.floor(segment * overlap);
    const res = g.out(op, out, (segment >> 1) + 1);
    this.#reserve(x.length);
    this.#load(op, "x", x, this.#c, this.#pC);
    this.#accEpoch++;
    this.#core.welch(x.length, logL, step, fs);
    this.#refresh();
    res.set(this.#halfBinsView(logL));
    return res;
  }

  bandpass(x: Float32Array, fs: number, lowHz: number, highHz: number, out?: Float32Array): Float32Array {
    const op = "bandpass";
    const g = this.#guard;
    g.samples(op, "x", x, 16, MAX_FILTER);
    g.band(op, fs, lowHz, highHz);
    const res = g.out(op, out, x.length);
    this.#reserve(this.#core.paddedLength(x.length));
    this.#load(op, "x", x, this.#c, this.#pC);
    this.#core.bandpass(x.length, fs, lowHz, highHz);
    this.#refresh();
    res.set(this.#a.subarray(0, x.length));
    return res;
  }

  envelope(x: Float32Array, out?: Float32Array): Float32Array {
    const op = "envelope";
    const g = this.#guard;
    g.samples(op, "x", x, 16, MAX_FILTER);
    const res = g.out(op, out, x.length);
    this.#reserve(this.#core.paddedLength(x.length));
    this.#load(op, "x", x, this.#c, this.#pC);
    this.#core.envelope(x.length);
    this.#refresh();
    res.set(this.#a.subarray(0, x.length));
    return res;
  }

  envelopeSpectrum(x: Float32Array, fs: number, lowHz: number, highHz: number): { spectrum: Float32Array; df: number } {
    const op = "envelopeSpectrum";
    const g = this.#guard;
    g.samples(op, "x", x, MIN_FFT, MAX_SIGNAL);
    g.band(op, fs, lowHz, highHz);
    const log = Math.min(31 - Math.clz32(x.length), 20);
    const n = 1 << log;
    this.#reserve(this.#core.paddedLength(n));
    this.#load(op, "x", n === x.length ? x : x.subarray(0, n), this.#c, this.#pC);
    this.#core.envelopeSpectrum(log, fs, lowHz, highHz);
    this.#refresh();
    return { spectrum: this.#halfBinsView(log).slice(), df: fs / n };
  }

  envelopeSpectra(x: Float32Array, fs: number, bands: ReadonlyArray<{ lowHz: number; highHz: number }>): Array<{ spectrum: Float32Array; df: number }> {
    const op = "envelopeSpectra";
    const g = this.#guard;
    g.samples(op, "x", x, MIN_FFT, MAX_SIGNAL);
    if (!Array.isArray(bands)) g.fail(op, `bands must be an array of { lowHz, highHz }, got ${typeof bands}`);
    bands.forEach((b, i) => {
      if (typeof b !== "object" || b === null) g.fail(op, `bands[${i}] must be { lowHz, highHz }, got ${String(b)}`);
      g.band(`${op} (bands[${i}])`, fs, b.lowHz, b.highHz);
    });
    const log = Math.min(31 - Math.clz32(x.length), 20);
    const n = 1 << log;
    const df = fs / n;
    if (bands.length === 0) return [];
    this.#reserve(this.#core.paddedLength(n));
    this.#load(op, "x", n === x.length ? x : x.subarray(0, n), this.#c, this.#pC);
    this.#accEpoch++;
    this.#core.envelopePrepare(log);
    return bands.map((b) => {
      this.#core.envelopeSpectrumPrepared(log, fs, b.lowHz, b.highHz);
      this.#refresh();
      return { spectrum: this.#halfBinsView(log).slice(), df };
    });
  }

  envelopeScan(x: Float32Array, fs: number, lines: readonly ScanLine[], oversampling = 4): EnvelopeScan {
    this.#scanHost ??= this.#makeScanHost();
    return new WasmEnvelopeScan(this.#scanHost, x, fs, lines, oversampling);
  }

  #makeScanHost(): ScanHost {
    const core = this.#core;
    return {
      core,
      guard: this.#guard,
      prepare: (x, log, op) => {
        const n = 1 << log;
        this.#refresh();
        this.#load(op, "x", n === x.length ? x : x.subarray(0, n), this.#c, this.#pC);
        const token = ++this.#accEpoch;
        core.envelopePrepare(log);
        this.#refresh();
        return token;
      },
      // Regions move only in #reserve (which refreshes); otherwise a grown memory detaches the
      // views (length 0), which is all these per-band calls need to check.
      isCurrent: (token) => {
        if (this.#r.length === 0) this.#refresh();
        return token === this.#accEpoch;
      },
      reserve: (n) => this.#reserve(n),
      results: () => {
        if (this.#r.length === 0) this.#refresh();
        return this.#r;
      },
      output: () => {
        if (this.#o.length === 0) this.#refresh();
        return this.#o;
      },
      bandStats: (x, fs, lowHz, highHz) => this.stats(this.bandpass(x, fs, lowHz, highHz)),
    };
  }

  stats(x: Float32Array): SignalStats {
    const op = "stats";
    this.#guard.samples(op, "x", x, 1, MAX_SIGNAL);
    this.#reserve(x.length);
    this.#load(op, "x", x, this.#a, this.#pA);
    this.#core.stats(x.length);
    this.#refresh();
    const r = this.#r;
    return { mean: r[0], rms: r[1], stdDev: r[2], peak: r[3], crestFactor: r[4], kurtosis: r[5], skewness: r[6] };
  }

  spectralKurtosis(x: Float32Array, fs: number, nfft: number): Float32Array {
    const op = "spectralKurtosis";
    const g = this.#guard;
    g.positive(op, "fs", fs);
    const log = g.powerOfTwo(op, "nfft", nfft, MIN_SEGMENT, MAX_FFT);
    g.samples(op, "x", x, nfft, MAX_SIGNAL);
    this.#reserve(x.length);
    this.#load(op, "x", x, this.#c, this.#pC);
    this.#accEpoch++;
    this.#core.spectralKurtosis(x.length, log);
    this.#refresh();
    return this.#halfBinsView(log).slice();
  }

  #loadSpectrum(op: string, spectrum: Float32Array, df: number): void {
    this.#guard.samples(op, "spectrum", spectrum, 1, MAX_SIGNAL);
    this.#guard.positive(op, "df", df);
    this.#reserve(spectrum.length);
    this.#load(op, "spectrum", spectrum, this.#a, this.#pA);
  }

  findPeaks(spectrum: Float32Array, df: number, fminHz: number, fmaxHz: number, maxPeaks: number, window?: WindowKind): Peak[] {
    const op = "findPeaks";
    const g = this.#guard;
    g.nonNegative(op, "fminHz", fminHz);
    g.finiteNumber(op, "fmaxHz", fmaxHz);
    if (fmaxHz < fminHz) g.fail(op, `fmaxHz (${fmaxHz}) must be >= fminHz (${fminHz})`);
    if (!Number.isInteger(maxPeaks) || maxPeaks < 1 || maxPeaks > MAX_PEAKS) {
      g.fail(op, `maxPeaks must be an integer in 1..${MAX_PEAKS}, got ${maxPeaks}`);
    }
    this.#loadSpectrum(op, spectrum, df);
    const kLo = Math.max(0, Math.ceil(fminHz / df));
    const kHi = Math.min(spectrum.length - 1, Math.floor(fmaxHz / df));
    if (kLo > kHi) return [];
    const count = this.#core.findPeaks(spectrum.length, df, kLo, kHi, maxPeaks, this.#refineMode(op, window));
    this.#refresh();
    const r = this.#r;
    const peaks: Peak[] = new Array(count);
    for (let j = 0; j < count; j++) peaks[j] = { freqHz: r[2 + 2 * j], amplitude: r[3 + 2 * j] };
    return peaks;
  }

  amplitudeAt(spectrum: Float32Array, df: number, freqHz: number, toleranceHz: number, window?: WindowKind): Peak {
    const op = "amplitudeAt";
    this.#guard.nonNegative(op, "toleranceHz", toleranceHz);
    const refine = this.#refineMode(op, window);
    this.#loadSpectrum(op, spectrum, df);
    return this.#peakNear(op, "freqHz", spectrum.length, df, freqHz, toleranceHz, refine);
  }

  amplitudesAt(spectrum: Float32Array, df: number, freqsHz: ArrayLike<number>, tolerancesHz: ArrayLike<number>, window?: WindowKind): Peak[] {
    const op = "amplitudesAt";
    const g = this.#guard;
    if (freqsHz === null || typeof freqsHz !== "object" || typeof freqsHz.length !== "number") g.fail(op, `freqsHz must be an array of numbers, got ${String(freqsHz)}`);
    if (tolerancesHz === null || typeof tolerancesHz !== "object" || tolerancesHz.length !== freqsHz.length) {
      g.fail(op, `tolerancesHz must be an array of ${freqsHz.length} numbers (one per line), got ${tolerancesHz === null || typeof tolerancesHz !== "object" ? String(tolerancesHz) : `${tolerancesHz.length}`}`);
    }
    for (let i = 0; i < tolerancesHz.length; i++) g.nonNegative(op, `tolerancesHz[${i}]`, tolerancesHz[i]!);
    const refine = this.#refineMode(op, window);
    this.#loadSpectrum(op, spectrum, df);
    const out: Peak[] = new Array(freqsHz.length);
    for (let i = 0; i < freqsHz.length; i++) out[i] = this.#peakNear(op, `freqsHz[${i}]`, spectrum.length, df, freqsHz[i]!, tolerancesHz[i]!, refine);
    return out;
  }

  #peakNear(op: string, name: string, bins: number, df: number, freqHz: number, tol: number, mode: number): Peak {
    const top = (bins - 1) * df;
    if (typeof freqHz !== "number" || !Number.isFinite(freqHz) || freqHz < 0 || freqHz > top) {
      this.#guard.fail(op, `${name} = ${freqHz} Hz is outside the spectrum 0..${top} Hz`);
    }
    let kLo = Math.max(0, Math.ceil((freqHz - tol) / df));
    let kHi = Math.min(bins - 1, Math.floor((freqHz + tol) / df));
    if (kLo > kHi) kLo = kHi = Math.min(bins - 1, Math.round(freqHz / df));
    this.#core.peakWithin(bins, df, kLo, kHi, mode);
    this.#refresh();
    return { freqHz: this.#r[0], amplitude: this.#r[1] };
  }

  sidebandsDb(spectrum: Float32Array, df: number, carrierHz: number, offsetsHz: number[], toleranceHz: number, window?: WindowKind): { carrier: Peak; sidebands: Peak[]; levelsDb: number[] } {
    const op = "sidebandsDb";
    const g = this.#guard;
    g.nonNegative(op, "toleranceHz", toleranceHz);
    if (!Array.isArray(offsetsHz)) g.fail(op, `offsetsHz must be an array of numbers, got ${typeof offsetsHz}`);
    offsetsHz.forEach((o, i) => g.finiteNumber(op, `offsetsHz[${i}]`, o));
    const refine = this.#refineMode(op, window);
    this.#loadSpectrum(op, spectrum, df);
    const top = (spectrum.length - 1) * df;
    offsetsHz.forEach((o, i) => {
      const f = carrierHz + o;
      if (!(f >= 0 && f <= top)) g.fail(op, `carrierHz + offsetsHz[${i}] = ${f} Hz is outside the spectrum 0..${top} Hz`);
    });
    const carrier = this.#peakNear(op, "carrierHz", spectrum.length, df, carrierHz, toleranceHz, refine);
    if (!(carrier.amplitude > 0)) g.fail(op, `the carrier near ${carrierHz} Hz has amplitude ${carrier.amplitude}; levels need a carrier > 0`);
    const sidebands = offsetsHz.map((o, i) =>
      this.#peakNear(op, `carrierHz + offsetsHz[${i}]`, spectrum.length, df, carrierHz + o, toleranceHz, refine));
    const levelsDb = sidebands.map((s) => 20 * Math.log10(s.amplitude / carrier.amplitude));
    return { carrier, sidebands, levelsDb };
  }

  /**
   * Peak refinement for a spectrum made with `window` (see wasm/assembly/peaks.ts refine):
   * 0 parabola (window unknown), 1 flat-top (bin level kept), 2 Hann and 3 rect (exact lobe).
   */
  #refineMode(op: string, window: WindowKind | undefined): number {
    if (window === undefined) return 0;
    const mode = window === "flattop" ? 1 : window === "hann" ? 2 : window === "rect" ? 3 : -1;
    if (mode < 0) this.#guard.fail(op, `window must be "rect", "hann" or "flattop", got ${JSON.stringify(window)}`);
    return mode;
  }

  #loadPhases(op: string, ia: Float32Array, ib: Float32Array, ic: Float32Array, min: number): void {
    const g = this.#guard;
    g.samples(op, "ia", ia, min, MAX_SIGNAL);
    g.samples(op, "ib", ib, min, MAX_SIGNAL);
    g.samples(op, "ic", ic, min, MAX_SIGNAL);
    g.sameLength(op, ia, ib, ic);
    this.#reserve(ia.length);
    this.#load(op, "ia", ia, this.#a, this.#pA);
    this.#load(op, "ib", ib, this.#b, this.#pB);
    this.#load(op, "ic", ic, this.#c, this.#pC);
  }

  symmetricalComponents(ia: Float32Array, ib: Float32Array, ic: Float32Array, fs: number, fHz: number): SymmetricalComponents {
    const op = "symmetricalComponents";
    const g = this.#guard;
    g.positive(op, "fs", fs);
    g.positive(op, "fHz", fHz);
    if (fHz >= fs / 2) g.fail(op, `fHz must be below fs/2 = ${fs / 2}, got ${fHz}`);
    this.#loadPhases(op, ia, ib, ic, 16);
    this.#core.symmetrical(ia.length, fs, fHz);
    this.#refresh();
    const r = this.#r;
    return {
      i1: r[0], i2: r[1], i0: r[2], unbalance: r[3],
      magnitudes: [r[4], r[5], r[6]],
      anglesRad: [r[7], r[8], r[9]],
    };
  }

  parkVector(ia: Float32Array, ib: Float32Array, ic: Float32Array): ParkVector {
    const op = "parkVector";
    this.#loadPhases(op, ia, ib, ic, 3);
    this.#core.park(ia.length);
    this.#refresh();
    const r = this.#r;
    return { ellipticity: r[0], majorAxis: r[1], minorAxis: r[2], angleRad: r[3] };
  }
}
