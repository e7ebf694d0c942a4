/**
 * A vehicle's bearing band memory: a full scan on the first window and every BAND_SCAN_EVERY
 * windows, the remembered band in between; a new scan when the vibration sample rate or the
 * bearing geometry changes; any full scan renews the band; a due scan that found none forgets it.
 */
import { beforeAll, expect, it } from "vitest";
import { analyzeFault, BAND_SCAN_EVERY } from "../../actors/analyzers/mod.ts";
import { DEFAULT_INDUCTION_PROFILE, type Diagnosis, type TelemetryWindow } from "../../actors/domain/mod.ts";
import { bandAfter, bandToPass, type BandMemory } from "../../actors/vehicle/mod.ts";
import { type Dsp, loadDsp } from "../../wasm/mod.ts";
import { windowOf } from "../analyzers/simulated_window.ts";

let dsp: Dsp;
let w: TelemetryWindow;
beforeAll(async () => {
  dsp = await loadDsp();
  w = windowOf({ faults: [{ kind: "bearing", severity: 0.5, defect: "outer_race" }], seed: 12 });
});
const profile = DEFAULT_INDUCTION_PROFILE;

/** Runs `n` windows of one vehicle; returns what each was read with. */
function run(n: number, change?: (i: number) => { window?: TelemetryWindow; profile?: typeof profile }): string[] {
  let memory: BandMemory | undefined;
  const kinds: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = change?.(i) ?? {};
    const win = c.window ?? w;
    const prof = c.profile ?? profile;
    const band = bandToPass(memory, win, prof, i);
    const d = analyzeFault("bearing", dsp, win, prof, undefined, band);
    kinds.push(d.features.band_scan?.value as string ?? d.status);
    memory = bandAfter(memory, d, band, win, prof, i);
  }
  return kinds;
}

it("scans fully on the first window and every BAND_SCAN_EVERY windows, and passes the band in between", () => {
  const kinds = run(2 * BAND_SCAN_EVERY + 1);
  expect(kinds).toEqual(kinds.map((_, i) => (i % BAND_SCAN_EVERY === 0 ? "full" : "remembered")));
});

it("scans again when the vibration sample rate or the bearing geometry changes", () => {
  const faster = { ...w, vibrationSampleRateHz: 16_000 };
  const otherBearing = { ...profile, bearing: { ...profile.bearing!, balls: profile.bearing!.balls + 1 } };
  const kinds = run(6, (i) => (i === 2 ? { window: faster } : i >= 4 ? { profile: otherBearing } : {}));
  expect(kinds).toEqual(["full", "remembered", "full", "full", "full", "remembered"]);
});

it("renews the band on any full scan and forgets it when a due scan found none", () => {
  const memory: BandMemory = { lowHz: 3000, highHz: 3600, window: 0, validFor: "old" };
  const full = analyzeFault("bearing", dsp, w, profile);
  const renewed = bandAfter(memory, full, { lowHz: 3000, highHz: 3600 }, w, profile, 5);
  expect(renewed).toMatchObject({ lowHz: full.features.band_low!.value, highHz: full.features.band_high!.value, window: 5 });
  const refused: Diagnosis = analyzeFault("bearing", dsp, { ...w, speedRpm: undefined }, profile);
  expect(refused.status).toBe("insufficient_data");
  expect(bandAfter(memory, refused, undefined, w, profile, 8)).toBeUndefined();
  expect(bandAfter(memory, refused, { lowHz: 3000, highHz: 3600 }, w, profile, 3)).toBe(memory);
});
