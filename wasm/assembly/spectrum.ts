// Magnitude and power of a real spectrum (M+1 complex bins), scaled to sine amplitudes.

/**
 * out[k] = |X[k]| * scale for k in 0..M, then DC and Nyquist halved (a sine's energy sits in
 * one bin there, not two). `out` may alias `x` (writes never overtake reads).
 */
export function amplitudes(x: usize, m: i32, scale: f32, out: usize): void {
  const s = f32x4.splat(scale);
  const bins = m + 1;
  for (let k = 0; k < bins; k += 4) {
    const p = x + (<usize>k << 3);
    const v1 = v128.load(p), v2 = v128.load(p, 16);
    const re = v128.shuffle<f32>(v1, v2, 0, 2, 4, 6);
    const im = v128.shuffle<f32>(v1, v2, 1, 3, 5, 7);
    const mag = f32x4.sqrt(f32x4.add(f32x4.mul(re, re), f32x4.mul(im, im)));
    v128.store(out + (<usize>k << 2), f32x4.mul(mag, s));
  }
  store<f32>(out, load<f32>(out) * 0.5);
  const last = out + (<usize>m << 2);
  store<f32>(last, load<f32>(last) * 0.5);
}

/** In-place amplitude -> power of each sine (A^2/2); DC is a constant, its power is A^2. */
export function amplitudesToPower(a: usize, bins: i32): void {
  const h = f32x4.splat(0.5);
  const dc = load<f32>(a);
  for (let k = 0; k < bins; k += 4) {
    const p = a + (<usize>k << 2);
    const v = v128.load(p);
    v128.store(p, f32x4.mul(f32x4.mul(v, v), h));
  }
  store<f32>(a, dc * dc);
}

/** Accumulates |X[k]|^2 (and |X[k]|^4 when acc4 != 0) into f64 rows. */
export function accumulatePower(x: usize, bins: i32, acc2: usize, acc4: usize): void {
  for (let k = 0; k < bins; k++) {
    const p = x + (<usize>k << 3);
    const re = <f64>load<f32>(p), im = <f64>load<f32>(p, 4);
    const pw = re * re + im * im;
    const a2 = acc2 + (<usize>k << 3);
    store<f64>(a2, load<f64>(a2) + pw);
    if (acc4 != 0) {
      const a4 = acc4 + (<usize>k << 3);
      store<f64>(a4, load<f64>(a4) + pw * pw);
    }
  }
}
