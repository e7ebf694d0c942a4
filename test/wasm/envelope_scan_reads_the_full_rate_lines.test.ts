/**
 * `envelopeScan`, the bearing band scan's DSP step: each band's envelope spectrum comes from a
 * decimated analytic signal and its lines are read inside the core. Without decimation the
 * lines are those of the full-rate `envelopeSpectrum`; decimated they stay within a fraction of a
 * dB. The cases run under Deno too (test/deno/wasm_dsp_checks.ts).
 */
import { beforeAll, describe, it } from "vitest";
import { type Dsp, loadDsp } from "../../wasm/mod.ts";
import { ensureCoreBuilt } from "./cases/core_build.ts";
import { envelopeScanCases } from "./cases/envelope_scan_cases.ts";

let dsp: Dsp;
beforeAll(async () => {
  ensureCoreBuilt();
  dsp = await loadDsp();
}, 120_000);

describe("envelopeScan", () => {
  for (const c of envelopeScanCases) it(c.name, () => c.run(dsp));
});
