// Periodic (DFT-even) windows, cached for the last (kind, length) asked for.
import { bufW, windowKindCached, windowLengthCached, setWindowCache } from "./buffers";

export const WINDOW_RECT: i32 = 0;
export const WINDOW_HANN: i32 = 1;
export const WINDOW_FLATTOP: i32 = 2;

/** Sum of the cached window (coherent gain x N). */
export let windowSum: f64 = 0;
/** Sum of squares of the cached window (for PSD scaling). */
export let windowSumSq: f64 = 0;

/**
 * Fills bufW with the window and returns its pointer, or 0 for the rectangular window (callers
 * skip the multiplication entirely).
 */
export function ensureWindow(kind: i32, n: i32): usize {
  if (kind == WINDOW_RECT) {
    windowSum = <f64>n;
    windowSumSq = <f64>n;
    return 0;
  }
  if (kind == windowKindCached && n == windowLengthCached) {
    return bufW;
  }
  let s: f64 = 0, s2: f64 = 0;
  const step = 2.0 * Math.PI / <f64>n;
  for (let i = 0; i < n; i++) {
    const t = step * <f64>i;
    let w: f64;
    if (kind == WINDOW_HANN) {
      w = 0.5 - 0.5 * Math.cos(t);
    } else {
      // HFT90D (Heinzel, Ruediger, Schilling 2002): amplitude flat within +-0.045% between
      // bins, where scipy's flattop coefficients droop 0.11% at half a bin.
      w = 1.0 - 1.942604 * Math.cos(t) + 1.340318 * Math.cos(2 * t)
        - 0.440811 * Math.cos(3 * t) + 0.043097 * Math.cos(4 * t);
    }
    const wf = <f32>w;
    store<f32>(bufW + (<usize>i << 2), wf);
    s += <f64>wf;
    s2 += <f64>wf * <f64>wf;
  }
  windowSum = s;
  windowSumSq = s2;
  setWindowCache(kind, n);
  return bufW;
}

/** Re-derives the sums of an already cached window (after another kind was computed). */
export function windowSums(kind: i32, n: i32): void {
  ensureWindow(kind, n);
}
