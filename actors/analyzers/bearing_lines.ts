/**
 * Defect-line evidence in an envelope spectrum: for each defect family (outer race BPFO, inner
 * race BPFI, ball 2·BSF, cage FTF) the level of its first harmonics above the local background
 * (median of the surrounding bins), plus the modulation sidebands physics predicts (inner race
 * ± shaft rate, ball ± cage rate).
 * @module
 */
import type { Dsp, Peak, ScanLine } from "../../wasm/mod.ts";
import type { BearingDefectFrequencies } from "../domain/mod.ts";
import { toDb } from "./verdict.ts";

/** A bearing defect kind as reported in `features.defect`. */
export type BearingDefect = "outer_race" | "inner_race" | "ball" | "cage";

/** Evidence for one family. */
export interface FamilyEvidence {
  defect: BearingDefect;
  label: string;
  /** Fundamental defect frequency, Hz. */
  baseHz: number;
  /** Per harmonic 1..3: the peak found and its SNR over the local background, dB. */
  harmonics: Array<{ order: number; expectedHz: number; peak: Peak; snrDb: number }>;
  /** SNR of the strongest modulation sideband of harmonic 1, dB (inner race: ±fr, ball: ±FTF). */
  sidebandSnrDb?: number;
  /** Combined evidence, dB: SNR1 + 0.5·max(0, SNR2) (+ sideband credit). */
  evidence: number;
}

/** Relative search tolerance around a predicted line (speed uncertainty, rolling-element slip). */
export const LINE_TOLERANCE = 0.01;

/** Scratch for the background bins: localMedian runs hundreds of times per window. */
let scratch = new Float32Array(512);

function localMedian(spectrum: Float32Array, df: number, centerHz: number, excludeHz: number, halfWidthHz: number): number {
  const lo = Math.max(1, Math.floor((centerHz - halfWidthHz) / df));
  const hi = Math.min(spectrum.length - 1, Math.ceil((centerHz + halfWidthHz) / df));
  if (scratch.length < hi - lo + 1) scratch = new Float32Array(2 * (hi - lo + 1));
  const vals = scratch;
  let n = 0;
  for (let i = lo; i <= hi; i++) {
    if (Math.abs(i * df - centerHz) > excludeHz) vals[n++] = spectrum[i];
  }
  if (n === 0) return 0;
  // This runs ~15 times per scanned band: selecting the middle element beats sorting them all.
  return selectKth(vals, n, Math.floor(n / 2));
}

