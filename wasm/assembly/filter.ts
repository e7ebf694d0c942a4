// Zero-phase FFT filtering and the Hilbert envelope. Signals are reflect-padded to a power of
// two so the circular FFT sees no jump at the ends; masks are real, so phase is untouched.
import { bufA, bufB, bufC, bufO } from "./buffers";
import { realFft, realInverse } from "./real";

/** Padded FFT length for an n-sample signal: a power of two leaving >= n/4 for reflection. */
export function paddedLength(n: i32): i32 {
  // From 32 (the smallest transform) up; with n >= 16 this keeps n/4 <= p - n <= 1.5n.
  let p: i32 = 32;
  while (p < n) p <<= 1;
  if (p - n < (n >> 2)) p <<= 1;
  return p;
}

/** log2 of a power of two. */
export function log2(n: i32): i32 {
  return 31 - clz<i32>(n);
}

/**
 * Copies n samples from src into dst[0..n) and fills dst[n..p) with mirror images of both ends
 * (without repeating the end samples), so the circular signal has no jump. paddedLength keeps
 * p - n <= 1.5n, so each half of the padding fits inside one reflection.
 */
export function reflectPad(src: usize, n: i32, dst: usize, p: i32): void {
  memory.copy(dst, src, <usize>n << 2);
  const tail = (p - n) >> 1;
  // After the end: x[n-2], x[n-3], ...
  for (let j = 0; j < tail; j++) {
    store<f32>(dst + (<usize>(n + j) << 2), load<f32>(src + (<usize>(n - 2 - j) << 2)));
  }
  // Before the start (wrapping round): ..., x[2], x[1] at dst[p-2], dst[p-1].
  for (let j = n + tail; j < p; j++) {
    store<f32>(dst + (<usize>j << 2), load<f32>(src + (<usize>(p - j) << 2)));
  }
}

/** Bin ranges of the band mask last set by maskEdges: [0, a) stop, [a, b) lower skirt, [b, c] pass, (c, d) upper skirt, [d, bins) stop. */
export let maskA: i32 = 0;
export let maskB: i32 = 0;
export let maskC: i32 = 0;
export let maskD: i32 = 0;
/** Skirt width (Hz) and bin spacing of the mask last set by maskEdges. */
export let maskTw: f64 = 0;
export let maskDf: f64 = 0;

/**
 * Sets the bin ranges of the band-pass mask of a p-point padded transform: 1 in [lo, hi],
 * raised-cosine skirts of width `tw` Hz outside each edge (no skirt below 0 Hz or above fs/2),
 * 0 beyond.
 */
export function maskEdges(p: i32, fs: f64, lo: f64, hi: f64): void {
  const bins = (p >> 1) + 1;
  const df = fs / <f64>p;
  const tw = Math.max(4.0 * df, 0.1 * (hi - lo));
  maskA = <i32>Math.min(<f64>bins, Math.max(0.0, Math.floor((lo - tw) / df) + 1));
  maskB = <i32>Math.min(<f64>bins, Math.max(0.0, Math.ceil(lo / df)));
  maskC = <i32>Math.min(<f64>(bins - 1), Math.floor(hi / df));
  maskD = <i32>Math.min(<f64>bins, Math.ceil((hi + tw) / df));
  maskTw = tw;
  maskDf = df;
}

/**
 * Multiplies bins 0..p/2 of the spectrum at bufO by the band-pass mask of maskEdges. Only the
 * skirts are computed; the stop bands are cleared, the pass band left alone.
 */
export function applyBandMask(p: i32, fs: f64, lo: f64, hi: f64): void {
  const bins = (p >> 1) + 1;
  maskEdges(p, fs, lo, hi);
  const a = maskA, b = maskB, c = maskC, d = maskD;
  if (a > 0) memory.fill(bufO, 0, <usize>a << 3);
  // The raised cosine by recurrence from two exact values per skirt (a cos per bin showed in
  // profiles; the recurrence agrees to ~1e-15).
  const twoCos = 2.0 * Math.cos(Math.PI * maskDf / maskTw);
  let c0 = Math.cos(Math.PI * (lo - <f64>a * maskDf) / maskTw);
  let c1 = Math.cos(Math.PI * (lo - <f64>(a - 1) * maskDf) / maskTw);
  for (let k = a; k < b; k++) {
    scaleBin(k, 0.5 + 0.5 * c0);
    const next = twoCos * c0 - c1;
    c1 = c0;
    c0 = next;
  }
  c0 = Math.cos(Math.PI * (<f64>(c + 1) * maskDf - hi) / maskTw);
  c1 = Math.cos(Math.PI * (<f64>c * maskDf - hi) / maskTw);
  for (let k = c + 1; k < d; k++) {
    scaleBin(k, 0.5 + 0.5 * c0);
    const next = twoCos * c0 - c1;
    c1 = c0;
    c0 = next;
  }
  if (d < bins) memory.fill(bufO + (<usize>d << 3), 0, <usize>(bins - d) << 3);
}

