// Envelope-line scan: the envelope spectrum of one demodulation band of a signal whose padded
// spectrum keepPaddedSpectrum kept, computed from a decimated analytic signal, and the levels of
// given lines read from it — without the spectrum ever leaving the core.
//
// Why decimation is exact for the envelope samples: the analytic signal of the band is
// a[t] = (1/p)·Σ_k c_k·H_k·Y_k·e^{i2πkt/p} (c_k = 2 inside, 1 at DC and Nyquist; H the band
// mask). Only the band's K bins are non-zero, so at every D-th sample (D = p/M) the sum folds
// onto M bins: a[Ds] = (phase)·(1/p)·Σ_j Z_j·e^{i2πjs/M} with Z_j the bins folded modulo M —
// an M-point transform gives the envelope |a| exactly at those samples, for any M. Only the
// envelope *spectrum* then differs from the full-rate one: envelope content above the reduced
// Nyquist fs·M/(2p) folds back, which the caller keeps small by choosing M a few times K.
import { bufA, bufB, bufC, bufO, bufR } from "./buffers";
import { complexFft } from "./fft";
import { realFftLevels } from "./real";
import { ensureWindow, windowSum, WINDOW_HANN } from "./window";
import { paddedLength, maskEdges, maskA, maskB, maskC, maskD, maskDf, maskTw } from "./filter";
import { refine, REFINE_PARABOLA } from "./peaks";

/**
 * Envelope spectrum of band [lo, hi] of the n-sample signal whose padded spectrum (p/2 + 1
 * complex bins, p = paddedLength(n)) is at `saved` (kept), from the analytic signal decimated to
 * M = 2^logM points (M <= p; bufA must hold 2M floats): envelope at every D-th sample of the first
 * n, mean removed, Hann amplitude spectrum -> bufO (M/4 + 1 bins at df = fs/n when p = 2n).
 * Uses bufA, bufB, bufC. Returns the number of envelope samples (n·M/p).
 */
