// Complex FFT: Stockham autosort on interleaved complex f32 with v128 SIMD. A radix-4 first
// pass (stride 1, vectorised over butterfly pairs), twiddled radix-4 passes (vectorised over
// the stride), and a twiddle-free tail: radix-8 for odd log2 sizes, radix-4 for even ones. No
// bit-reversal: every pass reads and writes contiguous runs, ping-ponging between two buffers.
// Twiddles are precomputed per size in the exact order the passes consume them, already laid
// out as SIMD vectors.

/** Largest supported complex FFT size: 2^20 points. */
export const MAX_LOG_COMPLEX: i32 = 20;

let tablePtrs: usize = 0;
let splitPtrs: usize = 0;

@inline function swapRI(v: v128): v128 {
  return v128.shuffle<f32>(v, v, 1, 0, 3, 2);
}

/** (v) * (w) for two complex numbers per vector; wr = [r,r,..], wi = [-i,i,..]. */
@inline export function cmul(v: v128, wr: v128, wi: v128): v128 {
  return f32x4.add(f32x4.mul(v, wr), f32x4.mul(swapRI(v), wi));
}

/** (v) * conj(w) with the same twiddle layout as `cmul`. */
@inline export function cmulConj(v: v128, wr: v128, wi: v128): v128 {
  return f32x4.sub(f32x4.mul(v, wr), f32x4.mul(swapRI(v), wi));
}

// Multiplying by i: (re, im) -> (-im, re).
@inline function timesI(v: v128): v128 {
  return f32x4.mul(swapRI(v), f32x4(-1, 1, -1, 1));
}

function storeTwiddlePair(at: usize, r0: f64, i0: f64, r1: f64, i1: f64): void {
  v128.store(at, f32x4(<f32>r0, <f32>r0, <f32>r1, <f32>r1));
  v128.store(at, f32x4(<f32>-i0, <f32>i0, <f32>-i1, <f32>i1), 16);
}

/** Complex sizes from 2^TAIL2_LOG up end in radix-4 + radix-2 rather than a radix-8 tail. */
export const TAIL2_LOG: i32 = 13;

/**
 * Number of twiddled radix-4 passes after the first pass, for complex size 2^logM. The tail
 * after them is twiddle-free: radix-4 when log2 is even; for odd log2, radix-8 on small sizes but
 * radix-2 on large ones, whose 8 input and 8 output streams, all a multiple of 4 KiB apart,
 * would fight over the same L1 sets. (Twiddled radix-8 middle passes were measured slower: 8
 * inputs plus twiddles spill the 16 SIMD registers.)
 */
export function middlePasses(logM: i32): i32 {
  const e = logM - 2;
  if ((e & 1) == 0) return (e - 2) >> 1;
  return logM >= TAIL2_LOG ? (e - 1) >> 1 : (e - 3) >> 1;
}

/**
 * Writes (or, with write = false, only measures) the twiddle table of complex size 2^logM at
 * `at`, in the order the passes consume it, followed by the real split-step twiddles.
 * Returns the table's size in bytes.
 */
function buildTable(logM: i32, t: usize, write: bool): usize {
  const m: i32 = 1 << logM;
  let at = t;
  // First pass: pairs of butterflies (p, p+1), three twiddles each.
  {
    const n1 = m >> 2;
    const base = -2.0 * Math.PI / <f64>m;
    for (let p = 0; p < n1; p += 2) {
      for (let j = 1; j <= 3; j++) {
        if (write) {
          const a0 = base * <f64>(j * p);
          const a1 = base * <f64>(j * (p + 1));
          storeTwiddlePair(at, Math.cos(a0), Math.sin(a0), Math.cos(a1), Math.sin(a1));
        }
        at += 32;
      }
    }
  }
  let n = m >> 2;
  const passes = middlePasses(logM);
  for (let i = 0; i < passes; i++) {
    const np = n >> 2;
    const base = -2.0 * Math.PI / <f64>n;
    for (let p = 0; p < np; p++) {
      for (let j = 1; j < 4; j++) {
        if (write) {
          const a = base * <f64>(j * p);
          const c = Math.cos(a), sn = Math.sin(a);
          storeTwiddlePair(at, c, sn, c, sn);
        }
        at += 32;
      }
    }
    n = np;
  }
  // Real split step for N = 2M, W = exp(-2πi/N): i·W^k/2 for k = 2, 3, ... in pairs, then W^1
  // (read by the scalar k = 1 step) at byte (M/2)*16 of this part.
  const baseN = -Math.PI / <f64>m;
  const splitAt = at;
  if (write) {
    // Pairs hold U = i·W^k/2 (the split step's whole factor), not W^k itself.
    for (let k = 2; k < (m >> 1); k += 2) {
      const a0 = baseN * <f64>k, a1 = baseN * <f64>(k + 1);
      storeTwiddlePair(at, -0.5 * Math.sin(a0), 0.5 * Math.cos(a0), -0.5 * Math.sin(a1), 0.5 * Math.cos(a1));
      at += 32;
    }
    store<f32>(splitAt + (<usize>(m >> 1) << 4), <f32>Math.cos(baseN));
    store<f32>(splitAt + (<usize>(m >> 1) << 4), <f32>Math.sin(baseN), 4);
    store<usize>(splitPtrs + (<usize>logM << 3), splitAt);
  }
  return splitAt + (<usize>(m >> 1) << 4) + 16 - t;
}

