import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeFault } from "../../actors/analyzers/mod.ts";
import { BEARING_6205, type TelemetryWindow, type VehicleProfile } from "../../actors/domain/mod.ts";
import { type Dsp, loadDsp } from "../../wasm/mod.ts";
import { dataDir } from "../harness/mod.ts";

/** The CWRU rig: 2 hp induction motor, 4 poles, drive-end 6205 bearing. */
const CWRU: VehicleProfile = {
  motorType: "induction", polePairs: 2, ratedFrequencyHz: 60, ratedVoltageV: 230, maxWorkingVoltageV: 325,
  insulationCircuit: "ac", bearing: BEARING_6205,
};
const dir = join(dataDir, "cwru");

/** Raw little-endian float32 record plus its JSON metadata as a TelemetryWindow. */
function record(name: string): { window: TelemetryWindow; meta: { fault_type: string; rpm_nominal: number; fs_hz: number } } {
  const meta = JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8"));
  const bytes = readFileSync(join(dir, `${name}.f32`));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const x = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < x.length; i++) x[i] = view.getFloat32(i * 4, true);
  return {
    meta,
    window: { vehicleId: "cwru", motorId: "de", timestamp: 0, sampleRateHz: meta.fs_hz, vibration: x, vibrationSampleRateHz: meta.fs_hz, speedRpm: meta.rpm_nominal },
  };
}

let dsp: Dsp;
beforeAll(async () => {
  dsp = await loadDsp();
});

const records = readdirSync(dir).filter((f) => f.endsWith(".f32")).map((f) => f.replace(/\.f32$/, ""));

describe("bearing analyzer on the CWRU records (real data, nominal rpm)", () => {
  it("has the ten records", () => {
    expect(records.length).toBe(10);
  });
  for (const name of records.filter((r) => /IR007|ORat6007/.test(r))) {
    it(`${name}: finds the ${name.includes("IR") ? "inner" : "outer"}-race defect at its line`, () => {
      const { window, meta } = record(name);
      const d = analyzeFault("bearing", dsp, window, CWRU);
      expect(["warning", "fault"]).toContain(d.status);
      expect(d.features.defect.value).toBe(meta.fault_type);
      const label = meta.fault_type === "inner_race" ? "1x BPFI (envelope)" : "1x BPFO (envelope)";
      const line = d.frequencies.find((f) => f.label === label)!;
      expect(Math.abs(line.foundHz! - line.expectedHz) / line.expectedHz).toBeLessThan(0.01);
      expect(line.level!).toBeGreaterThan(20);
    });
  }
  it("normal_0hp_097: raises no bearing alarm", () => {
    const d = analyzeFault("bearing", dsp, record("cwru12k_DE_normal_0hp_097").window, CWRU);
    expect(d.status).toBe("normal");
    expect(d.features.defect.value).toBe("none");
  });
});