export function decimatedEnvelopeSpectrum(saved: usize, n: i32, fs: f64, lo: f64, hi: f64, logM: i32): i32 {
  const p = paddedLength(n);
  const m: i32 = 1 << logM;
  maskEdges(p, fs, lo, hi);
  const a = maskA, d = maskD;
  // The band's bins times the band-pass mask (the skirts' raised cosine by recurrence: the same
  // gains as applyBandMask's to ~1e-15), doubled for positive frequencies, folded modulo M and
  // conjugated: a forward FFT of conj(Z) is the conjugate of the inverse sum, and only its
  // modulus is used.
  if (d - a < m) memory.fill(bufA + (<usize>(d - a) << 3), 0, <usize>(m - (d - a)) << 3);
  else memory.fill(bufA, 0, <usize>m << 3);
  const half = p >> 1;
  const step = Math.PI * maskDf / maskTw;
  // Lower skirt: cos(π(lo − k·df)/tw) falls by `step` per bin; upper: cos(π(k·df − hi)/tw) rises.
  // A bin in both skirts (a band narrower than a bin) takes both gains, as in applyBandMask.
  const twoCos = 2.0 * Math.cos(step);
  let l0 = Math.cos(Math.PI * (lo - <f64>a * maskDf) / maskTw);
  let l1 = Math.cos(Math.PI * (lo - <f64>(a - 1) * maskDf) / maskTw);
  const u = maskC + 1;
  let u0 = Math.cos(Math.PI * (<f64>u * maskDf - hi) / maskTw);
  let u1 = Math.cos(Math.PI * (<f64>(u - 1) * maskDf - hi) / maskTw);
  if (d - a <= m) {
    // No folding (the usual case): the band's bins doubled and conjugated four floats at a time,
    // then the skirt and edge bins corrected.
    const scale = f32x4(2, -2, 2, -2);
    const bytes = <usize>(d - a) << 3;
    const src = saved + (<usize>a << 3);
    let o: usize = 0;
    for (; o + 16 <= bytes; o += 16) v128.store(bufA + o, f32x4.mul(v128.load(src + o), scale));
    if (o < bytes) v128.store64_lane(bufA + o, f32x4.mul(v128.load64_zero(src + o), scale), 0);
    // Skirts: the pass band [maskB, u) is skipped (neither recurrence advances there).
    let k = a;
    while (k < d) {
      if (k == maskB && u > k) {
        k = u;
        continue;
      }
      const q = saved + (<usize>k << 3);
      let re = load<f32>(q), im = load<f32>(q, 4);
      if (k < maskB) {
        const g = <f32>(0.5 + 0.5 * l0);
        re *= g;
        im *= g;
        const next = twoCos * l0 - l1;
        l1 = l0;
        l0 = next;
      }
      if (k >= u) {
        const g = <f32>(0.5 + 0.5 * u0);
        re *= g;
        im *= g;
        const next = twoCos * u0 - u1;
        u1 = u0;
        u0 = next;
      }
      const c: f32 = k == 0 || k == half ? 1 : 2;
      const z = bufA + (<usize>(k - a) << 3);
      store<f32>(z, c * re);
      store<f32>(z, -c * im, 4);
      k++;
    }
    // DC and Nyquist count once, not twice, when they lie in the pass band.
    for (let e = 0; e < 2; e++) {
      const k = e == 0 ? 0 : half;
      if (k >= maskB && k < u && k >= a && k < d) {
        const q = saved + (<usize>k << 3);
        const z = bufA + (<usize>(k - a) << 3);
        store<f32>(z, load<f32>(q));
        store<f32>(z, -load<f32>(q, 4), 4);
      }
    }
  } else {
    for (let k = a; k < d; k++) {
      const q = saved + (<usize>k << 3);
      let re = load<f32>(q), im = load<f32>(q, 4);
      if (k < maskB) {
        const g = <f32>(0.5 + 0.5 * l0);
        re *= g;
        im *= g;
        const next = twoCos * l0 - l1;
        l1 = l0;
        l0 = next;
      }
      if (k >= u) {
        const g = <f32>(0.5 + 0.5 * u0);
        re *= g;
        im *= g;
        const next = twoCos * u0 - u1;
        u1 = u0;
        u0 = next;
      }
      const c: f32 = k == 0 || k == half ? 1 : 2;
      const z = bufA + (<usize>((k - a) & (m - 1)) << 3);
      store<f32>(z, load<f32>(z) + c * re);
      store<f32>(z, load<f32>(z, 4) - c * im, 4);
    }
  }
  const r = complexFft(bufA, bufB, logM, 0);
  // Envelope samples s = 0..ne-1 cover the first n of the p padded samples (ne >= 16).
  const ne = <i32>((<i64>n * <i64>m) / <i64>p);
  const inv = f32x4.splat(<f32>(1.0 / <f64>p));
  let sum = f32x4.splat(0);
  let total: f64 = 0;
  for (let s = 0; s < ne; s += 4) {
    const u = v128.load(r + (<usize>s << 3)), v = v128.load(r + (<usize>s << 3), 16);
    const re = v128.shuffle<f32>(u, v, 0, 2, 4, 6), im = v128.shuffle<f32>(u, v, 1, 3, 5, 7);
    const e = f32x4.mul(f32x4.sqrt(f32x4.add(f32x4.mul(re, re), f32x4.mul(im, im))), inv);
    v128.store(bufC + (<usize>s << 2), e);
    sum = f32x4.add(sum, e);
    // Flushed to f64 every 64 samples so the mean keeps f64 accuracy on long records.
    if ((s & 63) == 60) {
      total += <f64>f32x4.extract_lane(sum, 0) + <f64>f32x4.extract_lane(sum, 1) + <f64>f32x4.extract_lane(sum, 2) + <f64>f32x4.extract_lane(sum, 3);
      sum = f32x4.splat(0);
    }
  }
  total += <f64>f32x4.extract_lane(sum, 0) + <f64>f32x4.extract_lane(sum, 1) + <f64>f32x4.extract_lane(sum, 2) + <f64>f32x4.extract_lane(sum, 3);
  const mean = f32x4.splat(<f32>(total / <f64>ne));
  for (let s = 0; s < ne; s += 4) {
    const o = bufC + (<usize>s << 2);
    v128.store(o, f32x4.sub(v128.load(o), mean));
  }
  const win = ensureWindow(WINDOW_HANN, ne);
  const logNe = 31 - clz<i32>(ne);
  realFftLevels(bufC, bufB, logNe - 1, bufO, win, <f32>(2.0 / windowSum), false);
  return ne;
}

