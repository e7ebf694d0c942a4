/**
 * The motor-current signature shared by the current-based analyzers: Hann amplitude spectra of
 * the measured phases (and their mean, which lowers the noise floor; a single-phase recording —
 * the usual MCSA set-up — uses its one phase), the supply fundamental found
 * as the strongest line, and how far that fundamental drifted between the window's two halves
 * (a speed/load change within the window smears every sideband). Computed once per window.
 * @module
 */
import type { Dsp, Peak } from "../../wasm/mod.ts";
import type { TelemetryWindow } from "../domain/mod.ts";

/** Smallest FFT the current analysis uses (samples). */
export const MIN_CURRENT_FFT = 256;
/** Largest FFT the current analysis uses (samples). */
export const MAX_CURRENT_FFT = 65536;

/** The current spectrum of one window. */
export interface CurrentSpectrum {
  /** FFT length used (largest power of two ≤ window length, ≤ 65536). */
  n: number;
  fs: number;
  /** Bin spacing, Hz. */
  df: number;
  /** Per-phase Hann amplitude spectra (A at a sine's bin); an empty array for a phase not measured. */
  phases: [Float32Array, Float32Array, Float32Array];
  /** Which phases were measured (non-empty in the window), in a/b/c order. */
  measured: CurrentPhase[];
  /** Mean of the measured phases' spectra. */
  mean: Float32Array;
  /** The supply fundamental (strongest line above 2 Hz) in the mean spectrum. */
  fundamental: Peak;
  /** |f(second half) − f(first half)|, Hz. */
  fundamentalDriftHz: number;
  /**
   * Amplitude of the fundamental from the power of all bins it occupies (±(drift + 4 bins)),
   * Hann-corrected (ENBW 1.5 bins): unlike the peak bin it stays right when a speed change
   * within the window smears the line, so sideband levels are not inflated.
   */
  fundamentalAmplitude: number;
}

/** A phase of the stator current. */
export type CurrentPhase = "a" | "b" | "c";

/** Why no current spectrum could be made. */
export type CurrentSpectrumResult = { ok: true; spectrum: CurrentSpectrum } | { ok: false; reason: string };

const cache = new WeakMap<TelemetryWindow, CurrentSpectrumResult>();

function largestPowerOfTwo(n: number): number {
  return n < 1 ? 0 : Math.pow(2, Math.floor(Math.log2(n)));
}

function strongestLine(dsp: Dsp, spectrum: Float32Array, df: number, fs: number): Peak | undefined {
  const peaks = dsp.findPeaks(spectrum, df, Math.max(2, 2 * df), fs / 2 - df, 1);
  return peaks[0];
}

/** Bin-wise mean of one to three spectra of equal length into `mean` (the same f32 sums as a generic loop). */
function meanSpectrum(spectra: Float32Array[], mean: Float32Array): Float32Array {
  const [a, b, c] = spectra as [Float32Array, Float32Array | undefined, Float32Array | undefined];
  // One loop per phase count: this runs over every bin of every window.
  if (c !== undefined && b !== undefined) for (let i = 0; i < mean.length; i++) mean[i] = (a[i]! + b[i]! + c[i]!) / 3;
  else if (b !== undefined) for (let i = 0; i < mean.length; i++) mean[i] = (a[i]! + b[i]!) / 2;
  else mean.set(a);
  return mean;
}

let halfSpectrum = new Float32Array(0);

/** A reusable buffer of `bins` floats for the half-window spectra of the drift check. */
function halfScratch(bins: number): Float32Array {
  if (halfSpectrum.length !== bins) halfSpectrum = new Float32Array(bins);
  return halfSpectrum;
}

/** Computes (or returns the cached) current spectrum of a window. */
export function currentSpectrum(dsp: Dsp, window: TelemetryWindow): CurrentSpectrumResult {
  const hit = cache.get(window);
  if (hit) return hit;
  const result = compute(dsp, window);
  cache.set(window, result);
  return result;
}

