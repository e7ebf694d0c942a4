/**
 * Spawns `vtox node` processes for process-level tests and waits for their `ready` line.
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { NODE_HEAP_FLAGS } from "../../cli/dev/node_heap_flags.ts";
import { repoRoot } from "../harness/mod.ts";

/** A running node process. */
export interface NodeProcess {
  child: ChildProcess;
  output: string[];
  /** SIGKILL (a crash) and wait for exit. */
  kill(): Promise<void>;
  /** SIGTERM (graceful) and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `node bin/vtox.js node <args>` and resolves once it printed its ready line. */
export async function startNodeProcess(args: string[], env: Record<string, string> = {}, readyTimeoutMs = 60_000): Promise<NodeProcess> {
  const child = spawn(process.execPath, [...NODE_HEAP_FLAGS, join(repoRoot, "bin", "vtox.js"), "node", ...args], {
    cwd: repoRoot,
    env: { ...process.env, VTOX_LOG: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`node not ready after ${readyTimeoutMs} ms:\n${output.join("")}`)), readyTimeoutMs);
      // The ready line may arrive split across chunks: match whole lines only.
      let partial = "";
      const onData = (d: Buffer) => {
        const text = d.toString();
        output.push(text);
        const lines = (partial + text).split("\n");
        partial = lines.pop()!;
        if (lines.some((l) => / ready: owns/.test(l))) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`node exited with ${code} before ready:\n${output.join("")}`));
      });
    });
  } catch (err) {
    // Never leave a half-started node behind (it would hold shards and ports).
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
    throw err;
  }
  return {
    child,
    output,
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
