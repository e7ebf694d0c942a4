/**
 * A vehicle's bearing demodulation band, chosen by a full band scan, is passed with its next
 * windows: the analyzer then weighs the SK band against that band alone. The remembered band
 * finds the same defects as a full scan (simulated impacts and the CWRU records), keeps a healthy
 * window normal, and is ignored — the window is scanned fully — when it no longer fits.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeFault, bearingBandOf } from "../../actors/analyzers/mod.ts";
import { BEARING_6205, type TelemetryWindow, type VehicleProfile } from "../../actors/domain/mod.ts";
import { type Dsp, loadDsp } from "../../wasm/mod.ts";
import { dataDir } from "../harness/mod.ts";
import { DEFAULT_INDUCTION_PROFILE, DEFAULT_PMSM_PROFILE, windowOf } from "./simulated_window.ts";

let dsp: Dsp;
beforeAll(async () => {
  dsp = await loadDsp();
});

describe("remembered bearing band", () => {
  for (const defect of ["outer_race", "inner_race", "ball"] as const) {
    for (const [profile, speed] of [[DEFAULT_INDUCTION_PROFILE, 1440], [DEFAULT_PMSM_PROFILE, 2400]] as const) {
      it(`finds the same ${defect} defect as a full scan in the next window (${profile.motorType}, ${speed} rpm)`, () => {
        const faults = [{ kind: "bearing" as const, severity: 0.4, defect }];
        const first = analyzeFault("bearing", dsp, windowOf({ profile, speedRpm: speed, faults, seed: 31 }), profile);
        expect(first.features.band_scan!.value).toBe("full");
        const band = bearingBandOf(first);
        expect(band).toBeDefined();
        const next = windowOf({ profile, speedRpm: speed, faults, seed: 32 });
        const full = analyzeFault("bearing", dsp, next, profile);
        const remembered = analyzeFault("bearing", dsp, next, profile, undefined, band);
        expect(remembered.features.band_scan!.value).toBe("remembered");
        expect(remembered.features.defect!.value).toBe(defect);
        expect(remembered.features.defect!.value).toBe(full.features.defect!.value);
        expect(remembered.status).toBe(full.status);
      });
    }
  }

  it("keeps a healthy window normal, whatever band it is given", () => {
    const w = windowOf({ seed: 7 });
    for (const band of [{ lowHz: 600, highHz: 1100 }, { lowHz: 2500, highHz: 3000 }, { lowHz: 5000, highHz: 5600 }]) {
      const d = analyzeFault("bearing", dsp, w, DEFAULT_INDUCTION_PROFILE, undefined, band);
      expect(d.features.band_scan!.value).toBe("remembered");
      expect(d.status).toBe("normal");
      expect(d.features.defect!.value).toBe("none");
    }
  });

  it("is shifted inside floor..0.48·fs when it no longer fits (speed or sample rate moved)", () => {
    const w = windowOf({ faults: [{ kind: "bearing", severity: 0.4, defect: "outer_race" }], seed: 9 });
    // Above 0.48·fs (12 kHz vibration), and below the floor above the motor's own lines.
    for (const band of [{ lowHz: 5900, highHz: 6500 }, { lowHz: 100, highHz: 600 }]) {
      const d = analyzeFault("bearing", dsp, w, DEFAULT_INDUCTION_PROFILE, undefined, band);
      expect(d.features.band_scan!.value).toBe("remembered");
      expect(d.features.band_low!.value as number).toBeGreaterThanOrEqual(500);
      expect(d.features.band_high!.value as number).toBeLessThanOrEqual(0.48 * 12_000);
      expect(d.features.defect!.value).toBe("outer_race");
    }
  });

  it("keeps a band whose edge sits on the floor, as stored (rounded to 0.1 Hz)", () => {
    // At 1490 rpm the floor (4·BPFI) is 537.911 Hz; the lowest scanned band is stored from 537.9 Hz.
    const w = windowOf({ speedRpm: 1490, seed: 5 });
    const d = analyzeFault("bearing", dsp, w, DEFAULT_INDUCTION_PROFILE, undefined, { lowHz: 537.9, highHz: 991 });
    expect(d.features.band_scan!.value).toBe("remembered");
  });

  it("widens a band narrower than the defect harmonics need", () => {
    const w = windowOf({ faults: [{ kind: "bearing", severity: 0.6, defect: "inner_race" }], seed: 4 });
    const band = bearingBandOf(analyzeFault("bearing", dsp, w, DEFAULT_INDUCTION_PROFILE))!;
    const centre = (band.lowHz + band.highHz) / 2;
    const d = analyzeFault("bearing", dsp, w, DEFAULT_INDUCTION_PROFILE, undefined, { lowHz: centre - 20, highHz: centre + 20 });
    expect(d.features.band_scan!.value).toBe("remembered");
    expect(d.features.defect!.value).toBe("inner_race");
    expect((d.features.band_high!.value as number) - (d.features.band_low!.value as number)).toBeGreaterThanOrEqual(400);
  });

  it("is read from a diagnosis only when the analyzer used one", () => {
    const w = windowOf({ seed: 3 });
    expect(bearingBandOf(analyzeFault("bearing", dsp, w, DEFAULT_INDUCTION_PROFILE))).toMatchObject({ lowHz: expect.any(Number), highHz: expect.any(Number) });
    const { bearing: _b, ...noGeometry } = DEFAULT_INDUCTION_PROFILE;
    expect(bearingBandOf(analyzeFault("bearing", dsp, w, noGeometry))).toBeUndefined();
  });
});

describe("remembered bearing band on the CWRU records (real data)", () => {
  const CWRU: VehicleProfile = {
    motorType: "induction", polePairs: 2, ratedFrequencyHz: 60, ratedVoltageV: 230, maxWorkingVoltageV: 325,
    insulationCircuit: "ac", bearing: BEARING_6205,
  };
  /** The record's first and second half as two windows of one motor. */
  function halves(name: string): [TelemetryWindow, TelemetryWindow, string] {
    const dir = join(dataDir, "cwru");
    const meta = JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8"));
    const bytes = readFileSync(join(dir, `${name}.f32`));
    const x = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const half = Math.floor(x.length / 2);
    const w = (v: Float32Array, t: number): TelemetryWindow => ({
      vehicleId: "cwru", motorId: "de", timestamp: t, sampleRateHz: meta.fs_hz, vibration: v, vibrationSampleRateHz: meta.fs_hz, speedRpm: meta.rpm_nominal,
    });
    return [w(x.subarray(0, half), 0), w(x.subarray(half), 1), meta.fault_type];
  }

  for (const name of ["cwru12k_DE_IR007_1hp_106", "cwru12k_DE_ORat6007_1hp_131", "cwru12k_DE_ORat6007_0hp_130"]) {
    it(`${name}: the first half's band finds the second half's defect and grades it as the first`, () => {
      const [a, b] = halves(name);
      const first = analyzeFault("bearing", dsp, a, CWRU);
      const band = bearingBandOf(first)!;
      const full = analyzeFault("bearing", dsp, b, CWRU);
      const remembered = analyzeFault("bearing", dsp, b, CWRU, undefined, band);
      expect(full.features.defect!.value).not.toBe("none");
      expect(remembered.features.defect!.value).toBe(full.features.defect!.value);
      expect(["warning", "fault"]).toContain(remembered.status);
      // The severity comes from the impulse energy in the band used. A scan per window may pick a
      // neighbouring resonance (OR007 at 1 hp: 0.57 in one half, 0.37 in the other); the remembered
      // band grades the motor's two halves alike.
      expect(remembered.features.band_low!.value).toBe(first.features.band_low!.value);
      expect(Math.abs(remembered.severity - first.severity), `${remembered.severity} vs ${first.severity}`).toBeLessThan(0.05);
    });
  }
});
