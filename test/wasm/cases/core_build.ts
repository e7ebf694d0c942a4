// Builds wasm/build/vtox_dsp.wasm before the Node tests when it is missing or older than any
// AssemblyScript source, so `npm test` on a fresh checkout tests the current sources.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const wasm = `${root}wasm/build/vtox_dsp.wasm`;
const sources = `${root}wasm/assembly/`;
const lock = `${root}wasm/build/.building`;

function stale(): boolean {
  if (!existsSync(wasm)) return true;
  const built = statSync(wasm).mtimeMs;
  const inputs = [...readdirSync(sources).map((f) => sources + f), `${root}wasm/asconfig.json`];
  return inputs.some((f) => statSync(f).mtimeMs > built);
}

/** Runs bin/build-wasm.js (release only) when the module is missing or stale; one builder at a time. */
export function ensureCoreBuilt(): void {
  if (!stale()) return;
  mkdirSync(`${root}wasm/build`, { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock} (remove it if no build is running)`);
      spawnSync(process.execPath, ["-e", "setTimeout(() => {}, 200)"]);
    }
  }
  try {
    if (!stale()) return;
    const r = spawnSync(process.execPath, [`${root}bin/build-wasm.js`, "--release-only"], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`bin/build-wasm.js failed:\n${r.stdout}\n${r.stderr}`);
  } finally {
    rmdirSync(lock);
  }
}
