// Reads the committed numpy reference vectors (see ../make_reference.py).
import { readFile } from "node:fs/promises";

/** One reference case: float32 inputs, float64 expected output, generation parameters. */
export interface ReferenceCase {
  inputs: Float32Array[];
  expected: Float64Array;
  params: Record<string, number | string>;
}

const DIR = new URL("../reference/", import.meta.url);
let manifest: Promise<{ cases: Record<string, { inputs: string[]; reference: string; params: Record<string, number | string> }> }> | undefined;

async function bytes(name: string): Promise<ArrayBuffer> {
  const b = await readFile(new URL(name, DIR));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/** Loads reference case `name` from test/wasm/reference. */
export async function referenceCase(name: string): Promise<ReferenceCase> {
  manifest ??= readFile(new URL("manifest.json", DIR), "utf8").then((t) => JSON.parse(t));
  const entry = (await manifest).cases[name];
  if (!entry) throw new Error(`no reference case "${name}" in test/wasm/reference/manifest.json`);
  const inputs = await Promise.all(entry.inputs.map(async (f) => new Float32Array(await bytes(f))));
  return { inputs, expected: new Float64Array(await bytes(entry.reference)), params: entry.params };
}

/** max |actual - expected| / max |expected| over the given index range. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, from = 0, to = expected.length): number {
  if (actual.length !== expected.length) {
    throw new Error(`length mismatch: got ${actual.length}, expected ${expected.length}`);
  }
  let err = 0;
  let scale = 0;
  for (let i = from; i < to; i++) {
    err = Math.max(err, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return err / scale;
}
