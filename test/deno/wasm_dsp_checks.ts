// The DSP core's checks under Deno: the same cases the vitest files run under Node.
// Run: npx deno test --allow-read test/deno/wasm_dsp_checks.ts  (after `npm run build:wasm`);
// test/wasm/deno_passes_the_same_dsp_checks.test.ts runs it from `npm test`.
import { loadDsp } from "../../wasm/mod.ts";
import { fftCases } from "../wasm/cases/fft_cases.ts";
import { featureCases } from "../wasm/cases/feature_cases.ts";
import { knownAnswerCases } from "../wasm/cases/known_answer_cases.ts";
import { badInputCases } from "../wasm/cases/bad_input_cases.ts";
import { bindingCases } from "../wasm/cases/binding_cases.ts";
import { envelopeScanCases } from "../wasm/cases/envelope_scan_cases.ts";

// Typed locally so the Node type check of this file needs no Deno declarations.
const deno = (globalThis as unknown as { Deno: { test(name: string, fn: () => Promise<void>): void } }).Deno;

for (const c of [...fftCases, ...featureCases, ...knownAnswerCases, ...badInputCases, ...bindingCases, ...envelopeScanCases]) {
  deno.test(c.name, async () => {
    await c.run(await loadDsp());
  });
}
