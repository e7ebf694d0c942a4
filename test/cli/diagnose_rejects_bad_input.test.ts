/**
 * Bad input through the real CLI: a clear message on stderr naming what is wrong, exit code 2,
 * nothing on stdout.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dataDir } from "../harness/mod.ts";
import { runVtox } from "./vtox_cli_process.ts";

const dir = mkdtempSync(join(tmpdir(), "vtox-bad-input-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const csv = (header: string, rows: (i: number) => string, n = 300) => [header, ...Array.from({ length: n }, (_, i) => rows(i))].join("\n") + "\n";
const good = (i: number) => `${(i / 1000).toFixed(3)},${Math.sin(i / 3)},${Math.sin(i / 3 + 2)},${Math.sin(i / 3 + 4)},1450`;
const cwruIr = join(dataDir, "cwru", "cwru12k_DE_IR007_1hp_106.f32");
const f32Flags = ["--format", "f32", "--channel", "vibration", "--fs", "12000", "--rpm", "1772"];

const cases: Array<[string, () => string[], RegExp]> = [
  ["missing columns (two of three phases)", () => [file("two.csv", csv("timestamp,Ia,Ib,rpm", (i) => `${i / 1000},1,2,1450`))], /three-phase currents need columns Ia, Ib, Ic; found only Ia, Ib/],
  ["no signal column at all", () => [file("nosig.csv", csv("timestamp,rpm,load", (i) => `${i / 1000},1450,50`))], /no signal column.*found timestamp, rpm, load/],
  ["NaN in a current", () => [file("nan.csv", csv("timestamp,Ia,Ib,Ic,rpm", (i) => (i === 120 ? "0.120,NaN,1,1,1450" : good(i))))], /column "Ia" line 122 must be a finite number, got "NaN"/],
  ["NaN in a raw float32 file", () => [file("nan.f32", new Uint8Array(Float32Array.from([0.1, 0.2, NaN, 0.3]).buffer)), ...f32Flags], /sample 2 \(byte 8\) must be a finite number, got NaN/],
  ["--fs contradicting the time column", () => [file("rate.csv", csv("timestamp,Ia,Ib,Ic,rpm", good)), "--fs", "2000"], /--fs 2000 contradicts time column "timestamp", which advances at 1000 Hz/],
  ["absurd --fs", () => [cwruIr, "--format", "f32", "--channel", "vibration", "--fs", "5", "--rpm", "1772"], /--fs must be a sample rate between 100 and 1000000 Hz, got 5/],
  ["non-numeric --fs", () => [cwruIr, "--format", "f32", "--channel", "vibration", "--fs", "12k"], /--fs must be a sample rate in Hz > 0, got "12k"/],
  ["f32 without --fs", () => [cwruIr, "--format", "f32", "--channel", "vibration"], /raw float32 file has no time column; give --fs/],
  ["non-uniform time column", () => [file("gap.csv", csv("timestamp,Ia,Ib,Ic,rpm", (i) => good(i < 150 ? i : i + 7)))], /time column "timestamp" is not uniform: it steps from t=0.149 s \(line 151\) to t=0.157 s \(line 152\), 0.008 s where the recording's step is 0.001 s \(1000 Hz\)/],
  ["time going backwards", () => [file("back.csv", csv("timestamp,Ia,Ib,Ic,rpm", (i) => good(i === 50 ? 48 : i)))], /must strictly increase, but line 52 \(t=0.048\) is not after line 51 \(t=0.049\)/],
  ["absurd --rpm", () => [cwruIr, ...f32Flags.slice(0, 6), "--rpm", "900000"], /--rpm must be a shaft speed in rpm > 0 and <= 60000, got "900000"/],
  ["negative --rpm", () => [cwruIr, ...f32Flags.slice(0, 6), "--rpm=-1772"], /--rpm must be a shaft speed in rpm > 0 and <= 60000, got "-1772"/],
  ["absurd rpm column", () => [file("rpm.csv", csv("timestamp,Ia,Ib,Ic,rpm", (i) => (i === 7 ? "0.007,1,1,1,1e9" : good(i))))], /column "rpm" line 9 must be a shaft speed in rpm between 0 and 60000, got 1e9/],
  ["empty CSV", () => [file("empty.csv", "")], /empty\.csv: the file is empty/],
  ["header-only CSV", () => [file("header.csv", "时间,Ia,Ib,Ic,转速,负载\n")], /header \(时间,Ia,Ib,Ic,转速,负载\) but no data rows/],
  ["empty f32", () => [file("empty.f32", ""), ...f32Flags], /empty\.f32: the file is empty \(0 bytes\)/],
  ["empty cbor", () => [file("empty.cbor", "")], /empty\.cbor: the file is empty \(0 bytes\)/],
  ["a CSV given as CBOR", () => [file("wrong.cbor", csv("timestamp,Ia,Ib,Ic,rpm", good))], /wrong\.cbor: .*the file looks like text; is it a CSV\? \(give --format csv\)/],
  ["unknown flag", () => [cwruIr, ...f32Flags, "--sample-rate", "12000"], /unknown flag --sample-rate/],
  ["misspelt flag", () => [cwruIr, ...f32Flags, "--bearings", "balls=9"], /unknown flag --bearings \(did you mean --bearing\?\)/],
  ["bad --bearing: missing pitch", () => [cwruIr, ...f32Flags, "--bearing", "balls=9,ball=7.94"], /--bearing is missing pitch=/],
  ["bad --bearing: ball larger than pitch", () => [cwruIr, ...f32Flags, "--bearing", "balls=9,ball=40,pitch=39.04"], /--bearing ball diameter \(40 mm\) must be smaller than the pitch diameter \(39.04 mm\)/],
  ["bad --bearing: not key=value", () => [cwruIr, ...f32Flags, "--bearing", "9,7.94,39.04"], /--bearing must be balls=<n>,ball=<mm>,pitch=<mm>\[,angle=<deg>\], got the part "9"/],
  ["bad --bearing: fractional balls", () => [cwruIr, ...f32Flags, "--bearing", "balls=8.5,ball=7.94,pitch=39.04"], /--bearing balls must be a whole number/],
  ["unknown --motor", () => [cwruIr, ...f32Flags, "--motor", "diesel"], /--motor must be one of induction, pmsm, got "diesel"/],
  ["unknown --fault", () => [cwruIr, ...f32Flags, "--fault", "gearbox"], /--fault must be one of turn_fault, insulation, bearing, eccentricity, broken_bar, got "gearbox"/],
  ["bad --window", () => [cwruIr, ...f32Flags, "--window", "0.5"], /--window must be a whole number of samples \(8192\) or a duration with a unit/],
  ["--window too short", () => [cwruIr, ...f32Flags, "--window", "8"], /--window must be between 16 and 1048576 samples, got 8 samples/],
  ["f32 without --channel", () => [cwruIr, "--format", "f32", "--fs", "12000"], /give --channel vibration\|ia\|ib\|ic/],
  ["unknown extension without --format", () => [file("rec.dat", "x")], /cannot tell the format from the file name; give --format csv\|json\|f32\|cbor/],
  ["missing file", () => [join(dir, "nope.csv")], /cannot open .*nope\.csv: no such file/],
  ["no file", () => [], /which recording\?/],
  ["two files", () => [cwruIr, cwruIr], /unexpected argument/],
  ["binary file as CSV", () => [file("bin.csv", new Uint8Array([0xff, 0xfe, 0x00, 0x81, 0x30, 0x00, 0xc0]))], /neither UTF-8 nor GB18030 text/],
];

describe("vtox diagnose rejects bad input: message on stderr, exit code 2, stdout empty", () => {
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const run = await runVtox(["diagnose", ...args()]);
      expect(run.stdout).toBe("");
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^vtox diagnose: /);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/\[(CLI_USAGE|RECORDING_[A-Z_]+|SCHEMA_INVALID)\]\n$/);
      expect(run.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    });
  }
});
