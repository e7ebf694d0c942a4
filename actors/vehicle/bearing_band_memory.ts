/**
 * Which bearing demodulation band a vehicle passes with its next window, and what it remembers
 * after it: a full band scan on the first window and every BAND_SCAN_EVERY windows, the band that
 * scan chose in between — as long as the vibration sample rate and the bearing geometry are the
 * ones it was found for (docs/diagnosis.md §4.3).
 * @module
 */
import { BAND_SCAN_EVERY, bearingBandOf, type RememberedBand } from "../analyzers/mod.ts";
import type { Diagnosis, TelemetryWindow, VehicleProfile } from "../domain/mod.ts";

/** A remembered band, the window count of the scan that chose it and what it is valid for. */
export type BandMemory = RememberedBand & { window: number; validFor: string };

/** What a band is valid for: the window's vibration sample rate and the profile's bearing geometry. */
function validityOf(window: TelemetryWindow, profile: VehicleProfile): string {
  return `${window.vibrationSampleRateHz ?? window.sampleRateHz}:${JSON.stringify(profile.bearing ?? null)}`;
}

/**
 * The band to pass with window number `windows` of the vehicle, or undefined when a full scan is
 * due (no band yet, a rescan is due, or the sample rate or bearing geometry changed).
 *
 * @example
 * ```ts
 * const band = bandToPass(state.bearingBand, window, profile, state.windows);
 * ```
 */
export function bandToPass(memory: BandMemory | undefined, window: TelemetryWindow, profile: VehicleProfile, windows: number): RememberedBand | undefined {
  if (!memory || memory.validFor !== validityOf(window, profile) || windows - memory.window >= BAND_SCAN_EVERY) return undefined;
  return { lowHz: memory.lowHz, highHz: memory.highHz };
}

/**
 * The memory after window number `windows` was diagnosed: any full scan (a scheduled one, or one
 * an analyzer ran without a band) renews it; a window read with the band keeps it; a due scan that
 * found no band (the analyzer refused the window) forgets it, so the next window scans again.
 */
export function bandAfter(memory: BandMemory | undefined, bearing: Diagnosis, passed: RememberedBand | undefined, window: TelemetryWindow, profile: VehicleProfile, windows: number): BandMemory | undefined {
  const scanned = bearing.features.band_scan?.value === "full" ? bearingBandOf(bearing) : undefined;
  if (scanned) return { ...scanned, window: windows, validFor: validityOf(window, profile) };
  return passed ? memory : undefined;
}
