/**
 * Rolling-element bearing defects. Each time a rolling element meets a defect it strikes a short
 * impulse that rings a structural resonance of the housing, kHz above the motor's own lines. The
 * analyzer finds that band by spectral kurtosis (impulsive bands have high SK), band-passes it,
 * takes the Hilbert envelope and looks in the envelope spectrum for the geometry-derived defect
 * frequencies: BPFO (outer race), BPFI with ±1× sidebands (inner race, modulated as the defect
 * turns through the load zone), 2·BSF with ±FTF sidebands (ball), FTF (cage). Severity is the
 * impulse energy relative to the background (actors/domain/severity.ts), estimated from the band.
 * @module
 */
import { bearingDefectFrequencies, bearingScale, type Diagnosis, FAULT_SEVERITY, WARNING_SEVERITY } from "../domain/mod.ts";
import type { Dsp } from "../../wasm/mod.ts";
import type { AnalysisContext, RememberedBand } from "./analysis_context.ts";
import { type BearingDefect, evidenceDb, evidenceLineIndices, type FamilyEvidence, familiesFromLines, familyLineHz, familyLines, lineQuery, snrOverBackground } from "./bearing_lines.ts";
import { vibrationSpectrum } from "./vibration_spectrum.ts";
import { insufficientData, round, verdict } from "./verdict.ts";

/**
 * STFT length of the spectral-kurtosis band search: the largest power of two (64–256) whose
 * segment is at most half the fastest defect period — a segment holding several impulses looks
 * stationary and its SK falls towards −1.
 */
export function skSegment(fs: number, fastestDefectHz: number): number {
  const n = Math.pow(2, Math.floor(Math.log2(fs / (2 * fastestDefectHz))));
  return Math.max(64, Math.min(256, n));
}
/** A family is detected when its first harmonic stands this far (dB) over the local background… */
export const MIN_FIRST_HARMONIC_SNR_DB = 10;
/** …and its combined evidence (SNR1 + ½·SNR2 + ¼·sideband) reaches this, dB. */
export const MIN_EVIDENCE_DB = 20;
/** With a baseline, the defect line must also rise this much (dB) over the vehicle's own strongest healthy line. */
export const BASELINE_RISE_DB = 6;
/** Impulse energy (dB re background) below which no defect is declared: severity 0 on the scale. */
export const MIN_IMPULSE_ENERGY_DB = bearingScale.toQuantity(0);
/** The cage line sits where the band noise's envelope spectrum is least flat: it needs this much more SNR, dB. */
export const CAGE_EXTRA_DB = 4;
/** Fewest vibration samples a band-pass envelope spectrum is computed from. */
export const MIN_VIBRATION_SAMPLES = 2048;
/** Defect periods the window must contain. */
export const MIN_DEFECT_PERIODS = 20;
/** The families the band scan compares bands on (cage excluded: its line sits where band noise is least flat). */
const COMPETING_DEFECTS: readonly BearingDefect[] = ["outer_race", "inner_race", "ball"];

/** The band the envelope analysis used. */
export interface DemodulationBand {
  lowHz: number;
  highHz: number;
  /** Spectral kurtosis at the band centre. */
  kurtosis: number;
}

/** Chooses the demodulation band: the SK maximum above the motor's own lines, widened to carry the defect harmonics. */
export function chooseBand(dsp: Dsp, x: Float32Array, fs: number, minWidthHz: number, floorHz: number, nfft: number): DemodulationBand {
  const sk = dsp.spectralKurtosis(x, fs, nfft);
  const df = fs / nfft;
  const lo = Math.max(1, Math.ceil(floorHz / df));
  const hi = Math.floor((0.45 * fs) / df);
  let best = lo;
  let bestVal = -Infinity;
  for (let i = lo; i <= hi; i++) {
    // Smooth over neighbours: single-bin SK estimates are noisy.
    const v = (sk[i - 1] + 2 * sk[i] + (sk[i + 1] ?? sk[i])) / 4;
    if (v > bestVal) {
      bestVal = v;
      best = i;
    }
  }
  let a = best;
  let b = best;
  while (a > lo && sk[a - 1] > 0.5 * bestVal) a--;
  while (b < hi && sk[b + 1] > 0.5 * bestVal) b++;
  let lowHz = (a - 0.5) * df;
  let highHz = (b + 0.5) * df;
  if (highHz - lowHz < minWidthHz) {
    const c = best * df;
    lowHz = c - minWidthHz / 2;
    highHz = c + minWidthHz / 2;
  }
  const floor = Math.max(floorHz, 1);
  if (lowHz < floor) {
    highHz += floor - lowHz;
    lowHz = floor;
  }
  if (highHz > 0.48 * fs) {
    lowHz = Math.max(floor, lowHz - (highHz - 0.48 * fs));
    highHz = 0.48 * fs;
  }
  return { lowHz, highHz, kurtosis: bestVal };
}

