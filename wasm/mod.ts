/**
 * VTOX DSP core: the typed binding of the AssemblyScript WASM module (wasm/assembly), loaded
 * with the standard WebAssembly API so it runs unchanged in Node and Deno.
 *
 * @example
 * import { loadDsp } from "../wasm/mod.ts";
 * const dsp = await loadDsp();
 * const amp = dsp.amplitudeSpectrum(window, "flattop"); // amp[k] at k * fs / window.length
 * const [top] = dsp.findPeaks(amp, fs / window.length, 10, 500, 1);
 */
import { instantiateCore } from "./loader.ts";
import { WasmDsp } from "./wasm_dsp.ts";
import type { Dsp } from "./types.ts";

export { DspError } from "./dsp_error.ts";
export type { DspErrorCode } from "./dsp_error.ts";
export type { Dsp, EnvelopeScan, Peak, ParkVector, ScanLine, SignalStats, SymmetricalComponents, WindowKind } from "./types.ts";

let loading: Promise<Dsp> | undefined;

/** Loads (once per process) and returns the DSP core. Rejects with DspError if it is not built. */
export function loadDsp(): Promise<Dsp> {
  loading ??= instantiateCore().then((core) => new WasmDsp(core));
  // A failed load is not cached, so a later call (after `npm run build:wasm`) can succeed.
  loading.catch(() => { loading = undefined; });
  return loading;
}

/**
 * The unvalidated kernel exports of a fresh core instance (not the shared one): for benchmarks
 * that separate the transform from the binding's copy/validation cost. Application code uses
 * {@link loadDsp}.
 */
export { instantiateCore as instantiateRawCore } from "./loader.ts";
export type { CoreExports as RawCoreExports } from "./loader.ts";
