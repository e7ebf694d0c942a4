import { beforeAll, describe, it } from "vitest";
import { loadDsp, type Dsp } from "../../wasm/mod.ts";
import { ensureCoreBuilt } from "./cases/core_build.ts";
import { badInputCases } from "./cases/bad_input_cases.ts";

let dsp: Dsp;
beforeAll(async () => {
  ensureCoreBuilt();
  dsp = await loadDsp();
}, 120_000);

describe("bad input is rejected with named, counted errors", () => {
  for (const c of badInputCases) it(c.name, () => c.run(dsp));
});
