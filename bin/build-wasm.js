#!/usr/bin/env node
// Builds the AssemblyScript DSP core (wasm/assembly) into wasm/build/: the release module the
// binding loads (-O3, SIMD) and a debug build. Plain JavaScript: runs from `npm run setup`.
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const wasmDir = join(root, "wasm");
const asc = join(root, "node_modules", "assemblyscript", "bin", "asc.js");
const targets = process.argv.includes("--release-only") ? ["release"] : ["release", "debug"];

for (const target of targets) {
  const started = Date.now();
  console.log(`[build-wasm] asc wasm/assembly/index.ts --target ${target} (config wasm/asconfig.json)`);
  const r = spawnSync(process.execPath, [asc, "assembly/index.ts", "--config", "asconfig.json", "--target", target], {
    cwd: wasmDir,
    stdio: "inherit",
  });
  if (r.status !== 0) {
    console.error(`[build-wasm] ${target} build failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  const out = join(wasmDir, "build", target === "release" ? "vtox_dsp.wasm" : "vtox_dsp.debug.wasm");
  console.log(`[build-wasm] wrote ${out.slice(root.length + 1)} (${statSync(out).size} bytes, ${Date.now() - started} ms)`);
}