/**
 * The demodulation band holds only part of the ringing's energy (its skirts and the spectral
 * leakage of short impulses fall outside); calibrated on the simulator's damped-resonance model.
 */
export const BAND_CAPTURE_DB = 3;
/** Welch segment of the impulse-energy estimate. */
export const ENERGY_SEGMENT = 256;

/**
 * Impulse energy relative to background, dB. The background is taken as the median Welch PSD
 * above the motor's own lines (broadband floor); the impulse power is the band's PSD excess over
 * that floor; the background power is the rest of the signal's variance.
 */
export function impulseEnergyDb(dsp: Dsp, x: Float32Array, fs: number, band: DemodulationBand, floorHz: number): number {
  const psd = dsp.welchPsd(x, fs, ENERGY_SEGMENT);
  const df = fs / ENERGY_SEGMENT;
  // A typed copy sorts numerically without a comparator call per comparison.
  const lo = Math.ceil(floorHz / df);
  const all = psd.slice(lo, Math.max(lo, Math.floor((0.45 * fs) / df) + 1)).sort();
  const floor = all[Math.floor(all.length / 2)] ?? 0;
  let pImpulse = 0;
  for (let i = Math.ceil(band.lowHz / df); i <= Math.min(psd.length - 1, Math.floor(band.highHz / df)); i++) pImpulse += Math.max(0, psd[i] - floor) * df;
  const total = dsp.stats(x).stdDev ** 2;
  const pBackground = Math.max(total - pImpulse, 1e-30);
  return pImpulse > 0 ? 10 * Math.log10(pImpulse / pBackground) + BAND_CAPTURE_DB : -100;
}

/** Overall RMS vibration velocity 10–1000 Hz (mm/s) from a Hann amplitude spectrum (ISO 20816 guide). */
function overallVelocity(spectrum: Float32Array, df: number): number {
  let sum = 0;
  for (let i = Math.ceil(10 / df); i <= Math.min(spectrum.length - 1, Math.floor(1000 / df)); i++) {
    const v = (spectrum[i] * 9.80665) / (2 * Math.PI * i * df) * 1000;
    sum += (v * v) / 2;
  }
  return Math.sqrt(sum / 1.5);
}