/** Returns (building once) the twiddle table for complex size 2^logM. */
export function twiddles(logM: i32): usize {
  if (tablePtrs == 0) {
    tablePtrs = heap.alloc(<usize>(MAX_LOG_COMPLEX + 1) << 3);
    memory.fill(tablePtrs, 0, <usize>(MAX_LOG_COMPLEX + 1) << 3);
    splitPtrs = heap.alloc(<usize>(MAX_LOG_COMPLEX + 1) << 3);
  }
  const slot = tablePtrs + (<usize>logM << 3);
  let t = load<usize>(slot);
  if (t != 0) return t;
  t = heap.alloc(buildTable(logM, 0, false) + 16);
  buildTable(logM, t, true);
  store<usize>(slot, t);
  return t;
}

/**
 * Split-step twiddles of complex size 2^logM: i·W^k/2 in pairs for k = 2.., then W^1 at byte
 * (M/2)*16.
 * Valid once `twiddles(logM)` has run (every transform calls it first).
 */
@inline export function splitTable(logM: i32): usize {
  return load<usize>(splitPtrs + (<usize>logM << 3));
}

// First radix-4 pass (stride 1): vectorised over pairs of butterflies, outputs re-interleaved.
// `win` (0 = none) multiplies the input by a window on the fly, saving a separate pass.
function pass4First(n: i32, x: usize, y: usize, tw: usize, win: usize): void {
  const n1 = n >> 2;
  const q1: usize = <usize>n1 << 3;
  const q2 = q1 << 1, q3 = q1 * 3;
  const sgn = f32x4(-1, 1, -1, 1);
  for (let p = 0; p < n1; p += 2) {
    const t = tw + (<usize>p >> 1) * 96;
    const off: usize = <usize>p << 3;
    let a = v128.load(x + off), b = v128.load(x + off + q1);
    let c = v128.load(x + off + q2), d = v128.load(x + off + q3);
    if (win != 0) {
      a = f32x4.mul(a, v128.load(win + off));
      b = f32x4.mul(b, v128.load(win + off + q1));
      c = f32x4.mul(c, v128.load(win + off + q2));
      d = f32x4.mul(d, v128.load(win + off + q3));
    }
    const apc = f32x4.add(a, c), amc = f32x4.sub(a, c);
    const bpd = f32x4.add(b, d), bmd = f32x4.sub(b, d);
    const jbmd = f32x4.mul(swapRI(bmd), sgn);
    const y0 = f32x4.add(apc, bpd);
    const y1 = cmul(f32x4.sub(amc, jbmd), v128.load(t), v128.load(t, 16));
    const y2 = cmul(f32x4.sub(apc, bpd), v128.load(t, 32), v128.load(t, 48));
    const y3 = cmul(f32x4.add(amc, jbmd), v128.load(t, 64), v128.load(t, 80));
    const yp = y + (<usize>p << 5);
    v128.store(yp, v128.shuffle<f64>(y0, y1, 0, 2));
    v128.store(yp, v128.shuffle<f64>(y2, y3, 0, 2), 16);
    v128.store(yp, v128.shuffle<f64>(y0, y1, 1, 3), 32);
    v128.store(yp, v128.shuffle<f64>(y2, y3, 1, 3), 48);
  }
}

