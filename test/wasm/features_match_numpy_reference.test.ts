import { beforeAll, describe, it } from "vitest";
import { loadDsp, type Dsp } from "../../wasm/mod.ts";
import { ensureCoreBuilt } from "./cases/core_build.ts";
import { featureCases } from "./cases/feature_cases.ts";

let dsp: Dsp;
beforeAll(async () => {
  ensureCoreBuilt();
  dsp = await loadDsp();
}, 120_000);

describe("spectra and features against numpy reference vectors", () => {
  for (const c of featureCases) it(c.name, () => c.run(dsp));
});
