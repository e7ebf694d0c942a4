/**
 * `vtox simulate`: writes simulated telemetry windows for a chosen motor and fault mix
 * (`--out FILE`: a CBOR sequence, or one window as CSV / raw float32) that `vtox diagnose`
 * reads back. Prints a JSON description of what it wrote. The fleet mode (`--vehicles N --rate R
 * [--faults MIX]`) publishes a simulated fleet over NATS, or writes it with `--out`. See docs/cli.md.
 * @module
 */
import { writeFile } from "node:fs/promises";
import { windowsToCborSequence, windowToCsv, windowToF32 } from "../../actors/recording/mod.ts";
import { simulateWindow } from "../../actors/sim/mod.ts";
import type { TelemetryWindow } from "../../actors/domain/mod.ts";
import { commandFailure, formatHelp, parseFlags, UsageError } from "../flags/mod.ts";
import { SIMULATE_FLAGS, simulateRequest, type SimulateRequest } from "../simulate/simulate_flags.ts";

const ABOUT = [
  "Simulates motor telemetry windows (deterministic for a seed) and writes them to --out:",
  "a CBOR sequence of TelemetryWindows (default), or one window as VTOX CSV or raw float32.",
  "Prints a JSON description of what was written, with the vtox diagnose command that reads it back.",
  "Fleet mode (--vehicles): a fleet with a fault mix, published over NATS (progress on stderr,",
  "a JSON summary on stdout) or written with --out as a CBOR sequence.",
  "",
  "examples:",
  "  vtox simulate --out bearing.cbor --windows 4 --bearing balls=9,ball=7.94,pitch=39.04 --fault bearing:outer_race=0.5",
  "  vtox simulate --out bars.csv --fault broken_bar=0.6 --rpm 1440",
  "  vtox simulate --out de.f32 --channel vibration --bearing balls=9,ball=7.94,pitch=39.04 --fault bearing:inner_race=0.5",
  "  vtox simulate --vehicles 20 --rate 0.5 --faults healthy=8,bearing=1,broken_bar=1 --nats nats://127.0.0.1:4223",
].join("\n");

/** Runs `vtox simulate`; returns the exit code (0 ok, 2 bad input, 1 internal error or failed publishes). */
export async function run(args: string[]): Promise<number> {
  try {
    const { values } = parseFlags(args, SIMULATE_FLAGS, "simulate", 0);
    if (values.help) {
      console.log(formatHelp("vtox simulate --out <file> [flags]", ABOUT, SIMULATE_FLAGS));
      return 0;
    }
    const req = simulateRequest(values);
    if ("fleet" in req) {
      // Loaded only in fleet mode: the offline mode needs no NATS client.
      const { runSimulateFleet } = await import("../fleet/mod.ts");
      const f = req.fleet;
      return await runSimulateFleet({ vehicles: f.vehicles, ratePerVehicle: f.rate, faults: f.faults, severity: f.severity, durationS: f.durationS, nats: f.nats, out: f.out });
    }
    const r = req.offline;
    const windows = simulateWindows(r);
    const { bytes, readBack } = encodeWindows(r, windows);
    try {
      await writeFile(r.out, bytes);
    } catch (err) {
      throw new UsageError(`cannot write ${r.out}: ${(err as Error).message}`, { cause: err });
    }
    console.log(JSON.stringify({
      out: r.out,
      format: r.format,
      ...(r.channel ? { channel: r.channel } : {}),
      windows: windows.length,
      bytes: bytes.length,
      vehicleId: r.vehicleId,
      profile: r.profile,
      speedRpm: r.speedRpm,
      loadPercent: r.loadPercent,
      faults: r.faults,
      seed: r.seed,
      readBack,
    }, null, 2));
    return 0;
  } catch (err) {
    return commandFailure("simulate", err);
  }
}

function simulateWindows(r: SimulateRequest): TelemetryWindow[] {
  const durationMs = (r.samples / r.sampleRateHz) * 1000;
  return Array.from({ length: r.windows }, (_, i) =>
    simulateWindow({
      vehicleId: r.vehicleId,
      profile: r.profile,
      seed: r.seed + i,
      timestamp: Math.round(i * durationMs),
      sampleRateHz: r.sampleRateHz,
      samples: r.samples,
      vibrationSampleRateHz: r.vibrationSampleRateHz,
      vibrationSamples: r.vibrationSamples,
      speedRpm: r.speedRpm,
      loadPercent: r.loadPercent,
      noise: r.noise,
      supplyUnbalance: r.supplyUnbalance,
      harmonics: r.harmonics,
      faults: r.faults,
    }));
}

function encodeWindows(r: SimulateRequest, windows: TelemetryWindow[]): { bytes: Uint8Array; readBack: string } {
  const p = r.profile;
  const motor = [
    `--motor ${p.motorType}`,
    `--pole-pairs ${p.polePairs}`,
    `--rated-frequency ${p.ratedFrequencyHz}`,
    ...(p.rotorBars ? [`--rotor-bars ${p.rotorBars}`] : []),
    ...(p.bearing ? [`--bearing balls=${p.bearing.balls},ball=${p.bearing.ballDiameterMm},pitch=${p.bearing.pitchDiameterMm},angle=${p.bearing.contactAngleDeg}`] : []),
  ].join(" ");
  if (r.format === "cbor") return { bytes: windowsToCborSequence(windows), readBack: `vtox diagnose ${r.out} ${motor}` };
  if (r.format === "csv") return { bytes: new TextEncoder().encode(windowToCsv(windows[0])), readBack: `vtox diagnose ${r.out} ${motor}` };
  const { bytes, sampleRateHz } = windowToF32(windows[0], r.channel!);
  return { bytes, readBack: `vtox diagnose ${r.out} --format f32 --channel ${r.channel} --fs ${sampleRateHz} --rpm ${r.speedRpm} ${motor}` };
}
