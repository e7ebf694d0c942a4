// Power accumulation over segments (Welch, spectral kurtosis). Single-frame amplitude and power
// spectra are fused into the split step (real.ts: realSplitLevels).

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