/** The k-th smallest of `v[0..n)` (0-based), partially reordering `v` (Hoare's selection). */
function selectKth(v: Float32Array, n: number, k: number): number {
  let left = 0;
  let right = n - 1;
  while (left < right) {
    const pivot = v[(left + right) >> 1];
    let i = left;
    let j = right;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) {
        const t = v[i];
        v[i] = v[j];
        v[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return v[k];
  }
  return v[k];
}

/** Search tolerance around a predicted line at `hz`. */
function lineTolerance(df: number, hz: number): number {
  return Math.max(2 * df, LINE_TOLERANCE * hz);
}

/** SNR (dB) of a found peak over the local background of the predicted line at `hz`. */
function snrOver(spectrum: Float32Array, df: number, hz: number, tol: number, peak: Peak): number {
  const bg = localMedian(spectrum, df, hz, tol + df, Math.max(30 * df, 0.15 * hz + tol));
  return bg > 0 ? toDb(peak.amplitude / bg) : 0;
}

/** Spectrum bins a search for the line at `hz` reads (its range and the refinement's neighbours). */
function reachOf(spectrum: Float32Array, df: number, hz: number, tol: number): number {
  return Math.min(spectrum.length, Math.floor((hz + tol) / df) + 3);
}

/**
 * Line level over the local background (dB) at a predicted frequency. The peak search reads only
 * the spectrum up to the line (its search range and the neighbouring bins the refinement uses):
 * the DSP core copies what it is given, and a band scan asks for hundreds of lines per window.
 */
export function lineSnr(dsp: Dsp, spectrum: Float32Array, df: number, hz: number): { peak: Peak; snrDb: number } {
  const tol = lineTolerance(df, hz);
  const peak = dsp.amplitudeAt(spectrum.subarray(0, reachOf(spectrum, df, hz, tol)), df, hz, tol);
  return { peak, snrDb: snrOver(spectrum, df, hz, tol, peak) };
}

/**
 * {@link lineSnr} of many lines of one spectrum, the spectrum copied into the DSP core once (up
 * to the highest line's reach). A peak search never reads past its own line's reach, so every
 * element equals `lineSnr(dsp, spectrum, df, hzs[i])`.
 */
export function lineSnrs(dsp: Dsp, spectrum: Float32Array, df: number, hzs: readonly number[]): Array<{ peak: Peak; snrDb: number }> {
  if (hzs.length === 0) return [];
  const tols = hzs.map((hz) => lineTolerance(df, hz));
  let reach = 0;
  for (let i = 0; i < hzs.length; i++) reach = Math.max(reach, reachOf(spectrum, df, hzs[i]!, tols[i]!));
  const peaks = dsp.amplitudesAt(spectrum.subarray(0, reach), df, hzs, tols);
  return peaks.map((peak, i) => ({ peak, snrDb: snrOver(spectrum, df, hzs[i]!, tols[i]!, peak) }));
}

/** Every defect family, in the order evidence is reported. */
export const BEARING_DEFECTS: readonly BearingDefect[] = ["outer_race", "inner_race", "ball", "cage"];

/** A defect family and the lines its evidence is read from. */
export interface FamilyLines {
  defect: BearingDefect;
  label: string;
  /** Fundamental defect frequency, Hz. */
  base: number;
  /** Harmonic orders read (1..3, those below the spectrum's top). */
  orders: number[];
  /** Modulation rate of the sidebands of harmonic 1 (inner race: fr, ball: FTF), when read. */
  mod?: number;
}

/**
 * The families (of `defects`, in {@link BEARING_DEFECTS} order) whose lines fit below 90 % of
 * the top of an envelope spectrum of `bins` bins at `df`, and their lines. {@link familyLineHz}
 * lists the frequencies in the order {@link familiesFromLines} consumes them.
 */
export function familyLines(f: BearingDefectFrequencies, df: number, bins: number, defects: readonly BearingDefect[] = BEARING_DEFECTS): FamilyLines[] {
  const top = (bins - 1) * df * 0.9;
  const families: Array<{ defect: BearingDefect; label: string; base: number; mod?: number }> = [
    { defect: "outer_race", label: "BPFO", base: f.bpfo },
    { defect: "inner_race", label: "BPFI", base: f.bpfi, mod: f.shaftHz },
    { defect: "ball", label: "2xBSF", base: 2 * f.bsf, mod: f.ftf },
    { defect: "cage", label: "FTF", base: f.ftf },
  ];
  return families
    .filter((fam) => defects.includes(fam.defect) && fam.base >= 3 * df && 2 * fam.base <= top)
    .map((fam) => ({
      defect: fam.defect,
      label: fam.label,
      base: fam.base,
      orders: [1, 2, 3].filter((order) => order * fam.base < top),
      mod: fam.mod !== undefined && fam.mod > 3 * df ? fam.mod : undefined,
    }));
}

/** Every line of the families, in the order {@link familiesFromLines} reads them. */
export function familyLineHz(families: readonly FamilyLines[]): number[] {
  const hzs: number[] = [];
  for (const fam of families) {
    for (const order of fam.orders) hzs.push(order * fam.base);
    if (fam.mod !== undefined) hzs.push(fam.base - fam.mod, fam.base + fam.mod);
  }
  return hzs;
}

/**
 * What {@link lineSnr} reads for the line at `hz`: the peak search window and the background
 * (median of the bins within the half-width, outside the exclusion), for a DSP envelope scan.
 */
export function lineQuery(df: number, hz: number): ScanLine {
  const tol = lineTolerance(df, hz);
  return { hz, toleranceHz: tol, backgroundHalfWidthHz: Math.max(30 * df, 0.15 * hz + tol), backgroundExcludeHz: tol + df };
}

/** SNR (dB) of a line of `amplitude` over a background median (0 without a background), as {@link lineSnr}. */
export function snrOverBackground(amplitude: number, background: number): number {
  return background > 0 ? toDb(amplitude / background) : 0;
}

/**
 * Evidence of each family from its lines' levels (`lines[i]` for `familyLineHz(families)[i]`):
 * SNR1 + ½·max(0, SNR2) + ¼·max(0, stronger sideband SNR).
 */
export function familiesFromLines(families: readonly FamilyLines[], lines: ReadonlyArray<{ peak: Peak; snrDb: number }>): FamilyEvidence[] {
  let next = 0;
  return families.map((fam) => {
    const harmonics = fam.orders.map((order) => ({ order, expectedHz: order * fam.base, ...lines[next++]! }));
    let sidebandSnrDb: number | undefined;
    if (fam.mod !== undefined) sidebandSnrDb = Math.max(lines[next++]!.snrDb, lines[next++]!.snrDb);
    const evidence = evidenceDb(harmonics[0].snrDb, harmonics[1]?.snrDb, sidebandSnrDb);
    return { defect: fam.defect, label: fam.label, baseHz: fam.base, harmonics, sidebandSnrDb, evidence };
  });
}

/** Combined evidence of a family, dB: SNR1 + ½·max(0, SNR2) + ¼·max(0, sideband SNR). */
export function evidenceDb(snr1: number, snr2: number | undefined, sidebandSnrDb: number | undefined): number {
  return snr1 + 0.5 * Math.max(0, snr2 ?? 0) + 0.25 * Math.max(0, sidebandSnrDb ?? 0);
}

/**
 * Where each family's evidence lines sit in `familyLineHz(families)`: harmonic 1, harmonic 2
 * (−1 when not read) and the two sidebands (−1 when not read). Harmonic 3 is reported but does
 * not enter the evidence.
 */
export function evidenceLineIndices(families: readonly FamilyLines[]): Array<{ h1: number; h2: number; lower: number; upper: number }> {
  let next = 0;
  return families.map((fam) => {
    const at = next;
    next += fam.orders.length;
    const sb = fam.mod !== undefined ? next : -1;
    if (fam.mod !== undefined) next += 2;
    return { h1: at, h2: fam.orders.length > 1 ? at + 1 : -1, lower: sb, upper: sb < 0 ? -1 : sb + 1 };
  });
}

/**
 * Evidence for every defect family (or only the `defects` asked for) whose lines fit below the
 * spectrum's top frequency, in {@link BEARING_DEFECTS} order.
 */
export function defectFamilyEvidence(dsp: Dsp, spectrum: Float32Array, df: number, f: BearingDefectFrequencies, defects: readonly BearingDefect[] = BEARING_DEFECTS): FamilyEvidence[] {
  const families = familyLines(f, df, spectrum.length, defects);
  // Every line of every family first, so the spectrum is copied into the DSP core once.
  return familiesFromLines(families, lineSnrs(dsp, spectrum, df, familyLineHz(families)));
}
