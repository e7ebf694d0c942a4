import { describe, expect, it } from "vitest";
import { bearingFlag, formatHelp, numberFlag, parseFlags, profileFromFlags, UsageError, vehicleFlag, windowFlag } from "../../cli/flags/mod.ts";
import { SIMULATE_FLAGS, simulateRequest } from "../../cli/simulate/simulate_flags.ts";
import { faultFlag } from "../../cli/simulate/fault_flag.ts";
import { DIAGNOSE_FLAGS, diagnoseRequest } from "../../cli/diagnose/diagnose_flags.ts";
import { SchemaError } from "../../actors/domain/mod.ts";

const usage = (f: () => unknown, message: RegExp) => {
  expect(f).toThrow(UsageError);
  expect(f).toThrow(message);
};

describe("flag values", () => {
  it("--bearing: keys in any order, angle optional, every problem named", () => {
    expect(bearingFlag("balls=9,ball=7.94,pitch=39.04,angle=0")).toEqual({ balls: 9, ballDiameterMm: 7.94, pitchDiameterMm: 39.04, contactAngleDeg: 0 });
    expect(bearingFlag(" pitch = 39.04 , balls=9, BALL=7.94")).toEqual({ balls: 9, ballDiameterMm: 7.94, pitchDiameterMm: 39.04, contactAngleDeg: 0 });
    usage(() => bearingFlag("balls=9,ball=7.94,pitch=39.04,angle=75"), /--bearing angle must be a contact angle in degrees >= 0 and <= 60, got "75"/);
    usage(() => bearingFlag("balls=9,balls=8,ball=7.94,pitch=39.04"), /--bearing gives balls twice/);
    usage(() => bearingFlag("balls=9,ball=7.94,pitch=39.04,width=3"), /unknown key "width"/);
    usage(() => bearingFlag("balls=2,ball=7.94,pitch=39.04"), /--bearing balls must be a whole number: a number of rolling elements >= 3 and <= 64, got "2"/);
    usage(() => bearingFlag("balls=9,ball=-1,pitch=39.04"), /--bearing ball must be a ball diameter in mm > 0/);
  });

  it("--window: samples or a duration with a unit", () => {
    expect(windowFlag("8192")).toEqual({ samples: 8192 });
    expect(windowFlag("2s")).toEqual({ seconds: 2 });
    expect(windowFlag("2.5s")).toEqual({ seconds: 2.5 });
    expect(windowFlag("500ms")).toEqual({ seconds: 0.5 });
    for (const bad of ["0.5", "-1s", "0s", "1h", "", "2 seconds"]) usage(() => windowFlag(bad), /--window must be a whole number of samples/);
  });

  it("--vehicle: the telemetry id pattern, in diagnose and simulate alike", () => {
    expect(vehicleFlag("ev-12_a")).toBe("ev-12_a");
    expect(vehicleFlag(undefined)).toBeUndefined();
    usage(() => vehicleFlag("ev 12"), /--vehicle must be 1–64 letters, digits, _ or -, got "ev 12"/);
    usage(() => diagnoseRequest("x.csv", { vehicle: "a/b" }), /--vehicle must be/);
    usage(() => simulateRequest({ out: "x.cbor", vehicle: "x".repeat(65) }), /--vehicle must be/);
    expect(simulateRequest({ out: "x.cbor" })).toMatchObject({ offline: { vehicleId: "sim-1" } });
    for (const flags of [DIAGNOSE_FLAGS, SIMULATE_FLAGS]) expect(Object.keys(flags)).toEqual(expect.arrayContaining(["vehicle", "motor", "bearing", "help"]));
  });

  it("numbers: the whole text, in range", () => {
    expect(numberFlag("rpm", "1772", { exclusiveMin: 0, max: 60000, what: "a shaft speed in rpm" })).toBe(1772);
    expect(numberFlag("rpm", undefined, { what: "x" })).toBeUndefined();
    for (const bad of ["", "12k", "NaN", "Infinity", "0", "1e6"]) {
      usage(() => numberFlag("rpm", bad, { exclusiveMin: 0, max: 60000, what: "a shaft speed in rpm" }), /--rpm must be a shaft speed in rpm > 0 and <= 60000/);
    }
  });

  it("--fault for the simulator: every kind and its variant", () => {
    expect(faultFlag("broken_bar=0.5")).toEqual({ kind: "broken_bar", severity: 0.5 });
    expect(faultFlag("eccentricity:dynamic=0.3")).toEqual({ kind: "eccentricity", severity: 0.3, variant: "dynamic" });
    expect(faultFlag("bearing:ball=0.4")).toEqual({ kind: "bearing", severity: 0.4, defect: "ball" });
    expect(faultFlag("turn_fault=0.3")).toEqual({ kind: "turn_fault", severity: 0.3 });
    expect(faultFlag("turn_fault:c=0.3")).toEqual({ kind: "turn_fault", severity: 0.3, phase: "c" });
    expect(faultFlag("insulation=1")).toEqual({ kind: "insulation", severity: 1 });
    usage(() => faultFlag("eccentricity=0.3"), /eccentricity needs a variant/);
    usage(() => faultFlag("bearing=0.3"), /bearing needs a defect/);
    usage(() => faultFlag("insulation:hv=0.3"), /insulation takes no variant/);
    usage(() => faultFlag("bearing:outer_race"), /--fault must be <kind>\[:<variant>\]=<severity>/);
  });

  it("the motor profile: defaults per type, only given geometry, domain checks", () => {
    const induction = profileFromFlags({});
    expect(induction).toMatchObject({ motorType: "induction", polePairs: 2, ratedFrequencyHz: 50 });
    expect(induction.bearing).toBeUndefined();
    expect(induction.rotorBars).toBeUndefined();
    const pmsm = profileFromFlags({ motor: "pmsm", "pole-pairs": "3", bearing: "balls=8,ball=6,pitch=30" });
    expect(pmsm).toMatchObject({ motorType: "pmsm", polePairs: 3, ratedFrequencyHz: 200, bearing: { balls: 8 } });
    usage(() => profileFromFlags({ motor: "pmsm", "rotor-bars": "28" }), /--rotor-bars applies to induction motors only/);
    usage(() => profileFromFlags({ "pole-pairs": "1.5" }), /--pole-pairs must be a whole number/);
    usage(() => profileFromFlags({ "insulation-circuit": "hv" }), /--insulation-circuit must be one of dc, ac, got "hv"/);
    expect(profileFromFlags({ "rated-frequency": "60", "rotor-bars": "28" })).toMatchObject({ ratedFrequencyHz: 60, rotorBars: 28 });
    expect(SchemaError).toBeDefined();
  });
});

