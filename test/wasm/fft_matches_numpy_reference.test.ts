import { beforeAll, describe, it } from "vitest";
import { loadDsp, type Dsp } from "../../wasm/mod.ts";
import { ensureCoreBuilt } from "./cases/core_build.ts";
import { fftCases } from "./cases/fft_cases.ts";

let dsp: Dsp;
beforeAll(async () => {
  ensureCoreBuilt();
  dsp = await loadDsp();
}, 120_000);

describe("real FFT against numpy reference vectors", () => {
  for (const c of fftCases) it(c.name, () => c.run(dsp));
});
