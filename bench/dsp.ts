// `npm run bench:dsp [-- --json] [-- --rounds N]`: the forward real FFT of VTOX against fft.js
// and @echogarden/pffft-wasm (SIMD and scalar builds) at 1024 / 4096 / 16384, each output
// checked against the numpy reference first; VTOX vs pffft SIMD at every size 256..65536
// (checked against each other); the binding's boundary cost on a 4096 frame; and a
// whole bearing feature pass on 4096 and 16384 frames. Human-readable tables, and with --json one
// JSON object on the last line.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { loadDsp, instantiateRawCore, type Dsp } from "../wasm/mod.ts";
import { referenceCase } from "../test/wasm/cases/reference.ts";
import { roundRobin, type Timing } from "./dsp_timing.ts";
import { fftJsPeer, pffftPeer, vtoxPeer, type FftPeer } from "./dsp_peers.ts";

const args = process.argv.slice(2);
const json = args.includes("--json");
const roundsArg = args.indexOf("--rounds");
const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 80;
const root = fileURLToPath(new URL("../", import.meta.url));
const figures: Record<string, number> = {};

function ensureBuilt(): void {
  if (existsSync(`${root}wasm/build/vtox_dsp.wasm`)) return;
  console.log("wasm/build/vtox_dsp.wasm missing: building it first");
  const r = spawnSync(process.execPath, [`${root}bin/build-wasm.js`, "--release-only"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(1);
}

function pad(s: string | number, n: number, right = false): string {
  const t = String(s);
  return right ? t.padEnd(n) : t.padStart(n);
}

function relErr(got: Float64Array, want: Float64Array): number {
  let e = 0;
  let m = 0;
  for (let i = 0; i < want.length; i++) {
    e = Math.max(e, Math.abs(got[i] - want[i]));
    m = Math.max(m, Math.abs(want[i]));
  }
  return e / m;
}

async function fftSection(dsp: Dsp): Promise<void> {
  console.log(`\nForward real FFT, float32 in, N/2+1 complex bins out (copy in + transform + copy out), ${rounds} round-robin rounds`);
  console.log(`${pad("N", 6)}  ${pad("implementation", 18, true)} ${pad("max err", 9)} ${pad("median µs", 10)} ${pad("p10 µs", 9)} ${pad("p10 / pffft SIMD", 17)}`);
  for (const n of [1024, 4096, 16384]) {
    const ref = await referenceCase(`rfft_${n}`);
    const x = ref.inputs[0];
    const peers: FftPeer[] = [vtoxPeer(dsp, x), await pffftPeer(x, true), await pffftPeer(x, false), await fftJsPeer(x)];
    const errors = peers.map((p) => {
      p.run();
      const err = relErr(p.spectrum(), ref.expected);
      // fft.js computes in float64; the float32 transforms are held to the 2e-7 accuracy goal.
      if (err > 2e-7) throw new Error(`${p.name} N=${n}: error ${err} against numpy exceeds 2e-7; not timing it`);
      return err;
    });
    const timings = roundRobin(peers, rounds);
    const simd = timings[1];
    timings.forEach((t, i) => {
      console.log(`${pad(i === 0 ? n : "", 6)}  ${pad(t.name, 18, true)} ${pad(errors[i].toExponential(1), 9)} ${pad(t.medianUs.toFixed(2), 10)} ${pad(t.p10Us.toFixed(2), 9)} ${pad((t.p10Us / simd.p10Us).toFixed(3), 17)}`);
    });
    const [vtox, , scalar, fftjs] = timings;
    figures[`fft_ratio_p10_${n}`] = round(vtox.p10Us / simd.p10Us, 3);
    figures[`fft_ratio_median_${n}`] = round(vtox.medianUs / simd.medianUs, 3);
    figures[`fft_ratio_p10_vs_pffft_scalar_${n}`] = round(vtox.p10Us / scalar.p10Us, 3);
    figures[`fft_ratio_p10_vs_fftjs_${n}`] = round(vtox.p10Us / fftjs.p10Us, 3);
    figures[`vtox_fft_p10_us_${n}`] = round(vtox.p10Us, 3);
    figures[`pffft_simd_fft_p10_us_${n}`] = round(simd.p10Us, 3);
    figures[`pffft_scalar_fft_p10_us_${n}`] = round(scalar.p10Us, 3);
    figures[`fftjs_fft_p10_us_${n}`] = round(fftjs.p10Us, 3);
  }
}

async function allSizesSection(dsp: Dsp): Promise<void> {
  console.log(`\nEvery supported size, VTOX vs pffft-wasm SIMD (both with copy in/out), p10 µs, ${Math.max(10, rounds >> 1)} rounds`);
  console.log(`${pad("N", 6)}  ${pad("VTOX", 9)} ${pad("pffft", 9)} ${pad("ratio", 6)}  ${pad("VTOX ns/(N log2 N)", 18)}`);
  for (let log = 8; log <= 16; log++) {
    const n = 1 << log;
    const x = new Float32Array(n).map((_, i) => Math.sin(i * 0.37) + ((i * 7919) % 13) / 13 - 0.5);
    const peers = [vtoxPeer(dsp, x), await pffftPeer(x, true)];
    const [a, b] = peers.map((p) => { p.run(); return p.spectrum(); });
    const err = relErr(a, b);
    if (err > 4e-7) throw new Error(`N=${n}: VTOX and pffft disagree by ${err}; not timing`);
    const [v, p] = roundRobin(peers, Math.max(10, rounds >> 1), 200, 60);
    console.log(`${pad(n, 6)}  ${pad(v.p10Us.toFixed(2), 9)} ${pad(p.p10Us.toFixed(2), 9)} ${pad((v.p10Us / p.p10Us).toFixed(3), 6)}  ${pad(((v.p10Us * 1000) / (n * log)).toFixed(3), 18)}`);
    figures[`fft_ratio_p10_all_${n}`] = round(v.p10Us / p.p10Us, 3);
  }
}

async function boundarySection(dsp: Dsp): Promise<void> {
  const n = 4096;
  const x = (await referenceCase("rfft_4096")).inputs[0];
  const raw = await instantiateRawCore();
  raw.reserve(n);
  const region = new Float32Array(raw.memory.buffer, raw.ptrA(), n);
  const out = new Float32Array(n / 2 + 1);
  raw.amplitudeSpectrum(12, 0);
  const timings: Timing[] = roundRobin([
    { name: "binding: amplitudeSpectrum(x, 'rect', out)", run: () => void dsp.amplitudeSpectrum(x, "rect", out) },
    { name: "kernel with raw copy-in", run: () => { region.set(x); raw.amplitudeSpectrum(12, 0); } },
    { name: "raw copy-in alone", run: () => region.set(x) },
  ], rounds);
  const [binding, kernelPlusCopy, copy] = timings;
  const kernelMedian = kernelPlusCopy.medianUs - copy.medianUs;
  const boundary = binding.medianUs - kernelMedian;
  console.log(`\nBinding boundary, 4096-sample frame (validate, copy in, transform + magnitudes, NaN/Inf check, copy out), medians`);
  console.log(`  full call through the binding     ${binding.medianUs.toFixed(3)} µs`);
  console.log(`  transform + magnitudes in WASM    ${kernelMedian.toFixed(3)} µs  (kernel with copy-in ${kernelPlusCopy.medianUs.toFixed(3)} − copy-in ${copy.medianUs.toFixed(3)})`);
  console.log(`  boundary (full − transform)       ${boundary.toFixed(3)} µs   goal ≤ 0.5 µs`);
  figures.boundary_us_4096 = round(boundary, 3);
  figures.binding_amplitude_spectrum_us_4096 = round(binding.medianUs, 3);
  figures.kernel_amplitude_spectrum_us_4096 = round(kernelMedian, 3);
}

async function bearingFrame(n: number): Promise<Float32Array> {
  const file = "/work/shared/data/cwru/cwru12k_DE_IR007_0hp_105.f32";
  try {
    const b = await readFile(file);
    return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + n * 4));
  } catch {
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = Math.sin(i * 1.7) * Math.exp(-(i % 74) / 9) + 0.1 * Math.sin(i * 0.37);
    return x;
  }
}

