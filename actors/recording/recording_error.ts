/**
 * The error every recording reader raises: it names the file, what is wrong and where
 * (column, row), so a user can fix the file or the flags without reading code.
 * @module
 */

/** Stable codes of {@link RecordingError}, one per kind of problem, for counting and for exit codes. */
export const RECORDING_ERROR_CODES = [
  "RECORDING_EMPTY",
  "RECORDING_FORMAT_UNKNOWN",
  "RECORDING_COLUMN_MISSING",
  "RECORDING_ROW_MALFORMED",
  "RECORDING_VALUE_INVALID",
  "RECORDING_TIME_INVALID",
  "RECORDING_SAMPLE_RATE_INVALID",
  "RECORDING_DECODE_FAILED",
  "RECORDING_WINDOW_INVALID",
] as const;
/** One of {@link RECORDING_ERROR_CODES}. */
export type RecordingErrorCode = typeof RECORDING_ERROR_CODES[number];

/**
 * A recording could not be read or split.
 *
 * @example
 * ```ts
 * new RecordingError("RECORDING_VALUE_INVALID", "motor.csv", 'column "Ia" row 12 must be a finite number, got "NaN"');
 * // message: Cannot read recording motor.csv: column "Ia" row 12 must be a finite number, got "NaN"
 * ```
 */
export class RecordingError extends Error {
  /** Stable error code. */
  readonly code: RecordingErrorCode;
  /** The file (or source name) the problem is in. */
  readonly source: string;
  constructor(code: RecordingErrorCode, source: string, problem: string, options?: ErrorOptions) {
    super(`Cannot read recording ${source}: ${problem}`, options);
    this.name = "RecordingError";
    this.code = code;
    this.source = source;
  }
}
