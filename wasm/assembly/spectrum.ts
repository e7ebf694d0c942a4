// Power accumulation over segments (Welch, spectral kurtosis). Single-frame amplitude and power
// spectra are fused into the split step (real.ts: realSplitLevels).

/**
 * Accumulates |X[k]|^2 (and |X[k]|^4 when acc4 != 0) into f64 rows, two bins per step: the
 * f32 parts are widened to f64 before squaring, as a scalar loop does, so the sums are the same.
 */
export function accumulatePower(x: usize, bins: i32, acc2: usize, acc4: usize): void {
  let k = 0;
  for (; k + 2 <= bins; k += 2) {
    const v = v128.load(x + (<usize>k << 3));
    const re = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 0, 2, 1, 3));
    const im = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 1, 3, 0, 2));
    const pw = f64x2.add(f64x2.mul(re, re), f64x2.mul(im, im));
    const a2 = acc2 + (<usize>k << 3);
    v128.store(a2, f64x2.add(v128.load(a2), pw));
    if (acc4 != 0) {
      const a4 = acc4 + (<usize>k << 3);
      v128.store(a4, f64x2.add(v128.load(a4), f64x2.mul(pw, pw)));
    }
  }
  for (; k < bins; k++) {
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