/**
 * The k-th smallest (0-based) of the n non-negative floats at v, found bit by bit: for
 * non-negative floats the bit patterns order like the values, and the k-th smallest is the
 * largest pattern t with #{v < t} <= k, built from the top bit down. Each step counts with SIMD
 * compares and no data-dependent branch (a selection by partitioning mispredicts about every
 * other comparison on spectrum values). Once the answer's range holds at most SMALL_SET values,
 * only those are kept. v must have room for 2·(n + 4) floats: the padding is overwritten with the
 * largest pattern, which no candidate exceeds, and the kept values follow.
 */
export function kthSmallestNonNegative(v: usize, n: i32, k: i32): f32 {
  const padded = (n + 3) & ~3;
  for (let i = n; i < padded; i++) store<i32>(v + (<usize>i << 2), 0x7fffffff);
  // Bits below the highest one where the smallest and largest differ are the only ones to decide.
  let lo = i32x4.splat(0x7fffffff), hi = i32x4.splat(0);
  for (let i = 0; i < padded; i += 4) {
    const x = v128.load(v + (<usize>i << 2));
    lo = i32x4.min_s(lo, x);
    hi = i32x4.max_s(hi, v128.and(i32x4.ne(x, i32x4.splat(0x7fffffff)), x));
  }
  const mn = min(min(i32x4.extract_lane(lo, 0), i32x4.extract_lane(lo, 1)), min(i32x4.extract_lane(lo, 2), i32x4.extract_lane(lo, 3)));
  const mx = max(max(i32x4.extract_lane(hi, 0), i32x4.extract_lane(hi, 1)), max(i32x4.extract_lane(hi, 2), i32x4.extract_lane(hi, 3)));
  const diff = mn ^ mx;
  if (diff == 0) return reinterpret<f32>(mn);
  let bit = 31 - clz<i32>(diff);
  let prefix = mn & ~((1 << (bit + 1)) - 1);
  // Bits over all values until the answer's range [prefix, prefix + 2^(bit+1)) holds few of
  // them (#{v < prefix} = low, #{v < range end} = high)…
  let low = 0;
  let high = n;
  for (; bit >= 0 && high - low > SMALL_SET; bit--) {
    const cand = prefix | (1 << bit);
    const below = countBelow(v, padded, cand);
    const take = below <= k;
    prefix = select<i32>(cand, prefix, take);
    low = select<i32>(below, low, take);
    high = select<i32>(high, below, take);
  }
  if (bit < 0) return reinterpret<f32>(prefix);
  // …then only those are kept (four at a time: a lane mask picks the shuffle that packs the
  // lanes in range to the front) and the rest decided on them; `low` of the values lie below.
  const width = i32x4.splat(1 << (bit + 1));
  const base = i32x4.splat(prefix);
  const small = v + (<usize>padded << 2);
  let m = 0;
  const body = n & ~3;
  for (let i = 0; i < body; i += 4) {
    const x = v128.load(v + (<usize>i << 2));
    const mask = i32x4.bitmask(i32x4.lt_u(i32x4.sub(x, base), width));
    v128.store(small + (<usize>m << 2), i8x16.swizzle(x, v128.load(PACK + (<usize>mask << 4))));
    m += popcnt<i32>(mask);
  }
  for (let i = body; i < n; i++) {
    const x = load<i32>(v + (<usize>i << 2));
    store<i32>(small + (<usize>m << 2), x);
    m += i32(<u32>(x - prefix) < <u32>(1 << (bit + 1)));
  }
  const below = low;
  const smallPadded = (m + 3) & ~3;
  for (let i = m; i < smallPadded; i++) store<i32>(small + (<usize>i << 2), 0x7fffffff);
  const kk = k - below;
  low = 0;
  high = m;
  for (; bit >= 0 && high - low > 1; bit--) {
    const cand = prefix | (1 << bit);
    const count = countBelow(small, smallPadded, cand);
    const take = count <= kk;
    prefix = select<i32>(cand, prefix, take);
    low = select<i32>(count, low, take);
    high = select<i32>(high, count, take);
  }
  if (bit < 0) return reinterpret<f32>(prefix);
  // One value left in the range [prefix, prefix + 2^(bit+1)): it is the answer.
  const end = <u32>(1 << (bit + 1));
  let found = 0;
  for (let i = 0; i < m; i++) {
    const x = load<i32>(small + (<usize>i << 2));
    found = select<i32>(x, found, <u32>(x - prefix) < end);
  }
  return reinterpret<f32>(found);
}

