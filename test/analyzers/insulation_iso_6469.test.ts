import { beforeAll, describe, expect, it } from "vitest";
import { analyzeFault } from "../../actors/analyzers/mod.ts";
import type { TelemetryWindow, VehicleProfile } from "../../actors/domain/mod.ts";
import { type Dsp, loadDsp } from "../../wasm/mod.ts";
import { DEFAULT_INDUCTION_PROFILE, windowOf } from "./simulated_window.ts";

let dsp: Dsp;
beforeAll(async () => {
  dsp = await loadDsp();
});

const reading = (plus: number, minus: number): TelemetryWindow => ({
  vehicleId: "ev1", motorId: "m1", timestamp: 0, sampleRateHz: 1000, insulation: { hvPlusOhm: plus, hvMinusOhm: minus },
});

describe("insulation analyzer (ISO 6469-3)", () => {
  const dc: VehicleProfile = { ...DEFAULT_INDUCTION_PROFILE, maxWorkingVoltageV: 400, insulationCircuit: "dc" };
  it("is a fault just below 100 Ω/V on a DC circuit and names the weaker side", () => {
    const d = analyzeFault("insulation", dsp, reading(39_000, 5_000_000), dc);
    expect(d.status).toBe("fault");
    expect(d.features.r_iso_per_volt.value).toBeCloseTo(97.5, 1);
    expect(d.conclusion).toMatch(/HV\+/);
  });
  it("is normal at 17× the minimum and a warning at 4×", () => {
    expect(analyzeFault("insulation", dsp, reading(700_000, 800_000), dc).status).toBe("normal");
    expect(analyzeFault("insulation", dsp, reading(160_000, 800_000), dc).status).toBe("warning");
  });
  it("applies 500 Ω/V to an AC circuit", () => {
    const ac: VehicleProfile = { ...dc, insulationCircuit: "ac" };
    const d = analyzeFault("insulation", dsp, reading(150_000, 150_000), ac);
    expect(d.features.iso_6469_3_minimum.value).toBe(500);
    expect(d.status).toBe("fault");
  });
  it("detects simulated degradation at severity 0.3 and refuses a window without a reading", () => {
    expect(analyzeFault("insulation", dsp, windowOf({ faults: [{ kind: "insulation", severity: 0.3 }] }), DEFAULT_INDUCTION_PROFILE).status).toBe("warning");
    const w = windowOf();
    delete w.insulation;
    expect(analyzeFault("insulation", dsp, w, DEFAULT_INDUCTION_PROFILE).status).toBe("insufficient_data");
  });
});
