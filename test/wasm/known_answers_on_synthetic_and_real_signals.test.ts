import { beforeAll, describe, it } from "vitest";
import { loadDsp, type Dsp } from "../../wasm/mod.ts";
import { ensureCoreBuilt } from "./cases/core_build.ts";
import { knownAnswerCases } from "./cases/known_answer_cases.ts";

let dsp: Dsp;
beforeAll(async () => {
  ensureCoreBuilt();
  dsp = await loadDsp();
}, 120_000);

describe("known answers on synthetic and real signals", () => {
  for (const c of knownAnswerCases) it(c.name, () => c.run(dsp));
});