// Radix-4 pass with stride s >= 2: one twiddle set per p, vectorised over q.
function pass4(n: i32, s: i32, x: usize, y: usize, tw: usize): void {
  const n1 = n >> 2;
  const sb: usize = <usize>s << 3;
  const q1: usize = <usize>n1 * sb;
  const q2 = q1 << 1, q3 = q1 * 3;
  const sgn = f32x4(-1, 1, -1, 1);
  // p = 0 has unit twiddles: skip the multiplications (a large share of the late passes).
  for (let q: usize = 0; q < sb; q += 16) {
    const a = v128.load(x + q), b = v128.load(x + q + q1);
    const c = v128.load(x + q + q2), d = v128.load(x + q + q3);
    const apc = f32x4.add(a, c), amc = f32x4.sub(a, c);
    const bpd = f32x4.add(b, d), bmd = f32x4.sub(b, d);
    const jbmd = f32x4.mul(swapRI(bmd), sgn);
    const o = y + q;
    v128.store(o, f32x4.add(apc, bpd));
    v128.store(o + sb, f32x4.sub(amc, jbmd));
    v128.store(o + (sb << 1), f32x4.sub(apc, bpd));
    v128.store(o + sb * 3, f32x4.add(amc, jbmd));
  }
  for (let p = 1; p < n1; p++) {
    const t = tw + <usize>p * 96;
    const w1r = v128.load(t), w1i = v128.load(t, 16);
    const w2r = v128.load(t, 32), w2i = v128.load(t, 48);
    const w3r = v128.load(t, 64), w3i = v128.load(t, 80);
    const xp = x + <usize>p * sb;
    const yp = y + (<usize>p * sb << 2);
    for (let q: usize = 0; q < sb; q += 16) {
      const a = v128.load(xp + q), b = v128.load(xp + q + q1);
      const c = v128.load(xp + q + q2), d = v128.load(xp + q + q3);
      const apc = f32x4.add(a, c), amc = f32x4.sub(a, c);
      const bpd = f32x4.add(b, d), bmd = f32x4.sub(b, d);
      const jbmd = f32x4.mul(swapRI(bmd), sgn);
      const o = yp + q;
      v128.store(o, f32x4.add(apc, bpd));
      v128.store(o + sb, cmul(f32x4.sub(amc, jbmd), w1r, w1i));
      v128.store(o + (sb << 1), cmul(f32x4.sub(apc, bpd), w2r, w2i));
      v128.store(o + sb * 3, cmul(f32x4.add(amc, jbmd), w3r, w3i));
    }
  }
}

// The second pass (stride 4) runs only two vector iterations per twiddle set: written out
// straight so the loop control does not dominate.
function pass4s4(n: i32, x: usize, y: usize, tw: usize): void {
  const n1 = n >> 2;
  const q1: usize = <usize>n1 << 5;
  const q2 = q1 << 1, q3 = q1 * 3;
  const sgn = f32x4(-1, 1, -1, 1);
  for (let p = 0; p < n1; p++) {
    const t = tw + <usize>p * 96;
    const w1r = v128.load(t), w1i = v128.load(t, 16);
    const w2r = v128.load(t, 32), w2i = v128.load(t, 48);
    const w3r = v128.load(t, 64), w3i = v128.load(t, 80);
    const xp = x + (<usize>p << 5);
    const yp = y + (<usize>p << 7);
    for (let h: usize = 0; h < 32; h += 16) {
      const a = v128.load(xp + h), b = v128.load(xp + h + q1);
      const c = v128.load(xp + h + q2), d = v128.load(xp + h + q3);
      const apc = f32x4.add(a, c), amc = f32x4.sub(a, c);
      const bpd = f32x4.add(b, d), bmd = f32x4.sub(b, d);
      const jbmd = f32x4.mul(swapRI(bmd), sgn);
      const o = yp + h;
      v128.store(o, f32x4.add(apc, bpd));
      v128.store(o, cmul(f32x4.sub(amc, jbmd), w1r, w1i), 32);
      v128.store(o, cmul(f32x4.sub(apc, bpd), w2r, w2i), 64);
      v128.store(o, cmul(f32x4.add(amc, jbmd), w3r, w3i), 96);
    }
  }
}

// Final radix-2 pass (n = 2, stride M/2): no twiddles.
function pass2(s: i32, x: usize, y: usize): void {
  const sb: usize = <usize>s << 3;
  for (let q: usize = 0; q < sb; q += 16) {
    const a = v128.load(x + q), b = v128.load(x + q + sb);
    v128.store(y + q, f32x4.add(a, b));
    v128.store(y + q + sb, f32x4.sub(a, b));
  }
}

