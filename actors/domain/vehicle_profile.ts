/**
 * VehicleProfile: what the analyzers must know about a vehicle's motor to turn frequencies into
 * physics (pole pairs, rotor bars, bearing geometry, voltages).
 * @module
 */
import { FieldReader } from "./schema_error.ts";
import { MOTOR_TYPES, type MotorType } from "./motor.ts";

/** Rolling-element bearing geometry (mm and degrees). */
export interface BearingGeometry {
  /** Number of rolling elements. */
  balls: number;
  /** Ball (roller) diameter in mm. */
  ballDiameterMm: number;
  /** Pitch diameter in mm. */
  pitchDiameterMm: number;
  /** Contact angle in degrees. */
  contactAngleDeg: number;
}

/** The motor of one vehicle. */
export interface VehicleProfile {
  motorType: MotorType;
  /** Pole pairs p (a 4-pole machine has p = 2). */
  polePairs: number;
  /** Rotor bars (induction motors); undefined when unknown. */
  rotorBars?: number;
  /** Rated supply frequency in Hz. */
  ratedFrequencyHz: number;
  /** Rated line voltage in V. */
  ratedVoltageV: number;
  /** Maximum working voltage of the HV system in V (ISO 6469-3 reference for insulation). */
  maxWorkingVoltageV: number;
  /** Whether the insulation criterion is the DC (100 Ω/V) or AC (500 Ω/V) one. */
  insulationCircuit: "dc" | "ac";
  /** Drive-end bearing geometry; undefined when unknown (bearing analysis then only reports statistics). */
  bearing?: BearingGeometry;
}

/** The CWRU test rig's drive-end bearing, SKF 6205-2RS (9 balls, 7.94 mm, 39.04 mm pitch). */
export const BEARING_6205: BearingGeometry = { balls: 9, ballDiameterMm: 7.94, pitchDiameterMm: 39.04, contactAngleDeg: 0 };

/** A typical EV traction induction motor profile, used when a caller gives none. */
export const DEFAULT_INDUCTION_PROFILE: VehicleProfile = {
  motorType: "induction",
  polePairs: 2,
  rotorBars: 28,
  ratedFrequencyHz: 50,
  ratedVoltageV: 380,
  maxWorkingVoltageV: 400,
  insulationCircuit: "dc",
  bearing: BEARING_6205,
};

/** A typical EV traction PMSM profile. */
export const DEFAULT_PMSM_PROFILE: VehicleProfile = {
  motorType: "pmsm",
  polePairs: 4,
  ratedFrequencyHz: 200,
  ratedVoltageV: 350,
  maxWorkingVoltageV: 400,
  insulationCircuit: "dc",
  bearing: BEARING_6205,
};

/** Validates an untrusted value as a {@link VehicleProfile}; throws a SchemaError naming the field. */
export function parseVehicleProfile(v: unknown, what = "vehicle profile"): VehicleProfile {
  const r = new FieldReader(what);
  const o = r.object(v, "profile");
  const motorType = r.oneOf(o.motorType, "motorType", MOTOR_TYPES);
  const profile: VehicleProfile = {
    motorType,
    polePairs: r.number(o.polePairs, "polePairs", { min: 1, max: 32, integer: true }),
    rotorBars: o.rotorBars === undefined ? undefined : r.number(o.rotorBars, "rotorBars", { min: 4, max: 200, integer: true }),
    ratedFrequencyHz: r.number(o.ratedFrequencyHz, "ratedFrequencyHz", { exclusiveMin: 0, max: 2000 }),
    ratedVoltageV: r.number(o.ratedVoltageV, "ratedVoltageV", { exclusiveMin: 0, max: 2000 }),
    maxWorkingVoltageV: r.number(o.maxWorkingVoltageV, "maxWorkingVoltageV", { exclusiveMin: 0, max: 2000 }),
    insulationCircuit: o.insulationCircuit === undefined ? "dc" : r.oneOf(o.insulationCircuit, "insulationCircuit", ["dc", "ac"] as const),
  };
  if (o.bearing !== undefined) {
    const b = r.object(o.bearing, "bearing");
    const bearing: BearingGeometry = {
      balls: r.number(b.balls, "bearing.balls", { min: 3, max: 64, integer: true }),
      ballDiameterMm: r.number(b.ballDiameterMm, "bearing.ballDiameterMm", { exclusiveMin: 0, max: 500 }),
      pitchDiameterMm: r.number(b.pitchDiameterMm, "bearing.pitchDiameterMm", { exclusiveMin: 0, max: 2000 }),
      contactAngleDeg: r.number(b.contactAngleDeg ?? 0, "bearing.contactAngleDeg", { min: 0, max: 60 }),
    };
    if (bearing.ballDiameterMm >= bearing.pitchDiameterMm) {
      r.fail("bearing.ballDiameterMm", `< pitchDiameterMm (${bearing.pitchDiameterMm})`, bearing.ballDiameterMm);
    }
    profile.bearing = bearing;
  }
  return profile;
}
