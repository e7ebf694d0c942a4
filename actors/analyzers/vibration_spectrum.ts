/**
 * Amplitude spectrum of the vibration channel (Hann, largest power of two ≤ length, ≤ 65536),
 * computed once per window and shared by the analyzers that read rotation lines.
 * @module
 */
import type { Dsp } from "../../wasm/mod.ts";
import type { TelemetryWindow } from "../domain/mod.ts";

/** The vibration spectrum of one window. */
export interface VibrationSpectrum {
  n: number;
  fs: number;
  df: number;
  /** g at a sine's bin. */
  spectrum: Float32Array;
}

const cache = new WeakMap<TelemetryWindow, VibrationSpectrum | string>();

/** The vibration spectrum, or the reason there is none. */
export function vibrationSpectrum(dsp: Dsp, window: TelemetryWindow): VibrationSpectrum | string {
  const hit = cache.get(window);
  if (hit !== undefined) return hit;
  let result: VibrationSpectrum | string;
  const x = window.vibration;
  if (!x || x.length === 0) result = "the window has no vibration channel";
  else if (x.length < 256) result = `${x.length} vibration samples are fewer than the 256 a spectrum needs`;
  else {
    const n = Math.min(65536, Math.pow(2, Math.floor(Math.log2(x.length))));
    const fs = window.vibrationSampleRateHz ?? window.sampleRateHz;
    result = { n, fs, df: fs / n, spectrum: dsp.amplitudeSpectrum(x.subarray(x.length - n), "hann") };
  }
  cache.set(window, result);
  return result;
}

/** RMS velocity (mm/s) of a line of peak acceleration `g` at `hz`. */
export function velocityMmS(peakG: number, hz: number): number {
  return hz > 0 ? ((peakG * 9.80665) / (2 * Math.PI * hz) / Math.SQRT2) * 1000 : 0;
}

/**
 * A line's amplitude with the broadband floor removed: the peak found in a search window over
 * noise alone reads about twice the local median, so that much is subtracted in power. Keeps a
 * noisy accelerometer from turning low-frequency noise into velocity (which divides by 2πf).
 */
export function lineAboveFloor(spectrum: Float32Array, df: number, hz: number, peak: number): number {
  const c = Math.round(hz / df);
  // The neighbourhood without the line's ±3 bins, as a typed copy (numeric sort, no comparator).
  const lo = Math.max(1, c - 25);
  const hi = Math.min(spectrum.length - 1, c + 25);
  const vals = new Float32Array(Math.max(0, hi - lo + 1));
  let n = 0;
  for (let i = lo; i <= hi; i++) if (Math.abs(i - c) > 3) vals[n++] = spectrum[i]!;
  if (n === 0) return peak;
  const sorted = vals.subarray(0, n).sort();
  const floor = 2 * sorted[Math.floor(n / 2)]!;
  return Math.sqrt(Math.max(0, peak * peak - floor * floor));
}
