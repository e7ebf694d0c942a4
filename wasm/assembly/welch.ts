// Segment-averaged spectra: Welch PSD (scipy.signal.welch density semantics) and spectral
// kurtosis, both over Hann-windowed segments of a long signal held in bufC.
import { bufA, bufB, bufC, bufO, bufAcc } from "./buffers";
import { realFft } from "./real";
import { ensureWindow, windowSumSq, WINDOW_HANN } from "./window";
import { accumulatePower } from "./spectrum";
import { log2 } from "./filter";

/**
 * One-sided Welch PSD of n samples at bufC, Hann segments of length l with hop `step`, each
 * segment's mean removed (scipy's detrend="constant"). Writes l/2+1 values to bufO; returns the
 * number of segments averaged.
 */
export function welchPsd(n: i32, l: i32, step: i32, fs: f64): i32 {
  const logM = log2(l) - 1;
  const bins = (l >> 1) + 1;
  const win = ensureWindow(WINDOW_HANN, l);
  const acc = bufAcc;
  memory.fill(acc, 0, <usize>bins << 3);
  let count = 0;
  for (let start = 0; start + l <= n; start += step) {
    const seg = bufC + (<usize>start << 2);
    let sum: f64 = 0;
    for (let i = 0; i < l; i++) sum += <f64>load<f32>(seg + (<usize>i << 2));
    const mean = <f32>(sum / <f64>l);
    const mv = f32x4.splat(mean);
    for (let i = 0; i < l; i += 4) {
      const o = <usize>i << 2;
      v128.store(bufA + o, f32x4.sub(v128.load(seg + o), mv));
    }
    realFft(bufA, bufB, logM, bufO, win);
    accumulatePower(bufO, bins, acc, 0);
    count++;
  }
  const scale = 1.0 / (fs * windowSumSq * <f64>count);
  for (let k = 0; k < bins; k++) {
    let v = load<f64>(acc + (<usize>k << 3)) * scale;
    if (k != 0 && k != bins - 1) v *= 2;
    store<f32>(bufO + (<usize>k << 2), <f32>v);
  }
  return count;
}

/**
 * Spectral kurtosis per bin from an STFT (Hann, nfft, hop nfft/4) of n samples at bufC:
 * SK(f) = <|X|^4> / <|X|^2>^2 - 2, about 0 for Gaussian noise. Writes nfft/2+1 values to bufO;
 * returns the number of segments.
 */
export function spectralKurtosis(n: i32, nfft: i32): i32 {
  const logM = log2(nfft) - 1;
  const bins = (nfft >> 1) + 1;
  const win = ensureWindow(WINDOW_HANN, nfft);
  const acc2 = bufAcc, acc4 = bufAcc + (<usize>bins << 3);
  memory.fill(acc2, 0, <usize>bins << 4);
  const hop = nfft >> 2;
  let count = 0;
  for (let start = 0; start + nfft <= n; start += hop) {
    memory.copy(bufA, bufC + (<usize>start << 2), <usize>nfft << 2);
    realFft(bufA, bufB, logM, bufO, win);
    accumulatePower(bufO, bins, acc2, acc4);
    count++;
  }
  const c = <f64>count;
  for (let k = 0; k < bins; k++) {
    const m2 = load<f64>(acc2 + (<usize>k << 3)) / c;
    const m4 = load<f64>(acc4 + (<usize>k << 3)) / c;
    const sk = m2 > 0 ? m4 / (m2 * m2) - 2.0 : 0.0;
    store<f32>(bufO + (<usize>k << 2), <f32>sk);
  }
  return count;
}
