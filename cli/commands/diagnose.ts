/**
 * `vtox diagnose <file>`: offline diagnosis of a recording (CSV, raw float32 or CBOR
 * TelemetryWindows), printing JSON. See docs/cli.md.
 * @module
 */
import { diagnoseRequest, DIAGNOSE_FLAGS } from "../diagnose/diagnose_flags.ts";
import { diagnosisOutput } from "../diagnose/diagnosis_output.ts";
import { readRecordingInput } from "../diagnose/recording_input.ts";
import { commandFailure, formatHelp, parseFlags } from "../flags/mod.ts";

const ABOUT = [
  "Diagnoses a recording offline and prints JSON on stdout: the HealthReport of the five analyzers",
  "(or one Diagnosis with --fault). A recording longer than one window is analysed window by window",
  "and summarised. Bad input: a message on stderr and exit code 2.",
  "",
  "examples:",
  "  vtox diagnose run.csv --rpm 1450",
  "  vtox diagnose de.f32 --channel vibration --fs 12000 --rpm 1772 --bearing balls=9,ball=7.94,pitch=39.04,angle=0",
  "  vtox diagnose itsc.csv --rated-frequency 60 --fault turn_fault",
].join("\n");

/** Runs `vtox diagnose`; returns the exit code (0 ok, 2 bad input, 1 internal error). */
export async function run(args: string[]): Promise<number> {
  try {
    const { values, positionals } = parseFlags(args, DIAGNOSE_FLAGS, "diagnose", 1);
    if (values.help) {
      console.log(formatHelp("vtox diagnose <file> [flags]", ABOUT, DIAGNOSE_FLAGS));
      return 0;
    }
    const req = diagnoseRequest(positionals[0], values);
    const { windows, info } = await readRecordingInput(req.recording);
    // Loaded only once the input is known good: bad input fails fast, without the WASM core.
    const [{ diagnoseWindow }, { loadDsp }] = await Promise.all([import("../../actors/analyzers/mod.ts"), import("../../wasm/mod.ts")]);
    const dsp = await loadDsp();
    const reports = windows.map((w) => diagnoseWindow(dsp, w, req.profile));
    console.log(JSON.stringify(diagnosisOutput(info, windows, reports, req.fault), null, 2));
    return 0;
  } catch (err) {
    return commandFailure("diagnose", err);
  }
}