/** Byte shuffles packing the i32 lanes set in a 4-bit mask to the front, one per mask. */
const PACK = memory.data<u8>([
  128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  4, 5, 6, 7, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 128, 128, 128, 128, 128, 128, 128, 128,
  8, 9, 10, 11, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 8, 9, 10, 11, 128, 128, 128, 128, 128, 128, 128, 128,
  4, 5, 6, 7, 8, 9, 10, 11, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 128, 128, 128, 128,
  12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128,
  4, 5, 6, 7, 12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 128, 128, 128, 128,
  8, 9, 10, 11, 12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 128, 128, 128, 128,
  4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
], 16);

/** Values the bit-by-bit selection keeps once the answer's range holds no more of them. */
const SMALL_SET: i32 = 12;

/** How many of the `padded` (a multiple of 4) i32 at v are below t. */
@inline function countBelow(v: usize, padded: i32, t: i32): i32 {
  const c = i32x4.splat(t);
  let count = i32x4.splat(0);
  for (let i = 0; i < padded; i += 4) count = i32x4.sub(count, i32x4.lt_s(v128.load(v + (<usize>i << 2)), c));
  return i32x4.extract_lane(count, 0) + i32x4.extract_lane(count, 1) + i32x4.extract_lane(count, 2) + i32x4.extract_lane(count, 3);
}

/** Slots per line of the line table lineLevels reads (f64). */
export const LINE_SLOTS: i32 = 6;

/**
 * Line levels in the spectrum at `s` (bin spacing df; `reach`: the spectrum length a peak
 * refinement assumes). Line i is read from `lines` as bin indices (f64, LINE_SLOTS each): peak
 * search kLo..kHi; background bins bgLo..bgHi without exLo..exHi (exLo > exHi: nothing
 * excluded). Written to `out` (f64, 3 each): the largest bin of kLo..kHi parabola-refined (as
 * peakWithin: freqHz, amplitude) and the median of the background bins (0 when there are none).
 * `scratch` holds the background bins.
 */
export function lineLevels(s: usize, reach: i32, df: f64, count: i32, lines: usize, out: usize, scratch: usize): void {
  for (let i = 0; i < count; i++) {
    const l = lines + <usize>i * (<usize>LINE_SLOTS << 3);
    const kLo = <i32>load<f64>(l), kHi = <i32>load<f64>(l, 8);
    const bgLo = <i32>load<f64>(l, 16), exLo = <i32>load<f64>(l, 24), exHi = <i32>load<f64>(l, 32), bgHi = <i32>load<f64>(l, 40);
    let best = kLo;
    let bv = load<f32>(s + (<usize>kLo << 2));
    for (let k = kLo + 1; k <= kHi; k++) {
      const v = load<f32>(s + (<usize>k << 2));
      if (v > bv) { bv = v; best = k; }
    }
    const o = out + <usize>i * 24;
    refine(s, reach, best, df, o, REFINE_PARABOLA);
    let m = 0;
    if (exLo > exHi) {
      m = bgHi - bgLo + 1;
      if (m > 0) memory.copy(scratch, s + (<usize>bgLo << 2), <usize>m << 2);
    } else {
      const left = exLo - bgLo;
      if (left > 0) { memory.copy(scratch, s + (<usize>bgLo << 2), <usize>left << 2); m = left; }
      const right = bgHi - exHi;
      if (right > 0) { memory.copy(scratch + (<usize>m << 2), s + (<usize>(exHi + 1) << 2), <usize>right << 2); m += right; }
    }
    store<f64>(o, m <= 0 ? 0.0 : <f64>kthSmallestNonNegative(scratch, m, m >> 1), 16);
  }
}

/**
 * The envelope spectrum of one band (decimatedEnvelopeSpectrum) and its line levels
 * (lineLevels): the line table is read from bufR, the levels written after it. Returns the bins
 * of the spectrum left at bufO.
 */
export function envelopeLinesOfBand(saved: usize, n: i32, fs: f64, lo: f64, hi: f64, logM: i32, count: i32, reach: i32): i32 {
  const ne = decimatedEnvelopeSpectrum(saved, n, fs, lo, hi, logM);
  lineLevels(bufO, reach, fs / <f64>n, count, bufR, bufR + <usize>count * (<usize>LINE_SLOTS << 3), bufA);
  return (ne >> 1) + 1;
}
