import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

describe("the supervisor under Deno", () => {
  it("restarts per strategy, escalates past intensity and stops in reverse order with Deno's own timers", () => {
    const run = spawnSync(`${repoRoot}node_modules/.bin/deno`, ["run", "--quiet", "test/supervisor/deno_smoke.ts"], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.error, `could not run deno: ${run.error?.message}`).toBeUndefined();
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split("\n");
    const result = JSON.parse(lines[lines.length - 1]);
    expect(result).toEqual({
      log: ["start:a", "start:b", "start:c", "stop:c", "start:b", "start:c", "stop:c", "stop:b", "stop:a"],
      rootFailed: true,
      causeSupervisor: "leaf",
      runtime: "deno",
    });
  });
});
