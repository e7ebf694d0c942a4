/**
 * Spawns fleet node processes (cli/fleet/fleet_node_main.ts) for process-level tests and waits
 * for their ready line.
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "../harness/mod.ts";

/** A running fleet node process. */
export interface FleetNodeProcess {
  child: ChildProcess;
  output: string[];
  /** SIGKILL (a crash) and wait for exit. */
  kill(): Promise<void>;
  /** SIGTERM (graceful) and wait for exit. */
  stop(): Promise<number | null>;
}

/** Starts a fleet node process; resolves once it printed `ready`. */
export async function startFleetNodeProcess(args: string[], readyTimeoutMs = 60_000): Promise<FleetNodeProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "cli/fleet/fleet_node_main.ts"), ...args], {
    cwd: repoRoot, env: { ...process.env, VTOX_LOG: "warn" }, stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fleet node not ready after ${readyTimeoutMs} ms:\n${output.join("")}`)), readyTimeoutMs);
    child.stdout!.on("data", (d: Buffer) => {
      output.push(d.toString());
      if (/ ready: owns/.test(d.toString())) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`fleet node exited with ${code} before ready:\n${output.join("")}`));
    });
  });
  return {
    child, output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return await exited;
    },
  };
}
