/**
 * How a `vtox` command ends when it throws: bad input (a wrong flag, an unreadable or invalid
 * recording, an invalid spec) is the user's to fix — one clear line on stderr and exit code 2;
 * anything else is VTOX's fault — exit code 1, with the stack when `VTOX_DEBUG` is set.
 * Nothing is written to stdout, so stdout holds valid JSON or nothing.
 * @module
 */

/** Error codes that mean "the input is wrong". */
const BAD_INPUT = /^(CLI_USAGE|RECORDING_[A-Z_]+|SCHEMA_INVALID|SIM_INVALID_SPEC)$/;

/** Exit code for bad input. */
export const EXIT_BAD_INPUT = 2;
/** Exit code for an internal failure. */
export const EXIT_INTERNAL = 1;

/**
 * Prints the failure on stderr and returns the exit code.
 *
 * @example
 * ```ts
 * try { ... } catch (err) { return commandFailure("diagnose", err); }
 * ```
 */
export function commandFailure(command: string, err: unknown): number {
  const e = err as { code?: unknown; message?: string; stack?: string };
  const code = typeof e?.code === "string" ? e.code : "";
  const message = e?.message ?? String(err);
  if (BAD_INPUT.test(code)) {
    console.error(message.startsWith("vtox ") ? `${message} [${code}]` : `vtox ${command}: ${message} [${code}]`);
    return EXIT_BAD_INPUT;
  }
  console.error(`vtox ${command}: internal error: ${message}${code ? ` [${code}]` : ""}`);
  if (globalThis.process?.env?.VTOX_DEBUG && e?.stack) console.error(e.stack);
  return EXIT_INTERNAL;
}
