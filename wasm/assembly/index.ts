// Exports of the VTOX DSP core. Every function works on the fixed regions of buffers.ts; the
// TypeScript binding (wasm/mod.ts) copies data in and out through cached views and validates all
// arguments before calling, so these entry points trust their inputs.
import { bufA, bufAcc, bufB, bufC, bufO, bufR, capacity, reserve as reserveRegions } from "./buffers";
import "./abort";
import { realFft, realFftLevels, realInverse } from "./real";
import { ensureWindow, windowSum, WINDOW_HANN } from "./window";
import { welchPsd, spectralKurtosis as skOf } from "./welch";
import { bandpassSignal, envelopeSignal, bandEnvelope, bandEnvelopeFrom, bandpassFrom, keepPaddedSpectrum } from "./filter";
import { envelopeLinesOfBand } from "./envelope_scan";
import { signalStats, firstNonFinite } from "./stats";
import { findPeaks as peaksOf, peakIn } from "./peaks";
import { symmetricalComponents, parkVector } from "./phases";
import { twiddles } from "./fft";

export { firstNonFinite };

/** Grows every working region to hold at least n floats. */
export function reserve(n: i32): void { reserveRegions(n); }
/** Floats each working region holds now. */
export function regionCapacity(): i32 { return capacity; }
/** Region A: signal input and Stockham buffer; filter results. */
export function ptrA(): usize { return bufA; }
/** Region B: Stockham buffer; second phase of three-phase inputs. */
export function ptrB(): usize { return bufB; }
/** Region C: long-record input (Welch, SK, filters); third phase. */
export function ptrC(): usize { return bufC; }
/** Region O: spectrum output (complex bins or levels). */
export function ptrO(): usize { return bufO; }
/** Region R: scalar results as f64 (stats, peaks, phasors). */
export function ptrR(): usize { return bufR; }

/** Builds the twiddle table for real size 2^logN ahead of time (first call otherwise does). */
export function prepare(logN: i32): void { twiddles(logN - 1); }

/** Forward real FFT: 2^logN samples at A (destroyed) -> 2^(logN-1)+1 complex bins at O. */
export function rfft(logN: i32): void {
  realFft(bufA, bufB, logN - 1, bufO, 0);
}

/** Inverse real FFT: bins at O (kept) -> 2^logN samples at A. */
export function irfft(logN: i32): void {
  realInverse(bufO, bufA, bufB, logN - 1, bufA);
}

/** Window-corrected single-sided amplitude spectrum of 2^logN samples at A -> O. */
export function amplitudeSpectrum(logN: i32, kind: i32): void {
  const n = 1 << logN;
  const win = ensureWindow(kind, n);
  realFftLevels(bufA, bufB, logN - 1, bufO, win, <f32>(2.0 / windowSum), false);
}

/** Power of each sine (A^2/2 per bin; A^2 at DC) of 2^logN samples at A -> O. */
export function powerSpectrum(logN: i32, kind: i32): void {
  const n = 1 << logN;
  const win = ensureWindow(kind, n);
  realFftLevels(bufA, bufB, logN - 1, bufO, win, <f32>(2.0 / windowSum), true);
}

/** Welch PSD of n samples at C, segment 2^logL, hop `step` -> O. Returns the segment count. */
export function welch(n: i32, logL: i32, step: i32, fs: f64): i32 {
  return welchPsd(n, 1 << logL, step, fs);
}

/** Spectral kurtosis of n samples at C with segments of 2^logNfft -> O. Returns segments. */
export function spectralKurtosis(n: i32, logNfft: i32): i32 {
  return skOf(n, 1 << logNfft);
}

/** Zero-phase band-pass of n samples at C -> A[0..n). */
export function bandpass(n: i32, fs: f64, lo: f64, hi: f64): void {
  bandpassSignal(n, fs, lo, hi);
}

/** Hilbert envelope of n samples at C -> A[0..n). */
export function envelope(n: i32): void {
  envelopeSignal(n);
}

/**
 * Envelope spectrum of 2^logN samples at C: band-pass, envelope, mean removed, Hann amplitude
 * spectrum -> O (2^(logN-1)+1 bins). The envelope itself is left in A.
 */
