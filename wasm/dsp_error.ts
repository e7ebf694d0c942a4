/** Stable codes of {@link DspError}. */
export type DspErrorCode = "DSP_INVALID_INPUT" | "DSP_NOT_BUILT" | "DSP_LOAD_FAILED";

/**
 * Error raised by the DSP core binding. `code` is stable: "DSP_INVALID_INPUT" for rejected
 * arguments (the message names the operation, the argument and the value), "DSP_NOT_BUILT"
 * when wasm/build/vtox_dsp.wasm is missing, "DSP_LOAD_FAILED" when it cannot be instantiated.
 *
 * @example
 * try { dsp.rfft(new Float32Array(1000)); } catch (e) {
 *   if (e instanceof DspError && e.code === "DSP_INVALID_INPUT") console.warn(e.message);
 * }
 */
export class DspError extends Error {
  readonly code: DspErrorCode;

  constructor(code: DspErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DspError";
    this.code = code;
  }
}
