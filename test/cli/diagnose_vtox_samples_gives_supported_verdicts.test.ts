/**
 * Every VTOX sample file (100 rows at 1 kHz, or 10 rows) goes through `vtox diagnose` without a
 * crash and gets, from each analyzer, either an explicit non-verdict with its reason or a verdict
 * the data supports. These files are 0.01–0.1 s long: no slip sideband (needs ≈ 0.1 Hz
 * resolution), no bearing line and no negative-sequence measurement over ≥ 10 supply cycles is
 * possible, so no warning or fault may appear — a fault here would be made up.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FAULT_KINDS } from "../../actors/domain/mod.ts";
import { dataDir } from "../harness/mod.ts";
import { jsonOf, runVtox } from "./vtox_cli_process.ts";

const dir = join(dataDir, "vtox-samples");
const files = readdirSync(dir).filter((f) => f.endsWith(".csv")).sort();
const NON_VERDICTS = ["insufficient_data", "not_applicable", "unavailable"];

describe("vtox diagnose on every file in vtox-samples", () => {
  it("finds the eleven sample files", () => {
    expect(files).toHaveLength(11);
  });

  for (const file of files) {
    it(`${file}: no crash, no made-up fault, a reason for every non-verdict`, async () => {
      // Give the bearing geometry, so the bearing analyzer has to judge the data itself.
      const run = await runVtox(["diagnose", join(dir, file), "--bearing", "balls=9,ball=7.94,pitch=39.04,angle=0"]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const out = jsonOf(run);
      expect(out.recording).toMatchObject({ file, format: "csv", sampleRateHz: 1000, sampleRateSource: "time_column", windows: 1 });
      for (const fault of FAULT_KINDS) {
        const d = out.diagnoses[fault];
        expect(d.fault).toBe(fault);
        expect(["warning", "fault"], `${fault} must not raise an alarm on ${out.recording.samples} samples`).not.toContain(d.status);
        if (NON_VERDICTS.includes(d.status)) expect(d.reason, `${fault} ${d.status} needs a reason`).toMatch(/\w{4,}/);
      }
      expect(out.findings).toEqual([]);
      expect(out.status === "unknown" || out.status === "normal").toBe(true);
    });
  }

  it("the reasons name the missing resolution, not just a missing channel", async () => {
    const bearing = jsonOf(await runVtox(["diagnose", join(dir, "bearing_outer_race_sample.csv"), "--bearing", "balls=9,ball=7.94,pitch=39.04,angle=0"]));
    expect(bearing.diagnoses.bearing.status).toBe("insufficient_data");
    expect(bearing.diagnoses.bearing.reason).toMatch(/10 vibration samples/);
    // Without a bearing geometry the too-short recording is still the reason: it is the harder limit.
    const plain = jsonOf(await runVtox(["diagnose", join(dir, "bearing_outer_race_sample.csv")]));
    expect(plain.diagnoses.bearing.reason).toMatch(/^10 vibration samples .* too few/);
    const bars = jsonOf(await runVtox(["diagnose", join(dir, "broken_bar_broken_bar_sample.csv")]));
    expect(bars.diagnoses.broken_bar.status).toBe("insufficient_data");
    expect(bars.diagnoses.broken_bar.reason).toMatch(/100 current samples/);
  });
});
