/**
 * The error for a wrong command line: unknown flag, missing or malformed value. The CLI prints
 * its message on stderr and exits with code 2.
 * @module
 */

/** A command line that cannot be run as given. Stable `code` "CLI_USAGE". */
export class UsageError extends Error {
  /** Stable error code. */
  readonly code = "CLI_USAGE";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UsageError";
  }
}
