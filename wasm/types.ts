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
