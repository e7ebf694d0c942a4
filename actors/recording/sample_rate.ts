/**
 * Sample rates of recordings: the plausible range, and inference from a time column, which must
 * advance by one constant step (analyzers compute frequencies from the rate, so a jittery or
 * gapped clock would move every line they look at).
 * @module
 */
import { RecordingError } from "./recording_error.ts";

/** Lowest sample rate accepted: below it a 50/60 Hz fundamental cannot even be represented. */
export const MIN_SAMPLE_RATE_HZ = 100;
/** Highest sample rate accepted (1 MHz): far above any motor current or vibration sensor. */
export const MAX_SAMPLE_RATE_HZ = 1_000_000;

/**
 * Checks that a sample rate is plausible for motor telemetry; returns it.
 *
 * @example
 * ```ts
 * checkSampleRate(-5, "x.f32", "--fs");
 * // throws RecordingError: Cannot read recording x.f32: --fs must be a sample rate between 100 and 1000000 Hz, got -5
 * ```
 */
export function checkSampleRate(fs: number, source: string, what: string): number {
  if (!Number.isFinite(fs) || fs < MIN_SAMPLE_RATE_HZ || fs > MAX_SAMPLE_RATE_HZ) {
    throw new RecordingError(
      "RECORDING_SAMPLE_RATE_INVALID",
      source,
      `${what} must be a sample rate between ${MIN_SAMPLE_RATE_HZ} and ${MAX_SAMPLE_RATE_HZ} Hz, got ${Number.isNaN(fs) ? "NaN" : fs}`,
    );
  }
  return fs;
}

/** A time column to infer the rate from. */
export interface TimeColumn {
  /** Column name as written in the file. */
  name: string;
  /** Times in seconds, one per row. */
  seconds: Float64Array;
  /** Resolution of the written values in seconds (10^-decimals), 0 when unknown. */
  quantum: number;
  /** The file line of row `i` (for messages). */
  lineOf(i: number): number;
}

/**
 * Infers the sample rate from a time column. The column must strictly increase and stay within a
 * quarter step (or the printed resolution) of a constant-step grid; otherwise a RecordingError
 * names the first offending row. A rate within the printing resolution of a whole number of Hz is
 * rounded to it (`0.000, 0.001, …` is 1000 Hz, not 1000.0000001).
 */
export function sampleRateFromTimes(col: TimeColumn, source: string): number {
  const t = col.seconds;
  const n = t.length;
  if (n < 2) {
    throw new RecordingError("RECORDING_SAMPLE_RATE_INVALID", source, `time column "${col.name}" has ${n} row(s): at least 2 are needed to infer the sample rate; give --fs`);
  }
  for (let i = 1; i < n; i++) {
    if (!(t[i] > t[i - 1])) {
      throw new RecordingError(
        "RECORDING_TIME_INVALID",
        source,
        `time column "${col.name}" must strictly increase, but line ${col.lineOf(i)} (t=${t[i]}) is not after line ${col.lineOf(i - 1)} (t=${t[i - 1]})` +
          (col.quantum > 0 && t[i] === t[i - 1] ? `; if the times are rounded too coarsely for the rate, give --fs` : ""),
      );
    }
  }
  // A gap or a jump shows as one step unlike the others; find it against the typical step.
  const steps = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) steps[i - 1] = t[i] - t[i - 1];
  const typical = Float64Array.from(steps).sort()[(n - 1) >> 1];
  for (let i = 1; i < n; i++) {
    if (Math.abs(steps[i - 1] - typical) > 0.5 * typical + col.quantum) {
      throw new RecordingError(
        "RECORDING_TIME_INVALID",
        source,
        `time column "${col.name}" is not uniform: it steps from t=${t[i - 1]} s (line ${col.lineOf(i - 1)}) to t=${t[i]} s (line ${col.lineOf(i)}), ${round(steps[i - 1])} s where the recording's step is ${round(typical)} s (${round(1 / typical)} Hz) — a gap or a jump; resample the recording to a constant rate`,
      );
    }
  }
  // Small steady jitter or drift passes the step test; the grid test catches it.
  const span = t[n - 1] - t[0];
  const dt = span / (n - 1);
  const tolerance = Math.max(0.25 * dt, col.quantum) + 1e-12;
  for (let i = 1; i < n; i++) {
    if (Math.abs(t[i] - (t[0] + i * dt)) > tolerance) {
      throw new RecordingError(
        "RECORDING_TIME_INVALID",
        source,
        `time column "${col.name}" is not uniform: line ${col.lineOf(i)} is at t=${t[i]} s, ${round(t[i] - (t[0] + i * dt))} s off a constant step of ${round(dt)} s (${round(1 / dt)} Hz) — jitter or drift; resample the recording to a constant rate`,
      );
    }
  }
  let fs = 1 / dt;
  const rateResolution = fs * (col.quantum / span) + 1e-9 * fs;
  if (Math.abs(fs - Math.round(fs)) <= rateResolution) fs = Math.round(fs);
  return checkSampleRate(fs, source, `the sample rate inferred from time column "${col.name}"`);
}

function round(v: number): number {
  return Number(v.toPrecision(6));
}
