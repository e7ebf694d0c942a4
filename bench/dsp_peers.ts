// The forward real FFTs compared by bench/dsp.ts, each wrapped to take a Float32Array frame and
// give its spectrum in numpy.fft.rfft layout (for the correctness check before timing). Every
// contender copies the input in and the spectrum out, as a caller would.
import type { Dsp } from "../wasm/mod.ts";

/** A forward real FFT of one size. */
export interface FftPeer {
  name: string;
  /** Transforms the frame given at setup; result kept internally. */
  run(): void;
  /** The last result as interleaved [re0, im0, ..., re(N/2), im(N/2)] in float64. */
  spectrum(): Float64Array;
}

export function vtoxPeer(dsp: Dsp, x: Float32Array): FftPeer {
  const out = new Float32Array(x.length + 2);
  return { name: "VTOX (wasm SIMD)", run: () => void dsp.rfft(x, out), spectrum: () => Float64Array.from(out) };
}

interface FftJs {
  realTransform(out: number[] | Float64Array, input: number[] | Float64Array): void;
}

export async function fftJsPeer(x: Float32Array): Promise<FftPeer> {
  const spec: string = "fft.js";
  const FFT = ((await import(spec)) as { default: new (n: number) => FftJs }).default;
  const n = x.length;
  const f = new FFT(n);
  const input = new Float64Array(n);
  const out = new Float64Array(2 * n);
  return {
    name: "fft.js",
    run: () => {
      input.set(x);
      f.realTransform(out, input);
    },
    spectrum: () => out.slice(0, n + 2),
  };
}

interface PffftModule {
  HEAPF32: Float32Array;
  _pffft_new_setup(n: number, kind: number): number;
  _pffft_aligned_malloc(bytes: number): number;
  _pffft_transform_ordered(setup: number, input: number, output: number, work: number, direction: number): void;
}

/** @echogarden/pffft-wasm, SIMD or scalar build, ordered real transform. */
export async function pffftPeer(x: Float32Array, simd: boolean): Promise<FftPeer> {
  const spec: string = simd ? "@echogarden/pffft-wasm/simd" : "@echogarden/pffft-wasm";
  const factory = ((await import(spec)) as { default: () => Promise<PffftModule> }).default;
  const m = await factory();
  const n = x.length;
  const setup = m._pffft_new_setup(n, 0 /* PFFFT_REAL */);
  const inPtr = m._pffft_aligned_malloc(n * 4);
  const outPtr = m._pffft_aligned_malloc(n * 4);
  const work = m._pffft_aligned_malloc(n * 4);
  // Views are cached like VTOX's; the module's memory does not grow after these allocations.
  const heapIn = m.HEAPF32.subarray(inPtr >> 2, (inPtr >> 2) + n);
  const heapOut = m.HEAPF32.subarray(outPtr >> 2, (outPtr >> 2) + n);
  const out = new Float32Array(n);
  return {
    name: simd ? "pffft-wasm SIMD" : "pffft-wasm scalar",
    run: () => {
      heapIn.set(x);
      m._pffft_transform_ordered(setup, inPtr, outPtr, work, 0 /* PFFFT_FORWARD */);
      out.set(heapOut);
    },
    spectrum: () => {
      // Ordered real layout: [X0, X(N/2), re1, im1, ...].
      const s = new Float64Array(n + 2);
      s[0] = out[0];
      s[n] = out[1];
      for (let i = 2; i < n; i++) s[i] = out[i];
      return s;
    },
  };
}
