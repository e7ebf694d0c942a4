// The envelope-line scan session of the binding (Dsp.envelopeScan): validates the lines once,
// keeps the signal's padded spectrum in the core and reads each band's lines with one core call.
import type { CoreExports } from "./loader.ts";
import type { InputGuard } from "./input_guard.ts";
import type { EnvelopeScan, ScanLine, SignalStats } from "./types.ts";

/** What the scan needs from the binding that owns the core. */
export interface ScanHost {
  readonly core: CoreExports;
  readonly guard: InputGuard;
  /** Loads x[0..2^log) into the core and keeps its padded spectrum; returns a validity token. */
  prepare(x: Float32Array, log: number, op: string): number;
  /** Whether the kept spectrum is still the one `prepare` returned `token` for. */
  isCurrent(token: number): boolean;
  /** Makes the core's working regions hold at least n floats. */
  reserve(n: number): void;
  /** Result slots (f64), valid until the next call that grows memory. */
  results(): Float64Array;
  /** The spectrum output region (f32), valid until the next call that grows memory. */
  output(): Float32Array;
  /** stats(bandpass(x)) through the public binding, for signals not a power of two long. */
  bandStats(x: Float32Array, fs: number, lowHz: number, highHz: number): SignalStats;
}

/** Slots of one line in the core's line table (see wasm/assembly/envelope_scan.ts lineLevels). */
const LINE_SLOTS = 6;
/** Most lines one scan reads: the line table and the results (3 slots each) fit the result area. */
export const MAX_SCAN_LINES = 400;

/**
 * A line as bin indices (the core's line table): the peak search kLo..kHi of a search over
 * spectrum[0..reach) at df (as amplitudeAt: the nearest bin when the window holds none), and the
 * background bins bgLo..bgHi (from bin 1, below `bins`) without the excluded run exLo..exHi
 * (exLo > exHi when nothing is excluded). The exclusion is tested bin by bin with the same
 * arithmetic as a per-bin reading, so the table selects exactly the same bins.
 */
function lineTable(l: ScanLine, df: number, reach: number, bins: number): number[] {
  let kLo = Math.max(0, Math.ceil((l.hz - l.toleranceHz) / df));
  let kHi = Math.min(reach - 1, Math.floor((l.hz + l.toleranceHz) / df));
  if (kLo > kHi) kLo = kHi = Math.min(reach - 1, Math.round(l.hz / df));
  const bgLo = Math.max(1, Math.floor((l.hz - l.backgroundHalfWidthHz) / df));
  const bgHi = Math.min(bins - 1, Math.ceil((l.hz + l.backgroundHalfWidthHz) / df));
  let exLo = 1;
  let exHi = 0;
  for (let k = bgLo; k <= bgHi; k++) {
    if (!(Math.abs(k * df - l.hz) > l.backgroundExcludeHz)) {
      if (exLo > exHi) exLo = k;
      exHi = k;
    }
  }
  return [kLo, kHi, bgLo, exLo, exHi, bgHi];
}
/** Smallest decimated analytic-signal length (complex points). */
const MIN_DECIMATED = 64;
const OP = "envelopeScan";

/** An {@link EnvelopeScan} over one core. */
export class WasmEnvelopeScan implements EnvelopeScan {
  readonly df: number;
  readonly bins: number;
  readonly #host: ScanHost;
  readonly #x: Float32Array;
  readonly #fs: number;
  readonly #log: number;
  readonly #n: number;
  readonly #p: number;
  readonly #lines: Float64Array;
  readonly #count: number;
  readonly #oversampling: number;
  /** Bins a peak search treats as the spectrum's end (as a search over spectrum[0..reach)). */
  readonly #reach: number;
  /** Highest bin a background median reads. */
  readonly #highest: number;
  #token: number;

