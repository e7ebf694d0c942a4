/**
 * When several things stand in the way of a verdict, the refusal names the most fundamental one:
 * too few samples cannot be cured by supplying a bearing geometry or a speed, so a tiny vibration
 * recording is refused for its length whatever else is missing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeFault } from "../../actors/analyzers/mod.ts";
import type { TelemetryWindow, VehicleProfile } from "../../actors/domain/mod.ts";
import { type Dsp, loadDsp } from "../../wasm/mod.ts";
import { DEFAULT_INDUCTION_PROFILE, windowOf } from "./simulated_window.ts";

let dsp: Dsp;
beforeAll(async () => {
  dsp = await loadDsp();
});

const noGeometry: VehicleProfile = { ...DEFAULT_INDUCTION_PROFILE, bearing: undefined };

/** A vibration-only window of `n` samples at 1 kHz, like the vtox-samples CSVs. */
function tinyVibration(n: number, speedRpm?: number): TelemetryWindow {
  const vibration = new Float32Array(n).map((_, i) => 0.1 * Math.sin((2 * Math.PI * 25 * i) / 1000));
  return { vehicleId: "ev1", motorId: "m1", timestamp: 0, sampleRateHz: 1000, vibration, speedRpm };
}

describe("bearing refusals name the data limit before the missing geometry or speed", () => {
  it("100 samples, no geometry, no speed: the reason is the sample count", () => {
    const d = analyzeFault("bearing", dsp, tinyVibration(100), noGeometry);
    expect(d.status).toBe("insufficient_data");
    expect(d.reason).toMatch(/^100 vibration samples \(0\.1 s at 1000 Hz\) are too few .* at least 2048/);
    expect(d.reason).not.toMatch(/geometry/);
  });

  it("100 samples with geometry but no speed: still the sample count", () => {
    const d = analyzeFault("bearing", dsp, tinyVibration(100), DEFAULT_INDUCTION_PROFILE);
    expect(d.reason).toMatch(/^100 vibration samples/);
  });

  it("enough samples and no geometry: now the geometry is the blocker", () => {
    const d = analyzeFault("bearing", dsp, tinyVibration(4096, 1500), noGeometry);
    expect(d.status).toBe("insufficient_data");
    expect(d.reason).toMatch(/no bearing geometry/);
  });

  it("enough samples and geometry but no speed: the speed is the blocker", () => {
    const d = analyzeFault("bearing", dsp, tinyVibration(4096), DEFAULT_INDUCTION_PROFILE);
    expect(d.reason).toMatch(/no shaft speed/);
  });

  it("a full simulated window with geometry and speed gets a verdict", () => {
    const d = analyzeFault("bearing", dsp, windowOf({ seed: 41 }), DEFAULT_INDUCTION_PROFILE);
    expect(d.status).toBe("normal");
  });
});
