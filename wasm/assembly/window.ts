// Periodic (DFT-even) windows, built once per (kind, power-of-two length) and kept, so callers
// that alternate windows (a flat-top spectrum, then a Hann envelope spectrum) never rebuild.

export const WINDOW_RECT: i32 = 0;
export const WINDOW_HANN: i32 = 1;
export const WINDOW_FLATTOP: i32 = 2;

const MAX_LOG: i32 = 21;

/** Sum of the window last returned by ensureWindow (coherent gain x N). */
export let windowSum: f64 = 0;
/** Sum of squares of the window last returned by ensureWindow (for PSD scaling). */
export let windowSumSq: f64 = 0;

// Per kind (1, 2) and log2 length: pointer, sum, sum of squares.
let tables: usize = 0;

function coefficient(kind: i32, t: f64): f64 {
  if (kind == WINDOW_HANN) return 0.5 - 0.5 * Math.cos(t);
  // HFT90D (Heinzel, Ruediger, Schilling 2002): amplitude flat within +-0.045% between bins,
  // where scipy's flattop coefficients droop 0.11% at half a bin.
  return 1.0 - 1.942604 * Math.cos(t) + 1.340318 * Math.cos(2 * t)
    - 0.440811 * Math.cos(3 * t) + 0.043097 * Math.cos(4 * t);
}

/**
 * Returns the window of `kind` for a power-of-two length n (and sets windowSum/windowSumSq),
 * or 0 for the rectangular window (callers skip the multiplication entirely).
 */
export function ensureWindow(kind: i32, n: i32): usize {
  if (kind == WINDOW_RECT) {
    windowSum = <f64>n;
    windowSumSq = <f64>n;
    return 0;
  }
  if (tables == 0) {
    const bytes = <usize>(3 * (MAX_LOG + 1) * 3) << 3;
    tables = heap.alloc(bytes);
    memory.fill(tables, 0, bytes);
  }
  const log = 31 - clz<i32>(n);
  const slot = tables + (<usize>((kind * (MAX_LOG + 1) + log) * 3) << 3);
  let w = load<usize>(slot);
  if (w == 0) {
    w = heap.alloc(<usize>n << 2);
    let s: f64 = 0, s2: f64 = 0;
    const step = 2.0 * Math.PI / <f64>n;
    for (let i = 0; i < n; i++) {
      const wf = <f32>coefficient(kind, step * <f64>i);
      store<f32>(w + (<usize>i << 2), wf);
      s += <f64>wf;
      s2 += <f64>wf * <f64>wf;
    }
    store<f64>(slot, s, 8);
    store<f64>(slot, s2, 16);
    store<usize>(slot, w);
  }
  windowSum = load<f64>(slot, 8);
  windowSumSq = load<f64>(slot, 16);
  return w;
}
