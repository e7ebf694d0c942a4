// Time-domain statistics in f64 (two passes: mean first, then central moments).

/** Writes mean, rms, stdDev, peak, crestFactor, kurtosis, skewness to out[0..7) as f64. */
export function signalStats(x: usize, n: i32, out: usize): void {
  let s: f64 = 0;
  for (let i = 0; i < n; i++) s += <f64>load<f32>(x + (<usize>i << 2));
  const mean = s / <f64>n;
  let m2: f64 = 0, m3: f64 = 0, m4: f64 = 0, sq: f64 = 0, peak: f64 = 0;
  for (let i = 0; i < n; i++) {
    const v = <f64>load<f32>(x + (<usize>i << 2));
    const d = v - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    sq += v * v;
    const a = Math.abs(v);
    if (a > peak) peak = a;
  }
  const inv = 1.0 / <f64>n;
  m2 *= inv; m3 *= inv; m4 *= inv;
  const rms = Math.sqrt(sq * inv);
  store<f64>(out, mean);
  store<f64>(out, rms, 8);
  store<f64>(out, Math.sqrt(m2), 16);
  store<f64>(out, peak, 24);
  store<f64>(out, rms > 0 ? peak / rms : 0, 32);
  store<f64>(out, m2 > 0 ? m4 / (m2 * m2) : 0, 40);
  store<f64>(out, m2 > 0 ? m3 / (m2 * Math.sqrt(m2)) : 0, 48);
}

/** Index of the first NaN or infinity among n floats, or -1. */
export function firstNonFinite(x: usize, n: i32): i32 {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const d = f32x4.sub(v, v); // 0 for finite values, NaN otherwise
    if (!v128.all_true<i32>(f32x4.eq(d, d))) break;
  }
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    if (!isFinite<f32>(v)) return i;
  }
  return -1;
}
