/**
 * `vtox simulate --out` writes what `vtox diagnose` reads back: a CBOR sequence of windows, one
 * window as CSV, one channel as raw float32 — and the injected fault is what comes back.
 * The fleet mode has its own test (simulate_fleet_mode_publishes_or_writes.test.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readCborWindows } from "../../actors/recording/mod.ts";
import { faultVerdict, jsonOf, runVtox } from "./vtox_cli_process.ts";

const dir = mkdtempSync(join(tmpdir(), "vtox-sim-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const BEARING = "balls=9,ball=7.94,pitch=39.04,angle=0";

/** Runs simulate, checks its JSON, then runs the read-back command it printed. */
async function simulateThenDiagnose(simArgs: string[], extra: string[] = []): Promise<Record<string, any>> {
  const sim = await runVtox(["simulate", ...simArgs]);
  expect(sim.stderr).toBe("");
  expect(sim.code).toBe(0);
  const written = jsonOf(sim);
  const readBack = (written.readBack as string).split(" ").slice(1);
  const diag = await runVtox([...readBack, ...extra]);
  expect(diag.stderr).toBe("");
  expect(diag.code).toBe(0);
  return jsonOf(diag);
}

describe("vtox simulate writes files vtox diagnose reads back", () => {
  it("CBOR sequence of 3 windows with an outer-race defect: summarised, outer_race found", async () => {
    const out = join(dir, "outer.cbor");
    const result = await simulateThenDiagnose(["--out", out, "--windows", "3", "--seed", "11", "--bearing", BEARING, "--fault", "bearing:outer_race=0.6"]);
    const windows = readCborWindows(readFileSync(out), "outer.cbor");
    expect(windows).toHaveLength(3);
    expect(windows[1].timestamp - windows[0].timestamp).toBe(8000);
    expect(result.recording).toMatchObject({ format: "cbor", windows: 3 });
    expect(result.windowReports).toHaveLength(3);
    const bearing = faultVerdict(result, "bearing");
    expect(["warning", "fault"]).toContain(bearing.status);
    expect(bearing.features.defect).toBe("outer_race");
  });

  it("one window as CSV with broken bars: read back at the written rate, broken_bar flagged", async () => {
    const result = await simulateThenDiagnose(["--out", join(dir, "bars.csv"), "--seed", "5", "--rpm", "1440", "--load", "100", "--fault", "broken_bar=0.6"]);
    expect(result.recording).toMatchObject({ format: "csv", sampleRateHz: 2048, sampleRateSource: "time_column", samples: 16384, speedSource: "column" });
    expect(["warning", "fault"]).toContain(result.diagnoses.broken_bar.status);
    expect(result.findings).toContain("broken_bar");
  });

  it("one vibration channel as raw float32 with an inner-race defect: inner_race found", async () => {
    const result = await simulateThenDiagnose(["--out", join(dir, "inner.f32"), "--channel", "vibration", "--seed", "3", "--bearing", BEARING, "--fault", "bearing:inner_race=0.6"], ["--fault", "bearing"]);
    expect(result.recording).toMatchObject({ format: "f32", sampleRateHz: 12000, samples: 96000 });
    expect(["warning", "fault"]).toContain(result.status);
    expect(result.features.defect.value).toBe("inner_race");
  });

  it("a healthy simulated motor raises nothing", async () => {
    const result = await simulateThenDiagnose(["--out", join(dir, "healthy.cbor"), "--seed", "21", "--bearing", BEARING, "--noise", "0.01", "--unbalance", "0.005"]);
    expect(result.findings).toEqual([]);
    expect(result.status).toBe("normal");
  });

  it("the same seed gives the same bytes", async () => {
    const a = join(dir, "a.cbor");
    const b = join(dir, "b.cbor");
    for (const out of [a, b]) expect((await runVtox(["simulate", "--out", out, "--seed", "9", "--duration", "2", "--fault", "turn_fault:b=0.4"])).code).toBe(0);
    expect(Buffer.compare(readFileSync(a), readFileSync(b))).toBe(0);
  });
});

describe("vtox simulate refuses what it cannot do", () => {
  const cases: Array<[string, string[], RegExp]> = [
    ["fleet mode without a rate", ["--vehicles", "100"], /the fleet mode needs --rate <windows\/s per vehicle>/],
    ["fleet flag without --vehicles", ["--out", join(dir, "x.cbor"), "--faults", "healthy=1"], /--faults belongs to the fleet mode; give --vehicles <n> --rate <windows\/s> too/],
    ["offline flag in fleet mode", ["--vehicles", "3", "--rate", "1", "--fault", "bearing:ball=0.4"], /--fault applies to the offline mode/],
    ["fleet file and NATS at once", ["--vehicles", "3", "--rate", "1", "--out", join(dir, "f.cbor"), "--nats", "nats://127.0.0.1:1"], /--out writes the fleet's windows to a file, --nats publishes them; pick one/],
    ["no --out", [], /give --out <file>/],
    ["several windows as CSV", ["--out", join(dir, "x.csv"), "--windows", "2"], /--format csv holds one window; use --format cbor for 2 windows/],
    ["f32 without a channel", ["--out", join(dir, "x.f32")], /--format f32 writes one channel; give --channel vibration\|ia\|ib\|ic/],
    ["unknown fault kind", ["--out", join(dir, "x.cbor"), "--fault", "gearbox=0.3"], /--fault kind must be one of broken_bar, eccentricity, bearing, turn_fault, insulation, got "gearbox"/],
    ["severity out of range", ["--out", join(dir, "x.cbor"), "--fault", "insulation=1.5"], /--fault severity must be a severity of insulation >= 0 and <= 1, got "1.5"/],
    ["bearing fault without geometry", ["--out", join(dir, "x.cbor"), "--fault", "bearing:ball=0.4"], /a bearing fault needs the bearing geometry/],
    ["broken bars on a PMSM", ["--out", join(dir, "x.cbor"), "--motor", "pmsm", "--fault", "broken_bar=0.4"], /broken bars apply to induction motors only/],
    ["unknown flag", ["--out", join(dir, "x.cbor"), "--speed", "1500"], /unknown flag --speed/],
    ["window too long", ["--out", join(dir, "x.cbor"), "--duration", "600"], /--duration 600 s gives .* samples; a window holds 16 to 1048576/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const run = await runVtox(["simulate", ...args]);
      expect(run.stdout).toBe("");
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^vtox simulate: /);
      expect(run.stderr).toMatch(message);
    });
  }
});
