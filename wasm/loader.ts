// Finds, reads and instantiates wasm/build/vtox_dsp.wasm with the standard WebAssembly API,
// in Node and Deno alike (file: URLs through node:fs, anything else through fetch).
import { DspError } from "./dsp_error.ts";

/** Exports of the AssemblyScript core (see wasm/assembly/index.ts). */
export interface CoreExports {
  memory: WebAssembly.Memory;
  reserve(n: number): void;
  regionCapacity(): number;
  ptrA(): number;
  ptrB(): number;
  ptrC(): number;
  ptrO(): number;
  ptrR(): number;
  prepare(logN: number): void;
  firstNonFinite(ptr: number, n: number): number;
  rfft(logN: number): void;
  irfft(logN: number): void;
  amplitudeSpectrum(logN: number, kind: number): void;
  powerSpectrum(logN: number, kind: number): void;
  welch(n: number, logL: number, step: number, fs: number): number;
  spectralKurtosis(n: number, logNfft: number): number;
  bandpass(n: number, fs: number, lo: number, hi: number): void;
  envelope(n: number): void;
  envelopeSpectrum(logN: number, fs: number, lo: number, hi: number): void;
  envelopePrepare(logN: number): void;
  envelopeSpectrumPrepared(logN: number, fs: number, lo: number, hi: number): void;
  envelopeLines(logN: number, fs: number, lo: number, hi: number, logM: number, count: number, reach: number): number;
  bandStatsPrepared(logN: number, fs: number, lo: number, hi: number): void;
  stats(n: number): void;
  findPeaks(n: number, df: number, kLo: number, kHi: number, maxPeaks: number, mode: number): number;
  peakWithin(n: number, df: number, kLo: number, kHi: number, mode: number): void;
  symmetrical(n: number, fs: number, f: number): void;
  park(n: number): void;
  paddedLength(n: number): number;
}

/** URL of the release build next to this file. */
export const CORE_URL = new URL("./build/vtox_dsp.wasm", import.meta.url);

async function readBytes(url: URL): Promise<Uint8Array> {
  if (url.protocol === "file:") {
    const { readFile } = await import("node:fs/promises");
    return await readFile(url);
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status} fetching ${url.href}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Reads and instantiates the core; DspError DSP_NOT_BUILT / DSP_LOAD_FAILED on failure. */
export async function instantiateCore(url: URL = CORE_URL): Promise<CoreExports> {
  let bytes: Uint8Array;
  try {
    bytes = await readBytes(url);
  } catch (cause) {
    throw new DspError("DSP_NOT_BUILT", `Cannot load the DSP core: ${url.href} is missing or unreadable; run \`npm run build:wasm\``, { cause });
  }
  try {
    const { instance } = await WebAssembly.instantiate(bytes as BufferSource, {});
    return instance.exports as unknown as CoreExports;
  } catch (cause) {
    throw new DspError("DSP_LOAD_FAILED", `Cannot instantiate the DSP core ${url.href}: ${(cause as Error).message}`, { cause });
  }
}
