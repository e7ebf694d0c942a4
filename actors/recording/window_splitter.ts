/**
 * Splits a long recording into analysis windows (TelemetryWindows). Slow tracks (speed, load,
 * temperature, insulation) become each window's mean, so a run-up is seen window by window.
 * @module
 */
import { MAX_WINDOW_SAMPLES, type TelemetryWindow, type ThreePhase } from "../domain/mod.ts";
import type { Recording, RecordingTracks } from "./recording.ts";
import { RecordingError } from "./recording_error.ts";

/** An analysis window length, in samples or in seconds. */
export type WindowLength = { samples: number } | { seconds: number };

/**
 * Default window when none is asked for: about 5 s (0.2 Hz resolution, enough for slip sidebands
 * and bearing lines), stretched so the windows cover the whole recording.
 */
export const DEFAULT_WINDOW_SECONDS = 5;

/** How a recording is cut. */
export interface WindowPlan {
  /** Samples per window. */
  windowSamples: number;
  /** Number of windows. */
  windows: number;
  /** Samples at the end not analysed (an explicit window length that does not divide the recording). */
  unusedSamples: number;
  /** Whether the window length was asked for or the default. */
  requested: boolean;
}

/**
 * Plans the windows: an explicit length is used exactly (a recording shorter than it is one
 * window); the default is {@link DEFAULT_WINDOW_SECONDS}, stretched to cover everything.
 *
 * @example
 * ```ts
 * planWindows(121991, 12000);                   // 2 windows of 60995 samples, 1 unused
 * planWindows(121991, 12000, { seconds: 1 });   // 10 windows of 12000, 1991 unused
 * ```
 */
export function planWindows(samples: number, sampleRateHz: number, window?: WindowLength, source = "recording"): WindowPlan {
  if (samples < 1) throw new RecordingError("RECORDING_EMPTY", source, "the recording has no samples");
  if (window) {
    const asked = "samples" in window ? window.samples : Math.round(window.seconds * sampleRateHz);
    if (!Number.isInteger(asked) || asked < 16 || asked > MAX_WINDOW_SAMPLES) {
      const what = "samples" in window ? `${window.samples} samples` : `${window.seconds} s (${asked} samples at ${sampleRateHz} Hz)`;
      throw new RecordingError("RECORDING_WINDOW_INVALID", source, `--window must be between 16 and ${MAX_WINDOW_SAMPLES} samples, got ${what}`);
    }
    if (asked >= samples) return { windowSamples: samples, windows: 1, unusedSamples: 0, requested: true };
    const windows = Math.floor(samples / asked);
    return { windowSamples: asked, windows, unusedSamples: samples - windows * asked, requested: true };
  }
  const nominal = Math.max(1, Math.round(DEFAULT_WINDOW_SECONDS * sampleRateHz));
  let windows = Math.max(1, Math.floor(samples / nominal));
  windows = Math.max(windows, Math.ceil(samples / MAX_WINDOW_SAMPLES));
  const windowSamples = Math.floor(samples / windows);
  return { windowSamples, windows, unusedSamples: samples - windows * windowSamples, requested: false };
}

/** Identity and operating point stamped on every window. */
export interface WindowStamp {
  vehicleId: string;
  motorId: string;
  /** Overrides the speed track (e.g. `--rpm`). */
  speedRpm?: number;
  /** Overrides the load track. */
  loadPercent?: number;
}

/**
 * Cuts a recording into TelemetryWindows following a plan.
 *
 * @example
 * ```ts
 * const plan = planWindows(rec.samples, rec.sampleRateHz);
 * const windows = splitRecording(rec, plan, { vehicleId: "bench", motorId: "m1", speedRpm: 1772 });
 * ```
 */
export function splitRecording(rec: Recording, plan: WindowPlan, stamp: WindowStamp): TelemetryWindow[] {
  const out: TelemetryWindow[] = [];
  for (let k = 0; k < plan.windows; k++) {
    const from = k * plan.windowSamples;
    const to = from + plan.windowSamples;
    const w: TelemetryWindow = {
      vehicleId: stamp.vehicleId,
      motorId: stamp.motorId,
      timestamp: rec.startTimestamp + (from / rec.sampleRateHz) * 1000,
      sampleRateHz: rec.sampleRateHz,
    };
    if (rec.currents) w.currents = slicePhases(rec.currents, from, to);
    if (rec.voltages) w.voltages = slicePhases(rec.voltages, from, to);
    if (rec.vibration) {
      w.vibration = rec.vibration.slice(from, to);
      w.vibrationSampleRateHz = rec.sampleRateHz;
    }
    const t = rec.tracks;
    const mean = (key: keyof RecordingTracks) => (t[key] ? meanOf(t[key]!, from, to) : undefined);
    setIfDefined(w, "speedRpm", stamp.speedRpm ?? mean("speedRpm"));
    setIfDefined(w, "loadPercent", stamp.loadPercent ?? mean("loadPercent"));
    setIfDefined(w, "windingTempC", mean("windingTempC"));
    setIfDefined(w, "torqueNm", mean("torqueNm"));
    setIfDefined(w, "dcBusVoltageV", mean("dcBusVoltageV"));
    setIfDefined(w, "leakageCurrentMa", mean("leakageCurrentMa"));
    const plus = mean("insulationPlusOhm");
    const minus = mean("insulationMinusOhm");
    if (plus !== undefined && minus !== undefined) w.insulation = { hvPlusOhm: plus, hvMinusOhm: minus };
    out.push(w);
  }
  return out;
}

function slicePhases(p: ThreePhase, from: number, to: number): ThreePhase {
  // A single-phase recording keeps its empty b and c.
  return { a: p.a.slice(from, to), b: p.b.length ? p.b.slice(from, to) : p.b, c: p.c.length ? p.c.slice(from, to) : p.c };
}

function meanOf(v: Float32Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += v[i];
  return s / (to - from);
}

function setIfDefined<K extends keyof TelemetryWindow>(w: TelemetryWindow, key: K, value: TelemetryWindow[K] | undefined): void {
  if (value !== undefined) w[key] = value;
}
