/**
 * Writes TelemetryWindows in the formats the readers read back: a CBOR sequence of windows, one
 * window as a VTOX CSV (every channel at one rate), or one channel as raw float32.
 * @module
 */
import { encode } from "cbor-x";
import type { TelemetryWindow } from "../domain/mod.ts";
import type { F32Channel } from "./f32_reader.ts";
import { RecordingError } from "./recording_error.ts";

/**
 * Encodes windows as a CBOR sequence (RFC 8742: items back to back), typed arrays as typed arrays.
 *
 * @example
 * ```ts
 * const bytes = windowsToCborSequence([w1, w2]);
 * readCborWindows(bytes, "sim.cbor").length; // 2
 * ```
 */
export function windowsToCborSequence(windows: TelemetryWindow[]): Uint8Array {
  // Copy each encoding out: cbor-x may reuse one buffer between encode() calls.
  const parts = windows.map((w) => Uint8Array.from(encode(w)));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * Writes one window as CSV: `time` (s), currents, voltages and vibration when present (the
 * vibration must share the current sample rate), then the window's slow quantities on every row.
 *
 * @example
 * ```ts
 * windowToCsv(w).split("\n")[0]; // "time,Ia,Ib,Ic,Va,Vb,Vc,vibration,rpm,load,…"
 * ```
 */
export function windowToCsv(w: TelemetryWindow): string {
  const columns: Array<[string, (i: number) => number]> = [];
  const n = w.currents?.a.length ?? w.vibration?.length ?? 0;
  if (n === 0) throw new RecordingError("RECORDING_EMPTY", w.vehicleId, "a window without currents or vibration has no rows to write as CSV");
  if (w.currents && w.currents.b.length === n) {
    columns.push(["Ia", (i) => w.currents!.a[i]], ["Ib", (i) => w.currents!.b[i]], ["Ic", (i) => w.currents!.c[i]]);
  } else if (w.currents) columns.push(["Ia", (i) => w.currents!.a[i]]);
  if (w.voltages) columns.push(["Va", (i) => w.voltages!.a[i]], ["Vb", (i) => w.voltages!.b[i]], ["Vc", (i) => w.voltages!.c[i]]);
  if (w.vibration) {
    const vfs = w.vibrationSampleRateHz ?? w.sampleRateHz;
    if (vfs !== w.sampleRateHz || w.vibration.length !== n) {
      throw new RecordingError(
        "RECORDING_WINDOW_INVALID",
        w.vehicleId,
        `CSV rows share one sample rate, but the vibration is ${w.vibration.length} samples at ${vfs} Hz and the currents ${n} at ${w.sampleRateHz} Hz`,
      );
    }
    columns.push(["vibration", (i) => w.vibration![i]]);
  }
  const constant = (name: string, v: number | undefined) => {
    if (v !== undefined) columns.push([name, () => v]);
  };
  constant("rpm", w.speedRpm);
  constant("load", w.loadPercent);
  constant("temperature", w.windingTempC);
  constant("torque", w.torqueNm);
  constant("vdc", w.dcBusVoltageV);
  constant("insulation_resistance_plus(ohm)", w.insulation?.hvPlusOhm);
  constant("insulation_resistance_minus(ohm)", w.insulation?.hvMinusOhm);
  constant("leakage_current(mA)", w.leakageCurrentMa);
  const lines = [["time", ...columns.map((c) => c[0])].join(",")];
  const decimals = Math.max(6, Math.ceil(Math.log10(w.sampleRateHz)) + 4);
  for (let i = 0; i < n; i++) {
    lines.push([(i / w.sampleRateHz).toFixed(decimals), ...columns.map(([, f]) => format(f(i)))].join(","));
  }
  return lines.join("\n") + "\n";
}

/**
 * One channel of a window as little-endian float32 bytes, and the rate it is sampled at.
 *
 * @example
 * ```ts
 * const { bytes, sampleRateHz } = windowToF32(w, "vibration"); // read back with --fs sampleRateHz
 * ```
 */
export function windowToF32(w: TelemetryWindow, channel: F32Channel): { bytes: Uint8Array; sampleRateHz: number } {
  const samples = channel === "vibration" ? w.vibration : channel === "ia" ? w.currents?.a : channel === "ib" ? w.currents?.b : w.currents?.c;
  if (!samples || samples.length === 0) throw new RecordingError("RECORDING_COLUMN_MISSING", w.vehicleId, `the window has no ${channel} channel to write`);
  const bytes = new Uint8Array(samples.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) view.setFloat32(i * 4, samples[i], true);
  return { bytes, sampleRateHz: channel === "vibration" ? w.vibrationSampleRateHz ?? w.sampleRateHz : w.sampleRateHz };
}

function format(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(8)));
}