async function bearingSection(dsp: Dsp): Promise<void> {
  console.log(`\nBearing feature pass at fs = 12 kHz, band 2–5 kHz: bandpass + envelope + envelopeSpectrum + stats (kurtosis); medians`);
  const fs = 12000;
  for (const n of [4096, 16384]) {
    const x = await bearingFrame(n);
    const pass = () => {
      const bp = dsp.bandpass(x, fs, 2000, 5000);
      dsp.envelope(bp);
      dsp.envelopeSpectrum(x, fs, 2000, 5000);
      return dsp.stats(bp).kurtosis;
    };
    const [t, sk] = roundRobin([
      { name: "pass", run: () => void pass() },
      { name: "spectralKurtosis nfft 256", run: () => void dsp.spectralKurtosis(x, fs, 256) },
    ], Math.max(10, Math.round(rounds / 4)), 2000);
    console.log(`  ${pad(n, 6)} samples: pass ${t.medianUs.toFixed(1)} µs (p10 ${t.p10Us.toFixed(1)}); spectral kurtosis (nfft 256, 75% overlap) ${sk.medianUs.toFixed(1)} µs`);
    figures[`bearing_pass_us_${n}`] = round(t.medianUs, 1);
    figures[`spectral_kurtosis_us_${n}`] = round(sk.medianUs, 1);
  }
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

ensureBuilt();
const dsp = await loadDsp();
console.log(`VTOX DSP benchmark — node ${process.version}, ${process.arch}`);
await fftSection(dsp);
await allSizesSection(dsp);
await boundarySection(dsp);
await bearingSection(dsp);
console.log("\nGoal: VTOX / pffft-wasm SIMD ≤ 1.5 at p10 for every size (stretch ≤ 1.15), never slower than pffft scalar.");
if (json) console.log(JSON.stringify(figures));