/** Analyzes one window for bearing defects. */
export function analyzeBearing(ctx: AnalysisContext): Diagnosis {
  const { dsp, window, profile, baseline } = ctx;
  const x = window.vibration;
  if (!x || x.length === 0) return insufficientData("bearing", "the window has no vibration channel");
  const fs = window.vibrationSampleRateHz ?? window.sampleRateHz;
  const duration = x.length / fs;
  // Refusals name the most fundamental limit first: too little data cannot be cured by giving the
  // geometry or the speed, so it is reported before them.
  if (x.length < MIN_VIBRATION_SAMPLES) {
    return insufficientData("bearing", `${x.length} vibration samples (${round(duration, 3)} s at ${fs} Hz) are too few for a band-pass envelope spectrum; at least ${MIN_VIBRATION_SAMPLES} are needed`);
  }
  if (!profile.bearing) return insufficientData("bearing", "the vehicle profile gives no bearing geometry, so the defect frequencies are unknown");
  if (window.speedRpm === undefined || window.speedRpm <= 0) {
    return insufficientData("bearing", "no shaft speed in the window: the defect frequencies scale with speed");
  }
  const freqs = bearingDefectFrequencies(profile.bearing, window.speedRpm / 60);
  const features: Diagnosis["features"] = {
    shaft_frequency: { value: round(freqs.shaftHz, 3), unit: "Hz" },
    bpfo: { value: round(freqs.bpfo, 3), unit: "Hz" },
    bpfi: { value: round(freqs.bpfi, 3), unit: "Hz" },
    bsf: { value: round(freqs.bsf, 3), unit: "Hz" },
    ftf: { value: round(freqs.ftf, 3), unit: "Hz" },
  };
  if (duration * freqs.bpfo < MIN_DEFECT_PERIODS) {
    return insufficientData("bearing", `${round(duration, 3)} s holds only ${round(duration * freqs.bpfo, 1)} outer-race defect periods (BPFO ${round(freqs.bpfo, 2)} Hz); ≥ ${MIN_DEFECT_PERIODS} are needed`, features);
  }
  const floorHz = Math.max(500, 4 * freqs.bpfi);
  const minWidth = Math.max(3 * freqs.bpfi + 2 * freqs.shaftHz, 400);
  if (floorHz + minWidth > 0.48 * fs) {
    return insufficientData("bearing", `sample rate ${fs} Hz leaves no resonance band above ${round(floorHz, 0)} Hz wide enough (${round(minWidth, 0)} Hz) for the defect harmonics`, features);
  }
  const skBand = chooseBand(dsp, x, fs, minWidth, floorHz, skSegment(fs, freqs.bpfi));
  const { band, df, families, source, hinted, scan } = bestBand(dsp, x, fs, skBand, minWidth, floorHz, freqs, ctx.bearingBand);
  const bandStats = scan.bandStats(band.lowHz, band.highHz);
  const energyDb = impulseEnergyDb(dsp, x, fs, band, floorHz);
  const energy = { energyDb, bandKurtosis: bandStats.kurtosis };
  const vs = vibrationSpectrum(dsp, window);
  features.band_low = { value: round(band.lowHz, 1), unit: "Hz", description: BAND_SOURCE_DESCRIPTION[source] };
  features.band_high = { value: round(band.highHz, 1), unit: "Hz" };
  features.band_scan = { value: hinted ? "remembered" : "full", description: "full: every band scanned; remembered: the SK band against the band of this vehicle's last full scan" };
  features.spectral_kurtosis = { value: round(band.kurtosis, 3), description: "SK at the band centre (0 for Gaussian)" };
  features.band_kurtosis = { value: round(energy.bandKurtosis, 3), description: "Pearson kurtosis of the band-passed signal (3 for Gaussian)" };
  features.impulse_energy = { value: round(energy.energyDb, 2), unit: "dB", description: "impulse energy re background; scale E = −18 + 30·severity" };
  features.envelope_resolution = { value: round(df, 4), unit: "Hz" };
  if (typeof vs !== "string") {
    features.overall_velocity = { value: round(overallVelocity(vs.spectrum, vs.df), 3), unit: "mm/s", description: "RMS 10–1000 Hz, ISO 20816 zones as a guide only" };
  }
  for (const fam of families) {
    features[`${fam.label}_snr`] = { value: round(fam.harmonics[0].snrDb, 2), unit: "dB", description: `${fam.label} line over the local envelope background` };
  }
  const ranked = [...families].sort((a, b) => b.evidence - a.evidence);
  // A defect line is only proof when the band also carries impulse energy above the broadband
  // floor: a line without impulses is the modulation of something else (a tone, electrical noise).
  let detected = energy.energyDb >= MIN_IMPULSE_ENERGY_DB ? pickDefect(ranked) : undefined;
  const frequencies = families.flatMap((fam) =>
    fam.harmonics.map((h) => ({
      label: `${h.order}x ${fam.label} (envelope)`,
      expectedHz: round(h.expectedHz, 3),
      foundHz: round(h.peak.freqHz, 3),
      level: round(h.snrDb, 2),
      unit: "dB over background",
    }))
  );
  const estimated = bearingScale.toSeverity(energy.energyDb);
  let basis: "absolute" | "baseline" = "absolute";
  let status: "normal" | "warning" | "fault" = "normal";
  let severity = estimated;
  if (baseline?.bearingLineSnrDb !== undefined) {
    basis = "baseline";
    const best = detected?.harmonics[0].snrDb ?? ranked[0]?.harmonics[0].snrDb ?? 0;
    const rise = best - baseline.bearingLineSnrDb;
    features.line_rise_over_baseline = { value: round(rise, 2), unit: "dB", description: `over the vehicle's own ${round(baseline.bearingLineSnrDb, 1)} dB` };
    // A line the healthy machine already showed (structure, coupling) is not a new defect.
    if (detected && rise < BASELINE_RISE_DB) detected = undefined;
  }
  if (detected) {
    // Periodic defect lines are the proof; the energy says how bad. A clear line family is at least a warning.
    severity = Math.max(estimated, WARNING_SEVERITY);
    status = severity >= FAULT_SEVERITY ? "fault" : "warning";
  } else {
    severity = Math.min(estimated, WARNING_SEVERITY * 0.95);
  }
  const defect = detected?.defect ?? "none";
  features.defect = { value: defect, description: "outer_race | inner_race | ball | cage | none" };
  const top = detected ?? ranked[0];
  return verdict({
    fault: "bearing",
    score: round(top?.evidence ?? 0, 2),
    severity,
    confidence: detected ? Math.min(1, 0.5 + detected.evidence / 60) : Math.min(0.9, 0.6 + (MIN_EVIDENCE_DB - (top?.evidence ?? 0)) / 40),
    basis,
    status,
    features,
    frequencies,
    conclusion: detected
      ? `${defect.replace("_", " ")} defect: the envelope spectrum of the ${round(band.lowHz, 0)}–${round(band.highHz, 0)} Hz resonance band shows ${detected.label} at ${round(detected.harmonics[0].peak.freqHz, 2)} Hz (expected ${round(detected.baseHz, 2)}), ${round(detected.harmonics[0].snrDb, 1)} dB over background${detected.harmonics[1] ? `, 2x ${round(detected.harmonics[1].snrDb, 1)} dB` : ""}; impulse energy ${round(energy.energyDb, 1)} dB re background.`
      : `No bearing defect lines in the envelope spectrum (strongest ${top ? `${top.label} ${round(top.harmonics[0].snrDb, 1)} dB` : "none"} over background).`,
    suggestions: detected
      ? [
        `Inspect the ${defect.replace("_", " ")} of the drive-end bearing; check lubrication`,
        status === "fault" ? "Plan the bearing replacement now" : "Trend the envelope line weekly; replace at the next service",
      ]
      : [],
  });
}