@inline function scaleBin(k: i32, g: f64): void {
  const q = bufO + (<usize>k << 3);
  store<f32>(q, load<f32>(q) * <f32>g);
  store<f32>(q, load<f32>(q, 4) * <f32>g, 4);
}

/** Replaces the spectrum at bufO by that of the Hilbert transform: -i*X for 0<f<fs/2, 0 at ends. */
export function rotateToHilbert(p: i32): void {
  const half = p >> 1;
  // -i·(re + i·im) = im - i·re, two bins per vector (bins 0..half-1; p >= 32 so half is even).
  const flip = f32x4(1, -1, 1, -1);
  for (let k = 0; k < half; k += 2) {
    const q = bufO + (<usize>k << 3);
    const v = v128.load(q);
    v128.store(q, f32x4.mul(v128.shuffle<f32>(v, v, 1, 0, 3, 2), flip));
  }
  store<f32>(bufO, 0);
  store<f32>(bufO, 0, 4);
  const q = bufO + (<usize>half << 3);
  store<f32>(q, 0);
  store<f32>(q, 0, 4);
}

/** Band-pass n samples at bufC; the result lands in bufA[0..n). */
export function bandpassSignal(n: i32, fs: f64, lo: f64, hi: f64): void {
  const p = paddedLength(n);
  const logM = log2(p) - 1;
  reflectPad(bufC, n, bufA, p);
  realFft(bufA, bufB, logM, bufO, 0);
  applyBandMask(p, fs, lo, hi);
  realInverse(bufO, bufA, bufB, logM, bufA);
}

/** Hilbert envelope of n samples at bufC into bufA[0..n); bufC is kept. */
export function envelopeSignal(n: i32): void {
  const p = paddedLength(n);
  const logM = log2(p) - 1;
  reflectPad(bufC, n, bufA, p);
  realFft(bufA, bufB, logM, bufO, 0);
  rotateToHilbert(p);
  realInverse(bufO, bufA, bufB, logM, bufA);
  magnitudeWith(bufC, bufA, n);
}

/** a[i] = sqrt(x[i]^2 + a[i]^2): the modulus of the analytic signal x + i*a. */
export function magnitudeWith(x: usize, a: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const u = v128.load(x + o), v = v128.load(a + o);
    v128.store(a + o, f32x4.sqrt(f32x4.add(f32x4.mul(u, u), f32x4.mul(v, v))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const u = load<f32>(x + o), v = load<f32>(a + o);
    store<f32>(a + o, Mathf.sqrt(u * u + v * v));
  }
}

/**
 * Band-pass then envelope of n samples at bufC, both from one forward FFT: the band-passed
 * signal goes to bufC[0..n), its envelope to bufA[0..n).
 */
export function bandEnvelope(n: i32, fs: f64, lo: f64, hi: f64): void {
  const p = paddedLength(n);
  reflectPad(bufC, n, bufA, p);
  realFft(bufA, bufB, log2(p) - 1, bufO, 0);
  envelopeOfMasked(n, p, fs, lo, hi);
}

/**
 * Reflect-pads n samples at bufC and keeps their forward FFT (p/2 + 1 complex bins) at `saved`,
 * so that many bands can be demodulated from one transform (bandEnvelopeFrom).
 */
export function keepPaddedSpectrum(n: i32, saved: usize): void {
  const p = paddedLength(n);
  reflectPad(bufC, n, bufA, p);
  realFft(bufA, bufB, log2(p) - 1, bufO, 0);
  memory.copy(saved, bufO, <usize>(p + 2) << 2);
}

/**
 * bandEnvelope of the signal whose padded spectrum keepPaddedSpectrum left at `saved` (kept):
 * the same operations on the same bins, so the result is bit-identical to bandEnvelope.
 */
export function bandEnvelopeFrom(saved: usize, n: i32, fs: f64, lo: f64, hi: f64): void {
  const p = paddedLength(n);
  memory.copy(bufO, saved, <usize>(p + 2) << 2);
  envelopeOfMasked(n, p, fs, lo, hi);
}

/**
 * bandpassSignal of the signal whose padded spectrum keepPaddedSpectrum left at `saved` (kept):
 * the same operations on the same bins, so bufA[0..n) is bit-identical to bandpassSignal's.
 */
export function bandpassFrom(saved: usize, n: i32, fs: f64, lo: f64, hi: f64): void {
  const p = paddedLength(n);
  memory.copy(bufO, saved, <usize>(p + 2) << 2);
  applyBandMask(p, fs, lo, hi);
  realInverse(bufO, bufA, bufB, log2(p) - 1, bufA);
}

/** From the padded spectrum at bufO: band-passed signal to bufC[0..n), its envelope to bufA[0..n). */
function envelopeOfMasked(n: i32, p: i32, fs: f64, lo: f64, hi: f64): void {
  const logM = log2(p) - 1;
  applyBandMask(p, fs, lo, hi);
  realInverse(bufO, bufA, bufB, logM, bufC);
  rotateToHilbert(p);
  realInverse(bufO, bufA, bufB, logM, bufA);
  magnitudeWith(bufC, bufA, n);
}