describe("parseFlags and the diagnose request", () => {
  it("parses `--flag value`, `--flag=value` and the file", () => {
    const { values, positionals } = parseFlags(["run.csv", "--fs=1000", "--rpm", "1450"], DIAGNOSE_FLAGS, "diagnose", 1);
    expect(positionals).toEqual(["run.csv"]);
    const req = diagnoseRequest(positionals[0], values);
    expect(req.recording).toMatchObject({ path: "run.csv", sampleRateHz: 1000, speedRpm: 1450 });
    expect(req.recording.vehicleId).toBeUndefined();
  });

  it("names unknown flags, missing values and flags eaten as values", () => {
    usage(() => parseFlags(["--nope"], DIAGNOSE_FLAGS, "diagnose", 1), /^vtox diagnose: unknown flag --nope \(see vtox diagnose --help\)$/);
    usage(() => parseFlags(["x.csv", "--rpm"], DIAGNOSE_FLAGS, "diagnose", 1), /--rpm needs a value <rpm>/);
    usage(() => parseFlags(["x.csv", "--fs", "--rpm", "1"], DIAGNOSE_FLAGS, "diagnose", 1), /--fs needs a value <Hz>/);
    usage(() => diagnoseRequest("x.csv", { vehicle: "ev 1" }), /--vehicle must be 1–64 letters/);
    usage(() => diagnoseRequest(undefined, {}), /which recording\?/);
  });

  it("help lists every declared flag", () => {
    const help = formatHelp("vtox diagnose <file> [flags]", "about", DIAGNOSE_FLAGS);
    for (const name of Object.keys(DIAGNOSE_FLAGS)) expect(help).toContain(`--${name}`);
  });
});
