/**
 * The motor flags shared by `vtox diagnose` and `vtox simulate` (`--motor`, `--pole-pairs`,
 * `--rotor-bars`, `--rated-frequency`, `--bearing`, …) and the VehicleProfile they make.
 * Only what is given is asserted: without `--bearing` the profile has no bearing geometry
 * (a made-up geometry would put the defect lines in the wrong place).
 * @module
 */
import {
  DEFAULT_INDUCTION_PROFILE,
  DEFAULT_PMSM_PROFILE,
  MOTOR_TYPES,
  parseVehicleProfile,
  type VehicleProfile,
} from "../../actors/domain/mod.ts";
import { bearingFlag } from "./bearing_flag.ts";
import { choiceFlag, numberFlag } from "./number_flag.ts";
import type { FlagSpecs, FlagValues } from "./parse_flags.ts";
import { UsageError } from "./usage_error.ts";

/** Flag declarations for the motor profile. */
export const MOTOR_PROFILE_FLAGS: FlagSpecs = {
  motor: { type: "string", value: "induction|pmsm", help: "motor technology (default induction)" },
  "pole-pairs": { type: "string", value: "<p>", help: "pole pairs (default 2 induction, 4 PMSM)" },
  "rotor-bars": { type: "string", value: "<n>", help: "rotor bars of an induction motor" },
  "rated-frequency": { type: "string", value: "<Hz>", help: "rated supply frequency (default 50 induction, 200 PMSM)" },
  "max-working-voltage": { type: "string", value: "<V>", help: "HV system max working voltage, for the ISO 6469-3 insulation criterion (default 400)" },
  "insulation-circuit": { type: "string", value: "dc|ac", help: "ISO 6469-3 criterion: dc 100 Ω/V (default) or ac 500 Ω/V" },
  bearing: { type: "string", value: "balls=9,ball=7.94,pitch=39.04,angle=0", help: "bearing geometry, mm and degrees" },
};

/**
 * Builds the VehicleProfile from the motor flags, starting from the defaults of the motor type.
 *
 * @example
 * ```ts
 * profileFromFlags({ motor: "induction", "pole-pairs": "2", bearing: "balls=9,ball=7.94,pitch=39.04" });
 * ```
 */
export function profileFromFlags(values: FlagValues): VehicleProfile {
  const motorType = choiceFlag("motor", values.motor, MOTOR_TYPES) ?? "induction";
  const base = motorType === "pmsm" ? DEFAULT_PMSM_PROFILE : DEFAULT_INDUCTION_PROFILE;
  const rotorBars = numberFlag("rotor-bars", values["rotor-bars"], { min: 4, max: 200, integer: true, what: "a number of rotor bars" });
  if (rotorBars !== undefined && motorType === "pmsm") throw new UsageError("--rotor-bars applies to induction motors only; a PMSM has magnets, not bars");
  const profile: VehicleProfile = {
    motorType,
    polePairs: numberFlag("pole-pairs", values["pole-pairs"], { min: 1, max: 32, integer: true, what: "a number of pole pairs" }) ?? base.polePairs,
    ratedFrequencyHz: numberFlag("rated-frequency", values["rated-frequency"], { exclusiveMin: 0, max: 2000, what: "a supply frequency in Hz" }) ?? base.ratedFrequencyHz,
    ratedVoltageV: base.ratedVoltageV,
    maxWorkingVoltageV: numberFlag("max-working-voltage", values["max-working-voltage"], { exclusiveMin: 0, max: 2000, what: "a voltage in V" }) ?? base.maxWorkingVoltageV,
    insulationCircuit: choiceFlag("insulation-circuit", values["insulation-circuit"], ["dc", "ac"] as const) ?? base.insulationCircuit,
  };
  if (rotorBars !== undefined) profile.rotorBars = rotorBars;
  if (typeof values.bearing === "string") profile.bearing = bearingFlag(values.bearing);
  // The domain schema is the last word on what a profile may hold.
  return parseVehicleProfile(profile, "motor flags");
}

/**
 * A command's flag declarations completed with what every motor command shares: the motor
 * profile flags and `--help`.
 *
 * @example
 * ```ts
 * const FLAGS = motorCommandFlags({ rpm: { type: "string", value: "<rpm>", help: "shaft speed" } });
 * ```
 */
export function motorCommandFlags(own: FlagSpecs): FlagSpecs {
  return { ...own, ...MOTOR_PROFILE_FLAGS, help: { type: "boolean", help: "show this help" } };
}