function compute(dsp: Dsp, window: TelemetryWindow): CurrentSpectrumResult {
  const c = window.currents;
  const all: Array<[CurrentPhase, Float32Array]> = c ? [["a", c.a], ["b", c.b], ["c", c.c]] : [];
  // An empty phase was not measured (TelemetryWindow: "empty arrays when not measured").
  const present = all.filter(([, x]) => x.length > 0);
  if (present.length === 0) return { ok: false, reason: "the window has no phase currents" };
  const length = present[0][1].length;
  if (present.some(([, x]) => x.length !== length)) {
    return { ok: false, reason: `the measured phase currents have unequal lengths ${all.map(([, x]) => x.length).join("/")} (a/b/c; an empty phase is not measured)` };
  }
  const fs = window.sampleRateHz;
  const n = Math.min(MAX_CURRENT_FFT, largestPowerOfTwo(length));
  if (n < MIN_CURRENT_FFT) {
    return { ok: false, reason: `${length} current samples are fewer than the ${MIN_CURRENT_FFT} a spectrum needs` };
  }
  // The most recent n samples: a longer window is analysed on its stationary tail.
  const tail = (x: Float32Array) => x.subarray(x.length - n);
  // The measured phases' spectra and their mean share one allocation (views of one buffer).
  const bins = n / 2 + 1;
  const store = new Float32Array((present.length + 1) * bins);
  let next = 0;
  const none = new Float32Array(0);
  const phases = all.map(([, x]) => (x.length > 0 ? dsp.amplitudeSpectrum(tail(x), "hann", store.subarray(bins * next, bins * ++next)) : none)) as [Float32Array, Float32Array, Float32Array];
  const mean = meanSpectrum(phases.filter((p) => p.length > 0), store.subarray(bins * next));
  const df = fs / n;
  const fundamental = strongestLine(dsp, mean, df, fs);
  if (!fundamental || !(fundamental.amplitude > 0)) return { ok: false, reason: "no supply fundamental found in the currents" };
  let drift = 0;
  const half = n / 2;
  if (half >= MIN_CURRENT_FFT) {
    const x = tail(present[0][1]);
    // Both halves' spectra are only read here: one scratch serves them in turn.
    const scratch = halfScratch(half / 2 + 1);
    const p1Spectrum = dsp.amplitudeSpectrum(x.subarray(0, half), "hann", scratch);
    const dfh = fs / half;
    const tol = Math.max(3 * dfh, 0.05 * fundamental.freqHz);
    const p1 = dsp.amplitudeAt(p1Spectrum, dfh, fundamental.freqHz, tol);
    const p2 = dsp.amplitudeAt(dsp.amplitudeSpectrum(x.subarray(half), "hann", scratch), dfh, fundamental.freqHz, tol);
    drift = Math.abs(p2.freqHz - p1.freqHz);
  }
  const centre = Math.round(fundamental.freqHz / df);
  const reach = Math.ceil(drift / df) + 4;
  let power = 0;
  for (let i = Math.max(1, centre - reach); i <= Math.min(mean.length - 1, centre + reach); i++) power += mean[i] * mean[i];
  const fundamentalAmplitude = Math.max(Math.sqrt(power / 1.5), fundamental.amplitude);
  return { ok: true, spectrum: { n, fs, df, phases, measured: present.map(([p]) => p), mean, fundamental, fundamentalDriftHz: drift, fundamentalAmplitude } };
}

/** Sideband levels re-referenced to a robust carrier amplitude (dB = 20·log10(side/carrier)). */
export function relativeTo<T extends { sidebands: Peak[]; levelsDb: number[] }>(carrierAmplitude: number, r: T): T {
  return { ...r, levelsDb: r.sidebands.map((p) => (p.amplitude > 0 && carrierAmplitude > 0 ? 20 * Math.log10(p.amplitude / carrierAmplitude) : -200)) };
}

/** A carrier, its sidebands and their levels re the carrier (dB), as `Dsp.sidebandsDb` gives them. */
export interface SidebandLevels {
  carrier: Peak;
  sidebands: Peak[];
  levelsDb: number[];
}

/**
 * {@link relativeTo} of the sidebands of one `sidebandsDb` call made with offsets
 * [−o1, +o1, −o2, +o2] (one carrier search, one copy of the spectrum), split into the k = 1 and
 * k = 2 pairs as two separate calls with [−o, +o] would give them.
 */
export function sidebandPairs(carrierAmplitude: number, r: SidebandLevels): [SidebandLevels, SidebandLevels] {
  const pair = (i: number) => relativeTo(carrierAmplitude, { carrier: r.carrier, sidebands: r.sidebands.slice(i, i + 2), levelsDb: r.levelsDb.slice(i, i + 2) });
  return [pair(0), pair(2)];
}
