/**
 * The flags of `vtox simulate` and the request they make: the offline mode (`--out` alone) writes
 * windows of one chosen motor; the fleet mode (`--vehicles N --rate R`) simulates a fleet with a
 * fault mix, over NATS or (with `--out`) into a CBOR sequence.
 * @module
 */
import { MAX_WINDOW_SAMPLES, type VehicleProfile } from "../../actors/domain/mod.ts";
import { F32_CHANNELS, formatFromFileName, type F32Channel, type RecordingFormat } from "../../actors/recording/mod.ts";
import type { FaultInjection } from "../../actors/sim/mod.ts";
import { choiceFlag, motorCommandFlags, numberFlag, profileFromFlags, UsageError, vehicleFlag, vehicleFlagSpec, type FlagSpecs, type FlagValues } from "../flags/mod.ts";
import { faultFlag } from "./fault_flag.ts";

/** Formats `vtox simulate` writes (VTOX ingest JSON is read-only). */
const WRITABLE_FORMATS = ["cbor", "csv", "f32"] as const;

/** Flag declarations of `vtox simulate`. */
export const SIMULATE_FLAGS: FlagSpecs = motorCommandFlags({
  out: { type: "string", value: "<file>", help: "write the windows here (offline mode)" },
  format: { type: "string", value: "cbor|csv|f32", help: "cbor: a CBOR sequence of windows (default); csv / f32: one window" },
  channel: { type: "string", value: "vibration|ia|ib|ic", help: "the channel written by --format f32" },
  windows: { type: "string", value: "<n>", help: "windows to simulate (default 1; several need --format cbor)" },
  seed: { type: "string", value: "<int>", help: "random seed; window i uses seed+i (default 1)" },
  vehicle: vehicleFlagSpec("vehicle id (default sim-1)"),
  fs: { type: "string", value: "<Hz>", help: "current/voltage sample rate (default 2048; csv: also the vibration rate)" },
  duration: { type: "string", value: "<s>", help: "window length in seconds (default 8); fleet mode: how long to run (default until Ctrl-C; with --out 10 s)" },
  "vibration-fs": { type: "string", value: "<Hz>", help: "vibration sample rate (default 12000; cbor and f32)" },
  rpm: { type: "string", value: "<rpm>", help: "shaft speed (default: rated, 4 % slip for induction)" },
  load: { type: "string", value: "<%>", help: "load in % of rated (default 75)" },
  noise: { type: "string", value: "<0..0.5>", help: "relative measurement noise (default 0.005)" },
  unbalance: { type: "string", value: "<0..0.05>", help: "supply voltage unbalance V2/V1 (default 0)" },
  harmonics: { type: "string", value: "<0..0.3>", help: "inverter harmonic content (default 0)" },
  fault: { type: "string", value: "<kind>[:<variant>]=<severity>", help: "inject a fault, e.g. bearing:outer_race=0.4", multiple: true },
  vehicles: { type: "string", value: "<n>", help: "fleet mode: number of vehicles" },
  rate: { type: "string", value: "<windows/s>", help: "fleet mode: windows per second per vehicle" },
  faults: { type: "string", value: "<mix>", help: "fleet mode: fault mix, e.g. healthy=8,bearing:outer_race=1,broken_bar=1 (default: half healthy, one of each fault)" },
  severity: { type: "string", value: "<0..1>", help: "fleet mode: injected fault severity (default 0.7)" },
  nats: { type: "string", value: "<url>", help: "fleet mode: NATS server URL (default $NATS_URL, else nats://127.0.0.1:4222); not with --out" },
});

/** A validated offline simulation request. */
export interface SimulateRequest {
  out: string;
  format: RecordingFormat;
  channel?: F32Channel;
  windows: number;
  seed: number;
  vehicleId: string;
  profile: VehicleProfile;
  sampleRateHz: number;
  samples: number;
  vibrationSampleRateHz: number;
  vibrationSamples: number;
  speedRpm: number;
  loadPercent: number;
  noise?: number;
  supplyUnbalance?: number;
  harmonics?: number;
  faults: FaultInjection[];
}

/** The fleet-mode request: vehicles, rate and mix are checked again by the fleet simulator. */
export interface FleetRequest {
  vehicles: number;
  /** Windows per second per vehicle. */
  rate: number;
  nats?: string;
  /** Fault mix (the fleet simulator's default when absent). */
  faults?: string;
  /** Injected severity 0–1. */
  severity?: number;
  /** How long to run, s (absent: until Ctrl-C, or 10 s of windows with `out`). */
  durationS?: number;
  /** Write the windows as a CBOR sequence here instead of publishing them. */
  out?: string;
}

/** Flags that only the offline mode reads (a fleet's motors and faults come from its mix). */
const OFFLINE_ONLY = ["format", "channel", "windows", "seed", "vehicle", "fs", "vibration-fs", "rpm", "load", "noise", "unbalance", "harmonics", "fault", "motor", "pole-pairs", "rotor-bars", "rated-frequency", "max-working-voltage", "insulation-circuit", "bearing"];
/** Flags that only the fleet mode reads. */
const FLEET_ONLY = ["rate", "faults", "severity", "nats"];

/**
 * Validates the flags: either an offline request (`--out`) or a fleet request (`--vehicles`).
 *
 * @example
 * ```ts
 * simulateRequest({ out: "sim.cbor", fault: ["bearing:outer_race=0.4"], bearing: "balls=9,ball=7.94,pitch=39.04" });
 * ```
 */
