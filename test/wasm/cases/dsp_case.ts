// A named check of the DSP core, shared by the vitest files and the Deno run so both prove the
// same things. Checks throw (node:assert) on failure.
import type { Dsp } from "../../../wasm/mod.ts";

/** One behaviour of the DSP core, runnable under vitest and Deno. */
export interface DspCase {
  name: string;
  run(dsp: Dsp): void | Promise<void>;
}
