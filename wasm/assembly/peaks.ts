// Peak search on a spectrum with parabolic (three-point) refinement of frequency and level.

@inline function at(s: usize, k: i32): f64 {
  return <f64>load<f32>(s + (<usize>k << 2));
}

/** How a peak is refined: by the spectrum's window when known, else a generic parabola. */
export const REFINE_PARABOLA: i32 = 0;
export const REFINE_FLATTOP: i32 = 1;
export const REFINE_HANN: i32 = 2;
export const REFINE_RECT: i32 = 3;

@inline function sinc(d: f64): f64 {
  return d == 0 ? 1.0 : Math.sin(Math.PI * d) / (Math.PI * d);
}

/**
 * Refines bin k of spectrum s (n bins): writes [freqHz, amplitude] to out.
 * - parabola: three-point parabola for frequency and level (any spectrum);
 * - flattop: parabola for frequency, the bin's own level (a flat top already reads the true
 *   amplitude, and a parabola would overshoot by up to 2%);
 * - hann / rect: the window's exact main-lobe shape from the larger neighbour's ratio
 *   (Hann: d = (2r - 1)/(r + 1), level / (sinc(d)/(1 - d^2)); rect: d = r/(1 + r),
 *   level / sinc(d)), exact for an isolated tone.
 */
export function refine(s: usize, n: i32, k: i32, df: f64, out: usize, mode: i32): void {
  const b = at(s, k);
  let delta: f64 = 0, amp = b;
  if (k > 0 && k < n - 1 && b > 0) {
    const a = at(s, k - 1), c = at(s, k + 1);
    if (mode == REFINE_HANN || mode == REFINE_RECT) {
      const right = c >= a;
      const r = (right ? c : a) / b;
      let d = mode == REFINE_HANN ? (2 * r - 1) / (r + 1) : r / (1 + r);
      d = Math.max(-0.5, Math.min(0.5, d));
      const shape = mode == REFINE_HANN ? sinc(d) / (1 - d * d) : sinc(d);
      amp = b / shape;
      delta = right ? d : -d;
    } else {
      const den = a - 2 * b + c;
      if (den < 0) {
        delta = 0.5 * (a - c) / den;
        if (delta > 0.5) delta = 0.5;
        if (delta < -0.5) delta = -0.5;
        if (mode == REFINE_PARABOLA) amp = b - 0.25 * (a - c) * delta;
      }
    }
  }
  store<f64>(out, (<f64>k + delta) * df);
  store<f64>(out, amp, 8);
}

/**
 * Local maxima of s[kLo..kHi] (inclusive), highest first, at most maxPeaks (<= 1024), refined.
 * out[0] = count, then pairs [freqHz, amplitude] from out[2]. Uses a sorted insertion list.
 */
export function findPeaks(s: usize, n: i32, df: f64, kLo: i32, kHi: i32, maxPeaks: i32, out: usize, idx: usize, mode: i32): i32 {
  let count = 0;
  for (let k = kLo; k <= kHi; k++) {
    const v = at(s, k);
    const left = k > 0 ? at(s, k - 1) : -Infinity;
    const right = k < n - 1 ? at(s, k + 1) : -Infinity;
    if (!(v > left && v >= right)) continue;
    // Insert k into the descending list idx[0..count).
    let pos = count;
    while (pos > 0 && at(s, load<i32>(idx + (<usize>(pos - 1) << 2))) < v) pos--;
    if (pos >= maxPeaks) continue;
    let end = count < maxPeaks ? count : maxPeaks - 1;
    for (let j = end; j > pos; j--) {
      store<i32>(idx + (<usize>j << 2), load<i32>(idx + (<usize>(j - 1) << 2)));
    }
    store<i32>(idx + (<usize>pos << 2), k);
    if (count < maxPeaks) count++;
  }
  store<f64>(out, <f64>count);
  for (let j = 0; j < count; j++) {
    refine(s, n, load<i32>(idx + (<usize>j << 2)), df, out + 16 + (<usize>j << 4), mode);
  }
  return count;
}

/** Largest bin in s[kLo..kHi], refined: writes [freqHz, amplitude] to out. */
export function peakIn(s: usize, n: i32, df: f64, kLo: i32, kHi: i32, out: usize, mode: i32): void {
  let best = kLo;
  let bv = at(s, kLo);
  for (let k = kLo + 1; k <= kHi; k++) {
    const v = at(s, k);
    if (v > bv) { bv = v; best = k; }
  }
  refine(s, n, best, df, out, mode);
}