/**
 * Oversampling of the decimated analytic signal each scanned band's envelope spectrum comes from
 * (Dsp.envelopeScan): its length is at least this many times the band's bins, so the envelope
 * content that folds back from above the reduced Nyquist is small: on simulated bearing windows
 * line SNRs stay within 0.09 dB of the full-rate envelope spectrum at the median and 0.3 dB at
 * the 95th percentile (4: 0.015 / 0.06 dB at about 1.5× the scan's cost). docs/diagnosis.md §4.3.
 */
export const ENVELOPE_OVERSAMPLING = 2;

/**
 * A vehicle's windows are read with a full band scan this often; in between, the band the last
 * scan chose competes with the SK band alone (a new defect's impacts ring the same structural
 * resonance, and SK finds sparse impulse trains by itself). The scan is most of the analyzer's
 * cost; a defect whose impulse train is too dense for SK shows at the next scan at the latest.
 */
export const BAND_SCAN_EVERY = 8;

/** Where the demodulation band came from. */
type BandSource = "sk" | "scan" | "remembered";

const BAND_SOURCE_DESCRIPTION: Record<BandSource, string> = {
  sk: "demodulation band chosen by spectral kurtosis",
  scan: "demodulation band from the band scan (SK band showed weaker lines)",
  remembered: "demodulation band remembered from this vehicle's last band scan (SK band showed weaker lines)",
};

/**
 * The demodulation band a bearing diagnosis used (`band_low`..`band_high`), for a vehicle to pass
 * back as `bearingBand` with its next windows; undefined when the diagnosis has none (refused).
 */
export function bearingBandOf(d: Diagnosis): RememberedBand | undefined {
  const lowHz = d.features.band_low?.value;
  const highHz = d.features.band_high?.value;
  return typeof lowHz === "number" && typeof highHz === "number" && highHz > lowHz ? { lowHz, highHz } : undefined;
}

/**
 * A remembered band as this window can use it: widened about its centre to the minimum width (a
 * faster shaft needs more room for the harmonics) and shifted inside floor..0.48·fs (the floor
 * moves with speed, and the stored edges are rounded to 0.1 Hz). The caller has checked that the
 * range is at least the minimum width wide.
 */
function usableBand(remembered: RememberedBand | undefined, width: number, floorHz: number, fs: number, kurtosis: number): DemodulationBand | undefined {
  const top = 0.48 * fs;
  if (!remembered || !(remembered.highHz > remembered.lowHz)) return undefined;
  let { lowHz, highHz } = remembered;
  if (highHz - lowHz < width) {
    const c = (lowHz + highHz) / 2;
    lowHz = c - width / 2;
    highHz = c + width / 2;
  }
  if (lowHz < floorHz) [lowHz, highHz] = [floorHz, Math.min(top, highHz + floorHz - lowHz)];
  if (highHz > top) [lowHz, highHz] = [Math.max(floorHz, lowHz - (highHz - top)), top];
  return { lowHz, highHz, kurtosis };
}

/** Lines read from an envelope scan's levels (3 values per line) as peaks and SNRs. */
function linesAt(levels: Float64Array, count: number): Array<{ peak: { freqHz: number; amplitude: number }; snrDb: number }> {
  const out = new Array(count);
  for (let i = 0; i < count; i++) {
    const amplitude = levels[3 * i + 1]!;
    out[i] = { peak: { freqHz: levels[3 * i]!, amplitude }, snrDb: snrOverBackground(amplitude, levels[3 * i + 2]!) };
  }
  return out;
}