  constructor(host: ScanHost, x: Float32Array, fs: number, lines: readonly ScanLine[], oversampling: number) {
    const g = host.guard;
    g.samples(OP, "x", x, 256, 1 << 22);
    g.positive(OP, "fs", fs);
    if (!Array.isArray(lines)) g.fail(OP, `lines must be an array of { hz, toleranceHz, backgroundHalfWidthHz, backgroundExcludeHz }, got ${typeof lines}`);
    if (lines.length > MAX_SCAN_LINES) g.fail(OP, `at most ${MAX_SCAN_LINES} lines, got ${lines.length}`);
    if (typeof oversampling !== "number" || !(oversampling >= 1)) g.fail(OP, `oversampling must be a number >= 1 (Infinity: no decimation), got ${oversampling}`);
    this.#host = host;
    this.#x = x;
    this.#fs = fs;
    this.#log = Math.min(31 - Math.clz32(x.length), 20);
    this.#n = 1 << this.#log;
    this.#p = host.core.paddedLength(this.#n);
    this.df = fs / this.#n;
    this.bins = (this.#n >> 1) + 1;
    this.#oversampling = oversampling;
    this.#count = lines.length;
    this.#lines = new Float64Array(LINE_SLOTS * lines.length);
    const df = this.df;
    const topHz = (this.bins - 1) * df;
    let reach = 0;
    let highest = 0;
    lines.forEach((l, i) => {
      if (typeof l !== "object" || l === null) g.fail(OP, `lines[${i}] must be { hz, toleranceHz, backgroundHalfWidthHz, backgroundExcludeHz }, got ${String(l)}`);
      g.finiteNumber(OP, `lines[${i}].hz`, l.hz);
      if (!(l.hz > 0 && l.hz <= topHz)) g.fail(OP, `lines[${i}].hz = ${l.hz} Hz is outside the envelope spectrum 0..${topHz} Hz`);
      g.nonNegative(OP, `lines[${i}].toleranceHz`, l.toleranceHz);
      g.nonNegative(OP, `lines[${i}].backgroundHalfWidthHz`, l.backgroundHalfWidthHz);
      g.nonNegative(OP, `lines[${i}].backgroundExcludeHz`, l.backgroundExcludeHz);
      // A search over spectrum[0..reach) (as amplitudeAt): its range and the refinement's neighbours.
      reach = Math.max(reach, Math.min(this.bins, Math.floor((l.hz + l.toleranceHz) / df) + 3));
      const bgHi = Math.min(this.bins - 1, Math.ceil((l.hz + l.backgroundHalfWidthHz) / df));
      highest = Math.max(highest, bgHi);
    });
    this.#reach = Math.max(reach, 1);
    this.#highest = highest;
    lines.forEach((l, i) => this.#lines.set(lineTable(l, df, this.#reach, this.bins), LINE_SLOTS * i));
    // The decimated transform may be as long as the padded signal: A then holds 2p floats.
    host.reserve(2 * this.#p);
    this.#token = host.prepare(x, this.#log, OP);
  }

  /** The decimated length for a band: `oversampling` × its bins, all line bins, a power of two. */
  #decimatedLog(lowHz: number, highHz: number): number {
    const g = this.#host.guard;
    g.band(OP, this.#fs, lowHz, highHz);
    const dfp = this.#fs / this.#p;
    const tw = Math.max(4 * dfp, 0.1 * (highHz - lowHz));
    const bandBins = Math.ceil((highHz + tw) / dfp) - Math.floor((lowHz - tw) / dfp);
    // Envelope spectrum of M/2 samples: M/4 + 1 bins must cover every bin the lines read.
    const need = Math.max(MIN_DECIMATED, this.#oversampling * bandBins, 4 * Math.max(this.#highest + 1, this.#reach));
    const logP = 31 - Math.clz32(this.#p);
    let logM = 31 - Math.clz32(MIN_DECIMATED);
    while (logM < logP && 2 ** logM < need) logM++;
    return logM;
  }

  #run(lowHz: number, highHz: number, count: number): number {
    const host = this.#host;
    const logM = this.#decimatedLog(lowHz, highHz);
    if (!host.isCurrent(this.#token)) this.#token = host.prepare(this.#x, this.#log, OP);
    host.results().set(this.#lines.subarray(0, LINE_SLOTS * count));
    return host.core.envelopeLines(this.#log, this.#fs, lowHz, highHz, logM, count, this.#reach);
  }

  levels(lowHz: number, highHz: number, out?: Float64Array, lineCount = this.#count): Float64Array {
    if (!Number.isInteger(lineCount) || lineCount < 0 || lineCount > this.#count) {
      this.#host.guard.fail(OP, `lineCount must be an integer in 0..${this.#count}, got ${lineCount}`);
    }
    const size = 3 * lineCount;
    if (out !== undefined && !(out instanceof Float64Array && out.length >= size)) {
      this.#host.guard.fail(OP, `out must be a Float64Array of at least ${size} (3 per line), got ${out instanceof Float64Array ? out.length : typeof out}`);
    }
    this.#run(lowHz, highHz, lineCount);
    const res = out ?? new Float64Array(size);
    const from = LINE_SLOTS * lineCount;
    res.set(this.#host.results().subarray(from, from + size));
    return res;
  }

  spectrum(lowHz: number, highHz: number): Float32Array {
    const bins = this.#run(lowHz, highHz, 0);
    return this.#host.output().slice(0, Math.min(bins, this.#highest + 2));
  }

  bandStats(lowHz: number, highHz: number): SignalStats {
    const host = this.#host;
    host.guard.band(OP, this.#fs, lowHz, highHz);
    // bandpass filters the whole signal: the kept spectrum is of its first n samples only.
    if (this.#x.length !== this.#n) return host.bandStats(this.#x, this.#fs, lowHz, highHz);
    if (!host.isCurrent(this.#token)) this.#token = host.prepare(this.#x, this.#log, OP);
    host.core.bandStatsPrepared(this.#log, this.#fs, lowHz, highHz);
    const r = host.results();
    return { mean: r[0], rms: r[1], stdDev: r[2], peak: r[3], crestFactor: r[4], kurtosis: r[5], skewness: r[6] };
  }
}
