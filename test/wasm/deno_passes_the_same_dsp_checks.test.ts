import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureCoreBuilt } from "./cases/core_build.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

beforeAll(() => ensureCoreBuilt(), 120_000);

describe("the DSP checks under Deno", () => {
  it("deno test test/deno/wasm_dsp_checks.ts passes every case", () => {
    const r = spawnSync("npx", ["deno", "test", "--allow-read", "test/deno/wasm_dsp_checks.ts"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
      timeout: 110_000,
    });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(r.status, out).toBe(0);
    const summary = /ok \| (\d+) passed \| (\d+) failed/.exec(out);
    expect(summary, out).not.toBeNull();
    expect(Number(summary![1])).toBeGreaterThanOrEqual(60);
    expect(Number(summary![2])).toBe(0);
  }, 120_000);
});
