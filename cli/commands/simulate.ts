/**
 * `vtox simulate`: writes simulated telemetry windows for a chosen motor and fault mix
 * (`--out FILE`: a CBOR sequence, or one window as CSV / raw float32) that `vtox diagnose`
 * reads back. Prints a JSON description of what it wrote. The fleet mode over NATS
 * (`--vehicles N --rate R`) is a later issue: it is refused with exit code 2. See docs/cli.md.
 * @module
 */
import { writeFile } from "node:fs/promises";
import { windowsToCborSequence, windowToCsv, windowToF32 } from "../../actors/recording/mod.ts";
import { simulateWindow } from "../../actors/sim/mod.ts";
import type { TelemetryWindow } from "../../actors/domain/mod.ts";
import { commandFailure, EXIT_BAD_INPUT, formatHelp, parseFlags, UsageError } from "../flags/mod.ts";
import { SIMULATE_FLAGS, simulateRequest, type SimulateRequest } from "../simulate/simulate_flags.ts";

const ABOUT = [
  "Simulates motor telemetry windows (deterministic for a seed) and writes them to --out:",
  "a CBOR sequence of TelemetryWindows (default), or one window as VTOX CSV or raw float32.",
  "Prints a JSON description of what was written, with the vtox diagnose command that reads it back.",
  "",
  "examples:",
  "  vtox simulate --out bearing.cbor --windows 4 --bearing balls=9,ball=7.94,pitch=39.04 --fault bearing:outer_race=0.5",
  "  vtox simulate --out bars.csv --fault broken_bar=0.6 --rpm 1440",
  "  vtox simulate --out de.f32 --channel vibration --bearing balls=9,ball=7.94,pitch=39.04 --fault bearing:inner_race=0.5",
].join("\n");

/** Runs `vtox simulate`; returns the exit code (0 ok, 2 bad input or fleet mode, 1 internal error). */
export async function run(args: string[]): Promise<number> {
  try {
    const { values } = parseFlags(args, SIMULATE_FLAGS, "simulate", 0);
    if (values.help) {
      console.log(formatHelp("vtox simulate --out <file> [flags]", ABOUT, SIMULATE_FLAGS));
      return 0;
    }
    const req = simulateRequest(values);
    if ("fleet" in req) {
      console.error(
        `vtox simulate: the fleet mode over NATS (--vehicles ${req.fleet.vehicles} --rate ${req.fleet.rate}) is not implemented yet; ` +
          "use --out <file> to write simulated windows offline [CLI_NOT_IMPLEMENTED]",
      );
      return EXIT_BAD_INPUT;
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