export function simulateRequest(v: FlagValues): { offline: SimulateRequest } | { fleet: FleetRequest } {
  if (v.vehicles !== undefined) return { fleet: fleetRequest(v) };
  const fleetOnly = FLEET_ONLY.filter((f) => v[f] !== undefined);
  if (fleetOnly.length > 0) throw new UsageError(`--${fleetOnly[0]} belongs to the fleet mode; give --vehicles <n> --rate <windows/s> too`);
  if (typeof v.out !== "string") throw new UsageError("where to? give --out <file> (or --vehicles/--rate for the fleet mode)");
  const format = choiceFlag("format", v.format, WRITABLE_FORMATS) ?? formatFromFileName(v.out) ?? "cbor";
  if (!(WRITABLE_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`vtox simulate writes ${WRITABLE_FORMATS.join(", ")}; ${v.out} looks like ${format} — give --format`);
  }
  const channel = choiceFlag("channel", v.channel, F32_CHANNELS);
  if (format === "f32" && !channel) throw new UsageError(`--format f32 writes one channel; give --channel ${F32_CHANNELS.join("|")}`);
  if (format !== "f32" && channel) throw new UsageError("--channel applies to --format f32 only");
  const windows = numberFlag("windows", v.windows, { min: 1, max: 100_000, integer: true, what: "a number of windows" }) ?? 1;
  if (windows > 1 && format !== "cbor") throw new UsageError(`--format ${format} holds one window; use --format cbor for ${windows} windows`);
  const profile = profileFromFlags(v);
  const sampleRateHz = numberFlag("fs", v.fs, { min: 100, max: 1_000_000, what: "a sample rate in Hz" }) ?? 2048;
  const duration = numberFlag("duration", v.duration, { exclusiveMin: 0, max: 3600, what: "a duration in s" }) ?? 8;
  const samples = Math.round(duration * sampleRateHz);
  const vibrationSampleRateHz = format === "csv" ? sampleRateHz : numberFlag("vibration-fs", v["vibration-fs"], { min: 100, max: 1_000_000, what: "a sample rate in Hz" }) ?? 12000;
  if (format === "csv" && v["vibration-fs"] !== undefined) throw new UsageError("--vibration-fs does not apply to --format csv: CSV rows share one rate (--fs)");
  const vibrationSamples = Math.round(duration * vibrationSampleRateHz);
  for (const [what, n] of [["current", samples], ["vibration", vibrationSamples]] as const) {
    if (n < 16 || n > MAX_WINDOW_SAMPLES) throw new UsageError(`--duration ${duration} s gives ${n} ${what} samples; a window holds 16 to ${MAX_WINDOW_SAMPLES}`);
  }
  const faults = ((v.fault as string[] | undefined) ?? []).map(faultFlag);
  if (faults.some((f) => f.kind === "bearing") && !profile.bearing) throw new UsageError("a bearing fault needs the bearing geometry: give --bearing balls=…,ball=…,pitch=…");
  if (faults.some((f) => f.kind === "broken_bar") && profile.motorType !== "induction") throw new UsageError("broken bars apply to induction motors only (--motor induction)");
  const synchronousRpm = (60 * profile.ratedFrequencyHz) / profile.polePairs;
  return {
    offline: {
      out: v.out,
      format,
      channel,
      windows,
      seed: numberFlag("seed", v.seed, { min: 0, max: 2 ** 31 - 1, integer: true, what: "a seed" }) ?? 1,
      vehicleId: vehicleFlag(v.vehicle) ?? "sim-1",
      profile,
      sampleRateHz,
      samples,
      vibrationSampleRateHz,
      vibrationSamples,
      speedRpm: numberFlag("rpm", v.rpm, { exclusiveMin: 0, max: 60_000, what: "a shaft speed in rpm" }) ?? (profile.motorType === "induction" ? synchronousRpm * 0.96 : synchronousRpm),
      loadPercent: numberFlag("load", v.load, { min: 0, max: 150, what: "a load in % of rated" }) ?? 75,
      noise: numberFlag("noise", v.noise, { min: 0, max: 0.5, what: "a relative noise" }),
      supplyUnbalance: numberFlag("unbalance", v.unbalance, { min: 0, max: 0.05, what: "a voltage unbalance V2/V1" }),
      harmonics: numberFlag("harmonics", v.harmonics, { min: 0, max: 0.3, what: "a harmonic content" }),
      faults,
    },
  };
}

function fleetRequest(v: FlagValues): FleetRequest {
  const offline = OFFLINE_ONLY.filter((f) => v[f] !== undefined);
  if (offline.length > 0) {
    throw new UsageError(`--${offline[0]} applies to the offline mode (one motor, --out without --vehicles); a fleet's motors and faults come from --faults`);
  }
  const vehicles = numberFlag("vehicles", v.vehicles, { min: 1, max: 1_000_000, integer: true, what: "a number of vehicles" })!;
  const rate = numberFlag("rate", v.rate, { exclusiveMin: 0, max: 10_000, what: "windows per second per vehicle" });
  if (rate === undefined) throw new UsageError("the fleet mode needs --rate <windows/s per vehicle>");
  if (v.out !== undefined && v.nats !== undefined) throw new UsageError("--out writes the fleet's windows to a file, --nats publishes them; pick one");
  const r: FleetRequest = { vehicles, rate };
  if (typeof v.nats === "string") r.nats = v.nats;
  if (typeof v.out === "string") r.out = v.out;
  if (typeof v.faults === "string") r.faults = v.faults;
  const severity = numberFlag("severity", v.severity, { min: 0, max: 1, what: "a severity 0–1" });
  if (severity !== undefined) r.severity = severity;
  const durationS = numberFlag("duration", v.duration, { exclusiveMin: 0, max: 86_400, what: "a duration in s" });
  if (durationS !== undefined) r.durationS = durationS;
  return r;
}
