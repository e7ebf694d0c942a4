/**
 * The request/reply protocol between a vehicle actor and the analyzer actors of one fault type
 * on `vtox.analyze.<fault>` (core NATS, CBOR). The window travels as the raw CBOR bytes it arrived
 * in, so it is neither decoded nor re-encoded on the way.
 * @module
 */
import { decodeValue, encodeValue } from "../runtime/mod.ts";
import { parseVehicleProfile, type Diagnosis, type VehicleProfile } from "../domain/mod.ts";
import type { RememberedBand, VehicleBaseline } from "../analyzers/mod.ts";
import { FleetError } from "./fleet_error.ts";

/** Protocol version carried in every request. */
export const ANALYSIS_PROTOCOL_VERSION = 1;

/**
 * One analysis request; the fault type is the subject's (`vtox.analyze.<fault>`), so one encoding
 * serves all five. It is encoded only when it leaves the node: the vehicle's own analyzers take
 * it in-process with the window already decoded.
 */
export interface AnalysisRequest {
  v: number;
  /** The telemetry window as received (CBOR bytes). */
  window: Uint8Array;
  /** Key of the window (`<vehicleId>.<timestamp>`), lets an analyzer reuse a decoded window for other faults. */
  windowKey: string;
  profile: VehicleProfile;
  baseline?: VehicleBaseline;
  /** The bearing band the vehicle's last full band scan chose; absent: scan every band. */
  bearingBand?: RememberedBand;
}

/** The reply: a Diagnosis, or an error with a stable code (`ANALYZER_BUSY` means: retry elsewhere). */
export type AnalysisReply =
  | { ok: true; diagnosis: Diagnosis }
  | { ok: false; code: string; message: string };

/** Encodes a request. */
export function encodeAnalysisRequest(r: AnalysisRequest): Uint8Array {
  return encodeValue(r);
}

/** Decodes and checks a request; throws FleetError(ANALYSIS_REQUEST_INVALID) naming what is wrong. */
export function decodeAnalysisRequest(bytes: Uint8Array): AnalysisRequest {
  let v: unknown;
  try {
    v = decodeValue(bytes, "analysis request");
  } catch (err) {
    throw new FleetError("ANALYSIS_REQUEST_INVALID", `Cannot decode analysis request: ${(err as Error).message}`, { cause: err });
  }
  const o = v as Partial<AnalysisRequest> | null;
  const bad = (what: string) => new FleetError("ANALYSIS_REQUEST_INVALID", `Cannot decode analysis request: ${what}`);
  if (!o || typeof o !== "object") throw bad(`expected a CBOR map, got ${o === null ? "null" : typeof o}`);
  if (o.v !== ANALYSIS_PROTOCOL_VERSION) throw bad(`unknown protocol version ${String(o.v)} (expected ${ANALYSIS_PROTOCOL_VERSION})`);
  if (!(o.window instanceof Uint8Array)) throw bad("window must be the CBOR bytes of a telemetry window");
  if (typeof o.windowKey !== "string") throw bad("windowKey must be a string");
  let profile: VehicleProfile;
  try {
    profile = parseVehicleProfile(o.profile);
  } catch (err) {
    throw new FleetError("ANALYSIS_REQUEST_INVALID", `Cannot decode analysis request: ${(err as Error).message}`, { cause: err });
  }
  const band = o.bearingBand;
  if (band !== undefined && !(band && typeof band === "object" && Number.isFinite(band.lowHz) && Number.isFinite(band.highHz) && band.lowHz > 0 && band.highHz > band.lowHz)) {
    const shown = band && typeof band === "object" ? `{ lowHz: ${String(band.lowHz)}, highHz: ${String(band.highHz)} }` : String(band);
    throw bad(`bearingBand must be { lowHz, highHz } with 0 < lowHz < highHz, got ${shown}`);
  }
  return {
    v: o.v, windowKey: o.windowKey, profile, window: o.window,
    ...(o.baseline ? { baseline: o.baseline } : {}),
    ...(band ? { bearingBand: { lowHz: band.lowHz, highHz: band.highHz } } : {}),
  };
}

/** Encodes a reply. */
export function encodeAnalysisReply(r: AnalysisReply): Uint8Array {
  return encodeValue(r);
}

/** Decodes a reply; throws FleetError(ANALYZER_FAILED) when it is not one. */
export function decodeAnalysisReply(bytes: Uint8Array): AnalysisReply {
  const v = decodeValue(bytes, "analysis reply") as AnalysisReply | null;
  if (!v || typeof v !== "object" || typeof (v as { ok?: unknown }).ok !== "boolean") {
    throw new FleetError("ANALYZER_FAILED", "Cannot decode analysis reply: expected { ok, diagnosis | code, message }");
  }
  return v;
}
