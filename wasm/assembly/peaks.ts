// Peak search on a spectrum with parabolic (three-point) refinement of frequency and level.

@inline function at(s: usize, k: i32): f64 {
  return <f64>load<f32>(s + (<usize>k << 2));
}

/**
 * Refines bin k of spectrum s (n bins): writes [freqHz, amplitude] to out. With refineAmp false
 * the level is the bin's own (right for flat-top spectra, whose bins already read the true
 * amplitude and which a parabola would overshoot by up to 2%).
 */
export function refine(s: usize, n: i32, k: i32, df: f64, out: usize, refineAmp: bool): void {
  const b = at(s, k);
  let delta: f64 = 0, amp = b;
  if (k > 0 && k < n - 1) {
    const a = at(s, k - 1), c = at(s, k + 1);
    const den = a - 2 * b + c;
    if (den < 0) {
      delta = 0.5 * (a - c) / den;
      if (delta > 0.5) delta = 0.5;
      if (delta < -0.5) delta = -0.5;
      if (refineAmp) amp = b - 0.25 * (a - c) * delta;
    }
  }
  store<f64>(out, (<f64>k + delta) * df);
  store<f64>(out, amp, 8);
}

/**
 * Local maxima of s[kLo..kHi] (inclusive), highest first, at most maxPeaks (<= 1024), refined.
 * out[0] = count, then pairs [freqHz, amplitude] from out[2]. Uses a sorted insertion list.
 */
export function findPeaks(s: usize, n: i32, df: f64, kLo: i32, kHi: i32, maxPeaks: i32, out: usize, idx: usize, refineAmp: bool): i32 {
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
    refine(s, n, load<i32>(idx + (<usize>j << 2)), df, out + 16 + (<usize>j << 4), refineAmp);
  }
  return count;
}

/** Largest bin in s[kLo..kHi], refined: writes [freqHz, amplitude] to out. */
export function peakIn(s: usize, n: i32, df: f64, kLo: i32, kHi: i32, out: usize, refineAmp: bool): void {
  let best = kLo;
  let bv = at(s, kLo);
  for (let k = kLo + 1; k <= kHi; k++) {
    const v = at(s, k);
    if (v > bv) { bv = v; best = k; }
  }
  refine(s, n, best, df, out, refineAmp);
}