export function envelopeSpectrum(logN: i32, fs: f64, lo: f64, hi: f64): void {
  bandEnvelope(1 << logN, fs, lo, hi);
  envelopeLevels(logN);
}

/**
 * First step of envelope spectra of many bands of one signal: 2^logN samples at C are padded and
 * transformed once; the spectrum is kept in the accumulator region until the next Welch/SK call.
 */
export function envelopePrepare(logN: i32): void {
  keepPaddedSpectrum(1 << logN, bufAcc);
}

/**
 * envelopeSpectrum of one band of the signal envelopePrepare transformed (bit-identical to
 * envelopeSpectrum of that signal) -> O. The kept spectrum survives for the next band.
 */
export function envelopeSpectrumPrepared(logN: i32, fs: f64, lo: f64, hi: f64): void {
  bandEnvelopeFrom(bufAcc, 1 << logN, fs, lo, hi);
  envelopeLevels(logN);
}

/**
 * Envelope-line scan step on the signal envelopePrepare transformed: the envelope spectrum of
 * band [lo, hi] from the analytic signal decimated to 2^logM points (A must hold 2^(logM+1)
 * floats) -> O, then `count` lines read from R (6 slots each: peak search bins kLo, kHi;
 * background bins bgLo..bgHi without exLo..exHi) -> R after them (3 each: peak freqHz, peak
 * amplitude, background median). `reach`: the spectrum length a peak refinement assumes.
 * Returns the bins at O.
 */
export function envelopeLines(logN: i32, fs: f64, lo: f64, hi: f64, logM: i32, count: i32, reach: i32): i32 {
  return envelopeLinesOfBand(bufAcc, 1 << logN, fs, lo, hi, logM, count, reach);
}

/** Statistics (as `stats`) of band [lo, hi] of the signal envelopePrepare transformed -> R[0..7). */
export function bandStatsPrepared(logN: i32, fs: f64, lo: f64, hi: f64): void {
  const n = 1 << logN;
  bandpassFrom(bufAcc, n, fs, lo, hi);
  signalStats(bufA, n, bufR);
}

/** Mean removed, Hann amplitude spectrum of the envelope at A (2^logN samples) -> O; C is overwritten. */
function envelopeLevels(logN: i32): void {
  const n = 1 << logN;
  let s: f64 = 0;
  for (let i = 0; i < n; i++) s += <f64>load<f32>(bufA + (<usize>i << 2));
  const mean = f32x4.splat(<f32>(s / <f64>n));
  for (let i = 0; i < n; i += 4) {
    const o = <usize>i << 2;
    v128.store(bufC + o, f32x4.sub(v128.load(bufA + o), mean));
  }
  const win = ensureWindow(WINDOW_HANN, n);
  realFftLevels(bufC, bufB, logN - 1, bufO, win, <f32>(2.0 / windowSum), false);
}

/** Statistics of n samples at A -> R[0..7) (f64). */
export function stats(n: i32): void {
  signalStats(bufA, n, bufR);
}

/** Peaks of an n-bin spectrum at A between bins kLo..kHi -> R (count, then freq/amp pairs); mode as peaks.ts refine. */
export function findPeaks(n: i32, df: f64, kLo: i32, kHi: i32, maxPeaks: i32, mode: i32): i32 {
  return peaksOf(bufA, n, df, kLo, kHi, maxPeaks, bufR, bufB, mode);
}

/** Largest refined peak of an n-bin spectrum at A within bins kLo..kHi -> R[0..2). */
export function peakWithin(n: i32, df: f64, kLo: i32, kHi: i32, mode: i32): void {
  peakIn(bufA, n, df, kLo, kHi, bufR, mode);
}

/** Symmetrical components of phases at A, B, C (n samples each) at fHz -> R[0..10). */
export function symmetrical(n: i32, fs: f64, f: f64): void {
  symmetricalComponents(bufA, bufB, bufC, n, fs, f, bufR);
}

/** Park's vector of phases at A, B, C -> R[0..4). */
export function park(n: i32): void {
  parkVector(bufA, bufB, bufC, n, bufR);
}

/** Padded FFT length the filters use for n samples (the binding reserves regions with it). */
export { paddedLength } from "./filter";
