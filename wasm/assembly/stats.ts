// Time-domain statistics, accumulated in f64 (two passes: mean first, then central moments),
// four samples per step: f32x4 loads widened to two f64x2 lanes.

@inline function widenLow(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

@inline function widenHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}

@inline function sum2(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** Writes mean, rms, stdDev, peak, crestFactor, kurtosis, skewness to out[0..7) as f64. */
export function signalStats(x: usize, n: i32, out: usize): void {
  const body = n & ~3;
  let sv = f64x2.splat(0);
  for (let i = 0; i < body; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    sv = f64x2.add(sv, f64x2.add(widenLow(v), widenHigh(v)));
  }
  let s = sum2(sv);
  for (let i = body; i < n; i++) s += <f64>load<f32>(x + (<usize>i << 2));
  const mean = s / <f64>n;
  const mv = f64x2.splat(mean);
  let v2 = f64x2.splat(0), v3 = f64x2.splat(0), v4 = f64x2.splat(0), vq = f64x2.splat(0);
  let pk = f32x4.splat(0);
  for (let i = 0; i < body; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    pk = f32x4.max(pk, f32x4.abs(v));
    for (let h = 0; h < 2; h++) {
      const w = h == 0 ? widenLow(v) : widenHigh(v);
      const d = f64x2.sub(w, mv);
      const d2 = f64x2.mul(d, d);
      v2 = f64x2.add(v2, d2);
      v3 = f64x2.add(v3, f64x2.mul(d2, d));
      v4 = f64x2.add(v4, f64x2.mul(d2, d2));
      vq = f64x2.add(vq, f64x2.mul(w, w));
    }
  }
  let m2 = sum2(v2), m3 = sum2(v3), m4 = sum2(v4), sq = sum2(vq);
  let peak = <f64>Mathf.max(Mathf.max(f32x4.extract_lane(pk, 0), f32x4.extract_lane(pk, 1)),
    Mathf.max(f32x4.extract_lane(pk, 2), f32x4.extract_lane(pk, 3)));
  for (let i = body; i < n; i++) {
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
