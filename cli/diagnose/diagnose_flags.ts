/**
 * The flags of `vtox diagnose` and the typed request they make.
 * @module
 */
import { FAULT_KINDS, type FaultKind, type VehicleProfile } from "../../actors/domain/mod.ts";
import { RECORDING_FORMATS } from "../../actors/recording/mod.ts";
import { choiceFlag, motorCommandFlags, numberFlag, profileFromFlags, UsageError, vehicleFlag, vehicleFlagSpec, windowFlag, type FlagSpecs, type FlagValues } from "../flags/mod.ts";
import type { RecordingRequest } from "./recording_input.ts";

/** Flag declarations of `vtox diagnose`. */
export const DIAGNOSE_FLAGS: FlagSpecs = motorCommandFlags({
  format: { type: "string", value: "csv|json|f32|cbor", help: "input format (default: from the file extension); json = VTOX ingest JSON" },
  channel: { type: "string", value: "<name>", help: "f32: vibration|ia|ib|ic (required); csv/json: vibration axis vibration|x|y|z (default vibration, else X)" },
  fs: { type: "string", value: "<Hz>", help: "sample rate (required for f32 and for a CSV without a time column; checked against the time column otherwise)" },
  rpm: { type: "string", value: "<rpm>", help: "shaft speed (overrides a speed column)" },
  load: { type: "string", value: "<%>", help: "load in % of rated (overrides a load column)" },
  window: { type: "string", value: "<samples|2s|500ms>", help: "analysis window; longer recordings are analysed window by window and summarised (default ~5 s)" },
  fault: { type: "string", value: "<kind>", help: `print only this analyzer's Diagnosis: ${FAULT_KINDS.join("|")}` },
  vehicle: vehicleFlagSpec("vehicle id stamped on the windows (default: the file's own, else recording)"),
});

/** Everything `vtox diagnose` needs, validated. */
export interface DiagnoseRequest {
  recording: RecordingRequest;
  profile: VehicleProfile;
  fault?: FaultKind;
}

/**
 * Validates the parsed flags into a request; a bad value is a UsageError naming the flag.
 *
 * @example
 * ```ts
 * diagnoseRequest("de.f32", { format: "f32", channel: "vibration", fs: "12000", rpm: "1772" });
 * ```
 */
export function diagnoseRequest(path: string | undefined, v: FlagValues): DiagnoseRequest {
  if (!path) throw new UsageError("vtox diagnose: which recording? usage: vtox diagnose <file> [flags] (see vtox diagnose --help)");
  const vehicleId = vehicleFlag(v.vehicle);
  return {
    recording: {
      path,
      format: choiceFlag("format", v.format, RECORDING_FORMATS),
      channel: typeof v.channel === "string" ? v.channel : undefined,
      sampleRateHz: numberFlag("fs", v.fs, { exclusiveMin: 0, what: "a sample rate in Hz" }),
      speedRpm: numberFlag("rpm", v.rpm, { exclusiveMin: 0, max: 60_000, what: "a shaft speed in rpm" }),
      loadPercent: numberFlag("load", v.load, { min: 0, max: 300, what: "a load in % of rated" }),
      window: typeof v.window === "string" ? windowFlag(v.window) : undefined,
      vehicleId,
      motorId: "m1",
    },
    profile: profileFromFlags(v),
    fault: choiceFlag("fault", v.fault, FAULT_KINDS),
  };
}
