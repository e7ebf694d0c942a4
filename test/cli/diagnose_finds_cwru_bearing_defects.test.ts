/**
 * Real data through the CLI: `vtox diagnose` on every CWRU record finds the inner-race defect for
 * IR007 at all four loads, the outer-race defect for ORat6007 at all four loads, and no bearing
 * alarm for the healthy record.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dataDir } from "../harness/mod.ts";
import { faultVerdict, jsonOf, runVtox } from "./vtox_cli_process.ts";

const cwru = join(dataDir, "cwru");
const records = readdirSync(cwru).filter((f) => f.endsWith(".f32")).sort();
const BEARING = "balls=9,ball=7.94,pitch=39.04,angle=0";

function argsFor(record: string): string[] {
  const meta = JSON.parse(readFileSync(join(cwru, record.replace(/\.f32$/, ".json")), "utf8"));
  return ["diagnose", join(cwru, record), "--format", "f32", "--channel", "vibration", "--fs", "12000", "--rpm", String(meta.rpm_nominal), "--bearing", BEARING];
}

describe("vtox diagnose on the CWRU records", () => {
  it("has the ten records it is about", () => {
    expect(records.filter((r) => r.includes("IR007"))).toHaveLength(4);
    expect(records.filter((r) => r.includes("ORat6007"))).toHaveLength(4);
    expect(records.filter((r) => r.includes("normal"))).toHaveLength(1);
  });

  for (const record of records.filter((r) => /IR007|ORat6007|normal/.test(r))) {
    const expected = record.includes("IR007") ? "inner_race" : record.includes("ORat6007") ? "outer_race" : "none";
    it(`${record}: ${expected === "none" ? "no bearing alarm" : expected}`, async () => {
      const run = await runVtox(argsFor(record));
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const out = jsonOf(run);
      const bearing = faultVerdict(out, "bearing");
      if (expected === "none") {
        expect(bearing.status).toBe("normal");
        expect(out.findings).not.toContain("bearing");
      } else {
        expect(["warning", "fault"]).toContain(bearing.status);
        expect(bearing.features.defect).toBe(expected);
        expect(out.findings).toContain("bearing");
      }
      expect(out.recording).toMatchObject({ format: "f32", sampleRateHz: 12000, speedSource: "flag" });
    });
  }

  it("a long record split into 1 s windows: every window is reported and the majority decides", async () => {
    const run = await runVtox([...argsFor("cwru12k_DE_IR007_2hp_107.f32"), "--window", "1s", "--fault", "bearing"]);
    expect(run.code).toBe(0);
    const out = jsonOf(run);
    const samples = statSync(join(cwru, "cwru12k_DE_IR007_2hp_107.f32")).size / 4;
    expect(out.recording).toMatchObject({ samples, windowSamples: 12000, windows: 10, unusedSamples: samples - 120000 });
    expect(out.windowDiagnoses).toHaveLength(10);
    expect(out.windowDiagnoses[3].startS).toBe(3);
    const judged = out.windowDiagnoses.filter((w: any) => w.diagnosis.status === "warning" || w.diagnosis.status === "fault");
    expect(judged.length * 2).toBeGreaterThan(10);
    expect(["warning", "fault"]).toContain(out.status);
    expect(out.features.defect).toBe("inner_race");
    expect(out.fault).toBe("bearing");
  });
});
