/**
 * Real stator turn faults through the CLI: the ITSC records (CSV `timestamp,Ia,Ib,Ic`, 1 kHz,
 * 60 Hz mains, no speed column) — 20–40 % shorted turns flagged in phase A, healthy records normal.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dataDir } from "../harness/mod.ts";
import { jsonOf, runVtox } from "./vtox_cli_process.ts";

const dir = join(dataDir, "itsc");
const records = readdirSync(dir).filter((f) => /^SC_(HLT|A[234])_/.test(f) && f.endsWith(".csv")).sort();

describe("vtox diagnose --fault turn_fault on the ITSC records", () => {
  it("has 3 healthy and 9 faulted (20/30/40 %) records", () => {
    expect(records.filter((r) => r.startsWith("SC_HLT"))).toHaveLength(3);
    expect(records.filter((r) => r.startsWith("SC_A"))).toHaveLength(9);
  });

  for (const record of records) {
    const healthy = record.startsWith("SC_HLT");
    it(`${record}: ${healthy ? "normal" : "turn fault flagged"}`, async () => {
      const run = await runVtox(["diagnose", join(dir, record), "--rated-frequency", "60", "--pole-pairs", "2", "--fault", "turn_fault"]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const d = jsonOf(run);
      expect(d.fault).toBe("turn_fault");
      expect(d.recording).toMatchObject({ sampleRateHz: 1000, sampleRateSource: "time_column", samples: 5000, speedSource: "none", windows: 1 });
      expect(d.features.i2_i1.value).toBeGreaterThan(0);
      if (healthy) expect(d.status).toBe("normal");
      else {
        expect(["warning", "fault"]).toContain(d.status);
        // Every faulted record here has shorted turns in phase A.
        expect(d.features.faulted_phase?.value).toBe("A");
      }
    });
  }
});
