/**
 * Runs the real `vtox` CLI as a child process (`node bin/vtox.js …`) and captures what it
 * printed and how it exited — the contract the CLI tests check.
 * @module
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "../harness/mod.ts";

/** What one CLI run produced. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/vtox.js <args>` in the repository root. A run that does not finish in `timeoutMs`
 * (well inside the 30 s test timeout, also for two runs in one test) is killed and reported with
 * what it printed, instead of the test timing out without saying which command hung.
 */
export function runVtox(args: string[], timeoutMs = 12_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, "bin", "vtox.js"), ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`vtox ${args.join(" ")} did not finish within ${timeoutMs} ms; it printed:\n${stdout.slice(-1_000)}\nstderr:\n${stderr.slice(-1_000)}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Parses stdout as the one JSON document the CLI promises; fails with what was printed otherwise. */
export function jsonOf(run: CliRun): Record<string, any> {
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.code}):\n${run.stdout.slice(0, 500)}\nstderr:\n${run.stderr.slice(0, 500)}`);
  }
}

/** Status and text features of one analyzer, from either output shape (one window or a summary). */
export function faultVerdict(out: Record<string, any>, fault: string): { status: string; features: Record<string, unknown>; reason?: string } {
  const d = out.diagnoses[fault];
  const features: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(d.features ?? {})) features[k] = typeof f === "object" && f !== null && "value" in f ? (f as { value: unknown }).value : f;
  return { status: d.status, features, reason: d.reason };
}
