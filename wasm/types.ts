/** Window applied before a spectrum: rectangular, Hann (periodic) or flat-top (periodic HFT90D, flat within ±0.045%). */
export type WindowKind = "rect" | "hann" | "flattop";

/** A spectral line: frequency in Hz and level in the spectrum's own units. */
export interface Peak {
  freqHz: number;
  amplitude: number;
}

/** Time-domain statistics of a signal (population moments). */
export interface SignalStats {
  mean: number;
  rms: number;
  stdDev: number;
  peak: number;
  crestFactor: number;
  /** Pearson kurtosis: 3 for a normal distribution, 1.5 for a sine. */
  kurtosis: number;
  skewness: number;
}

/** Result of {@link Dsp.symmetricalComponents}; magnitudes are peak amplitudes. */
export interface SymmetricalComponents {
  i1: number;
  i2: number;
  i0: number;
  /** i2 / i1 (0 when i1 is 0). */
  unbalance: number;
  magnitudes: [number, number, number];
  /** Phase of each phasor at sample 0 (cosine reference), radians. */
  anglesRad: [number, number, number];
}

/** Result of {@link Dsp.parkVector}; axes are peak radii of the (id, iq) locus. */
export interface ParkVector {
  ellipticity: number;
  majorAxis: number;
  minorAxis: number;
  angleRad: number;
}

/** A line an {@link EnvelopeScan} reads: its peak search window and its background. */
export interface ScanLine {
  /** Predicted line frequency, Hz. */
  hz: number;
  /** The peak is searched within hz ± toleranceHz. */
  toleranceHz: number;
  /** The background is the median of the bins within hz ± backgroundHalfWidthHz… */
  backgroundHalfWidthHz: number;
  /** …that lie farther than backgroundExcludeHz from hz. */
  backgroundExcludeHz: number;
}

/**
 * The envelope spectra of many demodulation bands of one signal, read at fixed lines without
 * the spectra leaving the core (see {@link Dsp.envelopeScan}). Valid across other DSP calls:
 * when one of them reused the core's memory, the signal is transformed again.
 */
export interface EnvelopeScan {
  /** Envelope-spectrum bin spacing fs/n, Hz (n: the largest power of two <= x.length, <= 2^20). */
  readonly df: number;
  /** Bins of the full-rate envelope spectrum of n samples (n/2 + 1): the frame the lines live in. */
  readonly bins: number;
  /**
   * Levels of the lines in the band's envelope spectrum: per line (in the order given) peak
   * freqHz, peak amplitude (parabola-refined, the nearest bin when the window holds none) and the
   * background median (0 when no bin qualifies). Only the first `lineCount` lines (default: all)
   * are read; written into `out` when given (3 per line, from index 0).
   */
  levels(lowHz: number, highHz: number, out?: Float64Array, lineCount?: number): Float64Array;
  /** The band's (decimated) envelope spectrum, bins 0.. up to the highest bin the lines read. */
  spectrum(lowHz: number, highHz: number): Float32Array;
  /** {@link Dsp.stats} of {@link Dsp.bandpass}(x, fs, lowHz, highHz), without copying the signal out. */
  bandStats(lowHz: number, highHz: number): SignalStats;
}

