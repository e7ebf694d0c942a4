/**
 * Named errors of the fleet layer, each with a stable `code` and its `cause`.
 * @module
 */

/** Stable codes of fleet errors. */
export type FleetErrorCode =
  | "TELEMETRY_INVALID"
  | "ANALYSIS_REQUEST_INVALID"
  | "ANALYZER_BUSY"
  | "ANALYZER_FAILED"
  | "FAULT_MIX_INVALID"
  | "FLEET_CONFIG_INVALID"
  | "RESULT_PUBLISH_FAILED";

/** Base class of fleet errors. */
export class FleetError extends Error {
  /** Stable error code. */
  readonly code: FleetErrorCode;
  constructor(code: FleetErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "FleetError";
    this.code = code;
  }
}

/** A telemetry payload that cannot be decoded or validated. */
export class TelemetryRejectedError extends FleetError {
  /** The window itself is invalid: the runtime dead-letters it without retrying. */
  readonly retryable = false;
  constructor(message: string, options?: ErrorOptions) {
    super("TELEMETRY_INVALID", message, options);
    this.name = "TelemetryRejectedError";
  }
}

/** A bad fleet option (simulator, node, fault mix). */
export class FleetConfigError extends FleetError {
  constructor(message: string, options?: ErrorOptions & { code?: FleetErrorCode }) {
    super(options?.code ?? "FLEET_CONFIG_INVALID", message, options);
    this.name = "FleetConfigError";
  }
}
