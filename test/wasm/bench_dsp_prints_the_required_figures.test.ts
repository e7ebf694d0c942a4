import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureCoreBuilt } from "./cases/core_build.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

beforeAll(() => ensureCoreBuilt(), 120_000);

// Proves the benchmark runs end to end (reference checks included) and reports every figure the
// issue asks for; it asserts nothing about speed.
describe("npm run bench:dsp -- --json", () => {
  it("prints tables and, last, one JSON object with the FFT ratios and the boundary cost", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "bench/dsp.ts", "--json", "--rounds", "3"], {
      cwd: root,
      encoding: "utf8",
      timeout: 110_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(r.stdout).toContain("p10 / pffft SIMD");
    expect(r.stdout).toContain("boundary (full − transform)");
    expect(r.stdout).toContain("Bearing feature pass");
    const figures = JSON.parse(lines[lines.length - 1]) as Record<string, number>;
    for (const key of [
      "fft_ratio_p10_1024", "fft_ratio_p10_4096", "fft_ratio_p10_16384", "boundary_us_4096",
      "fft_ratio_p10_vs_pffft_scalar_4096", "bearing_pass_us_4096", "bearing_pass_us_16384",
    ]) {
      expect(Number.isFinite(figures[key]), `${key} = ${figures[key]}`).toBe(true);
    }
  }, 120_000);
});
