import { beforeAll, describe, it } from "vitest";
import { loadDsp, type Dsp } from "../../wasm/mod.ts";
import { ensureCoreBuilt } from "./cases/core_build.ts";
import { bindingCases } from "./cases/binding_cases.ts";

let dsp: Dsp;
beforeAll(async () => {
  ensureCoreBuilt();
  dsp = await loadDsp();
}, 120_000);

describe("the binding: one instance, views across memory growth, owned results", () => {
  for (const c of bindingCases) it(c.name, () => c.run(dsp));
});
