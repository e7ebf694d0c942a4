/**
 * `--bearing balls=9,ball=7.94,pitch=39.04,angle=0`: rolling-element bearing geometry in mm and
 * degrees (the CWRU 6205 drive-end bearing in that example).
 * @module
 */
import type { BearingGeometry } from "../../actors/domain/mod.ts";
import { numberFlag } from "./number_flag.ts";
import { UsageError } from "./usage_error.ts";

const KEYS = { balls: "balls", ball: "ballDiameterMm", pitch: "pitchDiameterMm", angle: "contactAngleDeg" } as const;

/**
 * Parses the `--bearing` value; every key once, `angle` optional (0°), ball < pitch.
 *
 * @example
 * ```ts
 * bearingFlag("balls=9,ball=7.94,pitch=39.04,angle=0");
 * // { balls: 9, ballDiameterMm: 7.94, pitchDiameterMm: 39.04, contactAngleDeg: 0 }
 * ```
 */
export function bearingFlag(raw: string): BearingGeometry {
  const seen = new Map<string, string>();
  for (const part of raw.split(",")) {
    const m = part.trim().match(/^([a-z]+)\s*=\s*(.*)$/i);
    if (!m) throw new UsageError(`--bearing must be balls=<n>,ball=<mm>,pitch=<mm>[,angle=<deg>], got the part ${JSON.stringify(part)}`);
    const key = m[1].toLowerCase();
    if (!(key in KEYS)) throw new UsageError(`--bearing has an unknown key ${JSON.stringify(m[1])}; expected balls, ball, pitch, angle`);
    if (seen.has(key)) throw new UsageError(`--bearing gives ${key} twice`);
    seen.set(key, m[2]);
  }
  for (const key of ["balls", "ball", "pitch"]) {
    if (!seen.has(key)) throw new UsageError(`--bearing is missing ${key}=; expected balls=<n>,ball=<mm>,pitch=<mm>[,angle=<deg>]`);
  }
  const g: BearingGeometry = {
    balls: numberFlag("bearing balls", seen.get("balls"), { min: 3, max: 64, integer: true, what: "a number of rolling elements" })!,
    ballDiameterMm: numberFlag("bearing ball", seen.get("ball"), { exclusiveMin: 0, max: 500, what: "a ball diameter in mm" })!,
    pitchDiameterMm: numberFlag("bearing pitch", seen.get("pitch"), { exclusiveMin: 0, max: 2000, what: "a pitch diameter in mm" })!,
    contactAngleDeg: numberFlag("bearing angle", seen.get("angle") ?? "0", { min: 0, max: 60, what: "a contact angle in degrees" })!,
  };
  if (g.ballDiameterMm >= g.pitchDiameterMm) {
    throw new UsageError(`--bearing ball diameter (${g.ballDiameterMm} mm) must be smaller than the pitch diameter (${g.pitchDiameterMm} mm)`);
  }
  return g;
}