/** The DSP core: one WASM instance behind a typed, validating binding. */
export interface Dsp {
  /** Forward real FFT, N = 2^k in 256..65536; interleaved [re0,im0,...,re(N/2),im(N/2)] (length N+2), unnormalised like numpy.fft.rfft. */
  rfft(x: Float32Array, out?: Float32Array): Float32Array;
  /** Inverse of rfft (N real samples, irfft(rfft(x)) = x). */
  irfft(spectrum: Float32Array, out?: Float32Array): Float32Array;
  /** Single-sided amplitude spectrum (N/2+1 bins at k*fs/N), window-corrected so a sine of amplitude A reads A at its bin. */
  amplitudeSpectrum(x: Float32Array, window: WindowKind, out?: Float32Array): Float32Array;
  /** Single-sided power spectrum: amplitude^2/2 per bin (the power of each sine); DC bin is amplitude^2. */
  powerSpectrum(x: Float32Array, window: WindowKind, out?: Float32Array): Float32Array;
  /** Welch PSD (units^2/Hz, one-sided, scipy.signal.welch density, detrend "constant"), Hann segments of 2^k in 64..65536, overlap default 0.5. */
  welchPsd(x: Float32Array, fs: number, segment: number, overlap?: number, out?: Float32Array): Float32Array;
  /** Zero-phase FFT band-pass lowHz..highHz (raised-cosine skirts), any length 16..2^20 (reflect-padded). */
  bandpass(x: Float32Array, fs: number, lowHz: number, highHz: number, out?: Float32Array): Float32Array;
  /** Hilbert envelope |x + i·H(x)|, any length 16..2^20 (reflect-padded). */
  envelope(x: Float32Array, out?: Float32Array): Float32Array;
  /** Band-pass, Hilbert envelope, mean removed, Hann amplitude spectrum of the largest 2^k <= x.length samples (256..2^20). */
  envelopeSpectrum(x: Float32Array, fs: number, lowHz: number, highHz: number): { spectrum: Float32Array; df: number };
  /**
   * {@link envelopeSpectrum} of each band of one signal, from one forward FFT of it (a band scan
   * costs about a quarter less per band); each result is bit-identical to the single-band call.
   *
   * @example
   * ```ts
   * const [a, b] = dsp.envelopeSpectra(vibration, 12000, [{ lowHz: 2000, highHz: 2600 }, { lowHz: 2300, highHz: 2900 }]);
   * ```
   */
  envelopeSpectra(x: Float32Array, fs: number, bands: ReadonlyArray<{ lowHz: number; highHz: number }>): Array<{ spectrum: Float32Array; df: number }>;
  /**
   * Envelope-line scan of one signal: x (its first 2^k samples, as {@link envelopeSpectrum}) is
   * padded and transformed once; each band then costs one transform of its analytic signal
   * decimated to M points (M = 2^j >= `oversampling` × the band's bins, and enough bins for the
   * lines), whose envelope samples equal the full-rate envelope's at every (2n/M)-th sample, and
   * one M/2-point spectrum. The envelope spectrum is the full-rate one but for envelope content
   * above the reduced Nyquist that folds back (small when `oversampling` ≥ 4); with M = 2n
   * (`oversampling` Infinity) it is the full-rate spectrum. Default `oversampling`: 4. Lines must lie in 0 < hz < fs/2 at the envelope's df.
   *
   * @example
   * ```ts
   * const scan = dsp.envelopeScan(vibration, 12000, [{ hz: 107, toleranceHz: 6, backgroundHalfWidthHz: 90, backgroundExcludeHz: 9 }]);
   * const [freq, amplitude, background] = scan.levels(2000, 2600);
   * ```
   */
  envelopeScan(x: Float32Array, fs: number, lines: readonly ScanLine[], oversampling?: number): EnvelopeScan;
  /** Mean, RMS, standard deviation, peak, crest factor, kurtosis (Pearson), skewness. */
  stats(x: Float32Array): SignalStats;
  /** Spectral kurtosis per bin (STFT, Hann, nfft = 2^k in 64..65536, 75% overlap): ~0 for Gaussian noise, large for impulsive bands. */
  spectralKurtosis(x: Float32Array, fs: number, nfft: number): Float32Array;
  /**
   * Up to maxPeaks (1..1024) local maxima between fminHz and fmaxHz, highest first, frequency and
   * amplitude refined by parabolic interpolation. Extension: pass the `window` the spectrum was
   * made with for a better refinement: "hann" and "rect" use the window's exact main-lobe shape
   * (amplitude and frequency exact for an isolated tone, where the parabola reads up to 7% low on
   * Hann), "flattop" keeps the bin level (a parabola over a flat top overshoots ~2%).
   */
  findPeaks(spectrum: Float32Array, df: number, fminHz: number, fmaxHz: number, maxPeaks: number, window?: WindowKind): Peak[];
  /** The largest (refined) peak within freqHz ± toleranceHz (the nearest bin when the window holds none); `window` as in findPeaks. */
  amplitudeAt(spectrum: Float32Array, df: number, freqHz: number, toleranceHz: number, window?: WindowKind): Peak;
  /**
   * {@link amplitudeAt} for many lines of one spectrum, which is copied in once: element i is
   * `amplitudeAt(spectrum, df, freqsHz[i], tolerancesHz[i], window)`.
   */
  amplitudesAt(spectrum: Float32Array, df: number, freqsHz: ArrayLike<number>, tolerancesHz: ArrayLike<number>, window?: WindowKind): Peak[];
  /** Lines at carrierHz + each offset relative to the carrier: 20·log10(side/carrier); `window` as in findPeaks. */
  sidebandsDb(spectrum: Float32Array, df: number, carrierHz: number, offsetsHz: number[], toleranceHz: number, window?: WindowKind): { carrier: Peak; sidebands: Peak[]; levelsDb: number[] };
  /** Fortescue components of three equal-length phases at fHz (Hann-windowed single-bin DFT over whole cycles). */
  symmetricalComponents(ia: Float32Array, ib: Float32Array, ic: Float32Array, fs: number, fHz: number): SymmetricalComponents;
  /** Park's vector locus of three phases: ellipticity = 1 - minor/major, axes, major-axis angle. */
  parkVector(ia: Float32Array, ib: Float32Array, ic: Float32Array): ParkVector;
  /** Number of calls rejected with DSP_INVALID_INPUT since load (an extension of the contract). */
  readonly rejectedInputs: number;
}
