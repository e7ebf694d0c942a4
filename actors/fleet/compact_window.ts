/**
 * The compact wire form of a TelemetryWindow: each channel group as scaled Int16 (`scale` per
 * group: value = int16 × scale), which the domain parser accepts. 4 channels × 4096 samples take
 * 32 KiB instead of 64 KiB as Float32; the quantisation step is full-scale / 32767 (≈ 90 dB SNR),
 * far below the sensor noise the analyzers see.
 * @module
 */
import type { TelemetryWindow, ThreePhase } from "../domain/mod.ts";

/** A window whose sample arrays are Int16 with scales (the shape that goes on the wire). */
export type CompactWindow = Omit<TelemetryWindow, "currents" | "voltages" | "vibration"> & {
  currents?: { a: Int16Array; b: Int16Array; c: Int16Array; scale: number };
  voltages?: { a: Int16Array; b: Int16Array; c: Int16Array; scale: number };
  vibration?: Int16Array;
  vibrationScale?: number;
};

function peak(...xs: Float32Array[]): number {
  let m = 0;
  for (const x of xs) for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i]!);
    if (v > m) m = v;
  }
  return m;
}

function quantise(x: Float32Array, scale: number): Int16Array {
  const out = new Int16Array(x.length);
  const inv = 1 / scale;
  for (let i = 0; i < x.length; i++) out[i] = Math.round(x[i]! * inv);
  return out;
}

function scaleFor(max: number): number {
  // An all-zero channel still needs a positive scale (the parser requires scale > 0).
  return max > 0 ? max / 32767 : 1;
}

function compactPhases(p: ThreePhase): { a: Int16Array; b: Int16Array; c: Int16Array; scale: number } {
  const scale = scaleFor(peak(p.a, p.b, p.c));
  return { a: quantise(p.a, scale), b: quantise(p.b, scale), c: quantise(p.c, scale), scale };
}

/**
 * Converts a window to its compact wire form.
 *
 * @example
 * ```ts
 * const bytes = encodeValue(compactWindow(simulateWindow(spec))); // publish on vtox.telemetry.<id>
 * ```
 */
export function compactWindow(w: TelemetryWindow, opts: { voltages?: boolean } = {}): CompactWindow {
  const { currents, voltages, vibration, ...rest } = w;
  const out: CompactWindow = { ...rest };
  if (currents) out.currents = compactPhases(currents);
  if (voltages && opts.voltages !== false) out.voltages = compactPhases(voltages);
  if (vibration) {
    const scale = scaleFor(peak(vibration));
    out.vibration = quantise(vibration, scale);
    out.vibrationScale = scale;
  }
  return out;
}