/**
 * The SK band first; then bands of the minimum width stepped by half a width across the usable
 * range. Dense impulse trains (high speed) look stationary to SK, so the band whose envelope
 * spectrum shows the strongest defect family wins; detection thresholds account for the scan.
 * Every band is read from one envelope scan: the signal is transformed once and each band costs
 * a short transform of its decimated analytic signal, with the lines read inside the DSP core.
 * Bands compete on the lines the race and ball evidence depends on; the winner is read in full
 * (3rd harmonics, and the cage line, which is read in the winner alone). With a remembered
 * band, that band alone competes with the SK band.
 */
function bestBand(dsp: Dsp, x: Float32Array, fs: number, skBand: DemodulationBand, width: number, floorHz: number, freqs: ReturnType<typeof bearingDefectFrequencies>, remembered?: RememberedBand) {
  const bands: DemodulationBand[] = [skBand];
  const hint = usableBand(remembered, width, floorHz, fs, skBand.kurtosis);
  if (hint) bands.push(hint);
  else for (let lo = floorHz; lo + width <= 0.48 * fs; lo += width / 2) bands.push({ lowHz: lo, highHz: lo + width, kurtosis: skBand.kurtosis });
  const n = Math.pow(2, Math.min(Math.floor(Math.log2(x.length)), 20));
  const df = fs / n;
  const competing = familyLines(freqs, df, n / 2 + 1, COMPETING_DEFECTS);
  const cage = familyLines(freqs, df, n / 2 + 1, ["cage"]);
  const competingHz = familyLineHz(competing);
  const allHz = [...competingHz, ...familyLineHz(cage)];
  // Scan order: the competing evidence lines first (the competition reads only those), then the rest.
  const evidence = evidenceLineIndices(competing);
  const first = evidence.flatMap((e) => [e.h1, e.h2, e.lower, e.upper].filter((i) => i >= 0));
  const order = [...first, ...allHz.map((_, i) => i).filter((i) => !first.includes(i))];
  const slot = new Map(order.map((line, i) => [line, i]));
  const scan = dsp.envelopeScan(x, fs, order.map((i) => lineQuery(df, allHz[i]!)), ENVELOPE_OVERSAMPLING);
  const levels = new Float64Array(3 * order.length);
  // Per competing family, the scan slots of harmonic 1, harmonic 2 and the sidebands (−1: not read).
  const at = (line: number) => (line < 0 ? -1 : slot.get(line)!);
  const slots = evidence.map((e) => [at(e.h1), at(e.h2), at(e.lower), at(e.upper)] as const);
  const snr = (i: number) => snrOverBackground(levels[3 * i + 1]!, levels[3 * i + 2]!);
  let best = 0;
  let bestEvidence = -Infinity;
  for (let i = 0; i < bands.length; i++) {
    scan.levels(bands[i]!.lowHz, bands[i]!.highHz, levels, first.length);
    let top = -Infinity;
    for (const [h1, h2, lower, upper] of slots) {
      const sideband = lower < 0 ? undefined : Math.max(snr(lower), snr(upper));
      top = Math.max(top, evidenceDb(snr(h1), h2 < 0 ? undefined : snr(h2), sideband));
    }
    // The SK band keeps the verdict unless a scanned band is clearly better.
    if (i === 0 || top > bestEvidence + 3) {
      best = i;
      bestEvidence = top;
    }
  }
  const winner = linesAt(scan.levels(bands[best]!.lowHz, bands[best]!.highHz), order.length);
  const lines = allHz.map((_, i) => winner[slot.get(i)!]!);
  const families = [...familiesFromLines(competing, lines), ...familiesFromLines(cage, lines.slice(competingHz.length))];
  const source: BandSource = best === 0 ? "sk" : hint ? "remembered" : "scan";
  return { band: bands[best]!, df, families, source, hinted: hint !== undefined, scan };
}

function pickDefect(ranked: FamilyEvidence[]): FamilyEvidence | undefined {
  const ok = (f: FamilyEvidence) => f.harmonics[0].snrDb >= MIN_FIRST_HARMONIC_SNR_DB && f.evidence >= MIN_EVIDENCE_DB;
  const races = ranked.filter((f) => f.defect !== "cage" && ok(f));
  if (races.length > 0) return races[0];
  // A ball defect modulated by the cage also lights FTF: call it a cage defect only when nothing else shows.
  const cage = ranked.find((f) => f.defect === "cage" && ok(f) && f.harmonics[0].snrDb >= MIN_FIRST_HARMONIC_SNR_DB + CAGE_EXTRA_DB);
  return cage;
}
