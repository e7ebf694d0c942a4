import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeFault } from "../../actors/analyzers/mod.ts";
import type { TelemetryWindow, VehicleProfile } from "../../actors/domain/mod.ts";
import { type Dsp, loadDsp } from "../../wasm/mod.ts";
import { dataDir } from "../harness/mod.ts";

/** Baldor CM3542 on the ITSC rig: 4-pole induction motor on 60 Hz mains. */
const ITSC: VehicleProfile = { motorType: "induction", polePairs: 2, ratedFrequencyHz: 60, ratedVoltageV: 230, maxWorkingVoltageV: 325, insulationCircuit: "ac" };
const dir = join(dataDir, "itsc");

/** `timestamp,Ia,Ib,Ic` at 1 kHz as a TelemetryWindow (no speed, no voltages, uncalibrated units). */
function record(name: string): TelemetryWindow {
  const rows = readFileSync(join(dir, name), "utf8").trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
  const col = (i: number) => Float32Array.from(rows, (r) => r[i]);
  return { vehicleId: "itsc", motorId: "m1", timestamp: 0, sampleRateHz: 1000, currents: { a: col(1), b: col(2), c: col(3) } };
}

let dsp: Dsp;
beforeAll(async () => {
  dsp = await loadDsp();
});

const files = readdirSync(dir).filter((f) => f.endsWith(".csv"));

describe("turn_fault analyzer on the ITSC records (real data)", () => {
  for (const name of files.filter((f) => /SC_A[234]_/.test(f))) {
    it(`${name}: flags the fault and names phase A`, () => {
      const d = analyzeFault("turn_fault", dsp, record(name), ITSC);
      expect(["warning", "fault"]).toContain(d.status);
      expect(d.features.faulted_phase.value).toBe("A");
      expect(d.basis).toBe("absolute");
    });
  }
  for (const name of files.filter((f) => f.startsWith("SC_HLT"))) {
    it(`${name}: healthy stays normal`, () => {
      const d = analyzeFault("turn_fault", dsp, record(name), ITSC);
      expect(d.status).toBe("normal");
      expect(d.features.i2_i1.value as number).toBeLessThan(0.05);
    });
  }
  it("severity rises with the shorted fraction (mean of the repetitions)", () => {
    const mean = (level: string) => {
      const s = files.filter((f) => f.startsWith(level)).map((f) => analyzeFault("turn_fault", dsp, record(f), ITSC).severity);
      return s.reduce((a, b) => a + b, 0) / s.length;
    };
    const levels = ["SC_HLT", "SC_A1_", "SC_A2_", "SC_A3_", "SC_A4_"].map(mean);
    for (let i = 1; i < levels.length; i++) expect(levels[i]).toBeGreaterThan(levels[i - 1]);
  });
  it("learns the rig's own unbalance as a baseline and judges the change from it", async () => {
    const { diagnoseWindow, updateBaseline } = await import("../../actors/analyzers/mod.ts");
    let baseline;
    for (let i = 0; i < 5; i++) {
      const w = record(files.filter((f) => f.startsWith("SC_HLT"))[i % 3]);
      baseline = updateBaseline(baseline, dsp, w, ITSC, diagnoseWindow(dsp, w, ITSC, baseline));
    }
    const d = analyzeFault("turn_fault", dsp, record("SC_A3_B0_C0_001.csv"), ITSC, baseline);
    expect(d.basis).toBe("baseline");
    expect(d.status).not.toBe("normal");
    expect(d.features.faulted_phase.value).toBe("A");
    expect(analyzeFault("turn_fault", dsp, record("SC_HLT_002.csv"), ITSC, baseline).status).toBe("normal");
  });
});
