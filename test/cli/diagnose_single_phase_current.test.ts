/**
 * `vtox diagnose x.f32 --format f32 --channel ia` (one phase current, the usual MCSA recording)
 * and a CSV with only an `Ia` column get broken-bar verdicts; turn_fault says it needs three phases.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulateWindow } from "../../actors/sim/mod.ts";
import { DEFAULT_INDUCTION_PROFILE } from "../../actors/domain/mod.ts";
import { faultVerdict, jsonOf, runVtox } from "./vtox_cli_process.ts";

const dir = mkdtempSync(join(tmpdir(), "vtox-1ph-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("vtox diagnose on a single phase current", () => {
  it("raw float32 phase a (--channel ia) with broken bars: broken_bar flagged, turn_fault insufficient_data", async () => {
    const out = join(dir, "ia.f32");
    const sim = await runVtox(["simulate", "--out", out, "--channel", "ia", "--seed", "5", "--rpm", "1440", "--load", "100", "--fault", "broken_bar=0.6"]);
    expect(sim.code).toBe(0);
    const readBack = (jsonOf(sim).readBack as string).split(" ").slice(1);
    expect(readBack).toContain("--channel");
    const run = await runVtox(readBack);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const result = jsonOf(run);
    expect(result.recording).toMatchObject({ format: "f32" });
    expect(["warning", "fault"]).toContain(faultVerdict(result, "broken_bar").status);
    expect(result.findings).toContain("broken_bar");
    const turn = faultVerdict(result, "turn_fault");
    expect(turn.status).toBe("insufficient_data");
    expect(turn.reason).toMatch(/^needs three phase currents, got 1/);
    for (const fault of ["broken_bar", "eccentricity", "turn_fault"]) expect(faultVerdict(result, fault).status).not.toBe("unavailable");
  });

  it("a CSV with only time and Ia columns: healthy motor judged normal for broken bars and eccentricity", async () => {
    const w = simulateWindow({ vehicleId: "csv1", profile: DEFAULT_INDUCTION_PROFILE, seed: 8, sampleRateHz: 2048, samples: 16384, speedRpm: 1440, loadPercent: 90, noise: 0.005 });
    const rows = ["time,Ia", ...Array.from(w.currents!.a, (v, i) => `${(i / 2048).toFixed(6)},${v.toFixed(4)}`)];
    const file = join(dir, "ia_only.csv");
    writeFileSync(file, rows.join("\n") + "\n");
    const run = await runVtox(["diagnose", file, "--rpm", "1440"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const result = jsonOf(run);
    for (const fault of ["broken_bar", "eccentricity"]) expect(faultVerdict(result, fault).status).toBe("normal");
    expect(faultVerdict(result, "turn_fault").reason).toMatch(/^needs three phase currents, got 1/);
  });
});