// Final radix-8 pass (n = 8, stride M/8, p = 0 only): replaces the radix-4 + radix-2 tail of
// odd log2 sizes, saving a full pass over memory. Only the internal eighth-root constants.
function pass8(s: i32, x: usize, y: usize): void {
  const sb: usize = <usize>s << 3;
  const flip = f32x4(1, -1, 1, -1); // swapRI(v) * flip = -i * v
  const c = f32x4.splat(<f32>Math.SQRT1_2);
  for (let q: usize = 0; q < sb; q += 16) {
    const xp = x + q;
    const x0 = v128.load(xp), x1 = v128.load(xp + sb);
    const x2 = v128.load(xp + sb * 2), x3 = v128.load(xp + sb * 3);
    const x4 = v128.load(xp + sb * 4), x5 = v128.load(xp + sb * 5);
    const x6 = v128.load(xp + sb * 6), x7 = v128.load(xp + sb * 7);
    const a0 = f32x4.add(x0, x4), a1 = f32x4.sub(x0, x4);
    const a2 = f32x4.add(x2, x6), a3 = f32x4.sub(x2, x6);
    const a4 = f32x4.add(x1, x5), a5 = f32x4.sub(x1, x5);
    const a6 = f32x4.add(x3, x7), a7 = f32x4.sub(x3, x7);
    const mia3 = f32x4.mul(swapRI(a3), flip); // -i * a3
    const mia7 = f32x4.mul(swapRI(a7), flip);
    const e0 = f32x4.add(a0, a2), e2 = f32x4.sub(a0, a2);
    const e1 = f32x4.add(a1, mia3), e3 = f32x4.sub(a1, mia3);
    const o0 = f32x4.add(a4, a6), o2 = f32x4.sub(a4, a6);
    const o1 = f32x4.add(a5, mia7), o3 = f32x4.sub(a5, mia7);
    // W8^1 = (1 - i)/sqrt2, W8^2 = -i, W8^3 = -(1 + i)/sqrt2
    const so1 = f32x4.mul(swapRI(o1), flip);
    const t1 = f32x4.mul(f32x4.add(o1, so1), c);
    const t2 = f32x4.mul(swapRI(o2), flip);
    const so3 = f32x4.mul(swapRI(o3), flip);
    const t3 = f32x4.mul(f32x4.sub(so3, o3), c);
    const yp = y + q;
    v128.store(yp, f32x4.add(e0, o0));
    v128.store(yp + sb * 4, f32x4.sub(e0, o0));
    v128.store(yp + sb, f32x4.add(e1, t1));
    v128.store(yp + sb * 5, f32x4.sub(e1, t1));
    v128.store(yp + sb * 2, f32x4.add(e2, t2));
    v128.store(yp + sb * 6, f32x4.sub(e2, t2));
    v128.store(yp + sb * 3, f32x4.add(e3, t3));
    v128.store(yp + sb * 7, f32x4.sub(e3, t3));
  }
}

/**
 * Forward complex FFT of 2^logM interleaved complex f32 at `x`, using `y` as the other
 * Stockham buffer (both are overwritten). Returns the buffer holding the result (x or y).
 */
export function complexFft(x: usize, y: usize, logM: i32, win: usize): usize {
  const tw = twiddles(logM);
  const m: i32 = 1 << logM;
  let n = m, s = 1;
  let src = x, dst = y;
  let t = tw;
  pass4First(n, src, dst, t, win);
  t += <usize>(n >> 2) * 48;
  n >>= 2; s <<= 2;
  let tmp = src; src = dst; dst = tmp;
  const passes = middlePasses(logM);
  for (let i = 0; i < passes; i++) {
    if (s == 4) pass4s4(n, src, dst, t);
    else pass4(n, s, src, dst, t);
    t += <usize>(n >> 2) * 96;
    n >>= 2; s <<= 2;
    tmp = src; src = dst; dst = tmp;
  }
  // The tail pass has no external twiddles: radix-8, radix-4 (p = 0 only) or radix-2.
  if (n == 8) pass8(s, src, dst);
  else if (n == 4) pass4(4, s, src, dst, t);
  else pass2(s, src, dst);
  tmp = src; src = dst; dst = tmp;
  return src;
}
