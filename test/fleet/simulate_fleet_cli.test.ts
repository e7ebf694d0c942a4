/**
 * The fleet mode of `vtox simulate` as a function: `--out` writes a CBOR sequence the recordings
 * reader (and so `vtox diagnose`) reads back; over NATS every window lands in the telemetry
 * stream, and without a stream for them the failure names the likely cause; bad requests exit 2
 * with a message naming the flag.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jetstreamManager } from "@nats-io/jetstream";
import { readCborWindows } from "../../actors/recording/mod.ts";
import { runFleetSimulator, TELEMETRY_STREAM } from "../../actors/fleet/mod.ts";
import { runSimulateFleet } from "../../cli/fleet/mod.ts";
import { startNats, type NatsHarness } from "../harness/mod.ts";

let nats: NatsHarness;
let dir: string;
beforeAll(async () => {
  nats = await startNats();
  dir = await mkdtemp(join(tmpdir(), "vtox-fleet-sim-"));
}, 60_000);
afterAll(async () => {
  await nats?.stop();
  await rm(dir, { recursive: true, force: true });
});

it("writes the fleet's windows as a CBOR sequence that the recordings reader reads back", async () => {
  const out = join(dir, "fleet.cbor");
  const lines: string[] = [];
  const log = console.log;
  console.log = (l: string) => void lines.push(l);
  let code: number;
  try {
    code = await runSimulateFleet({ vehicles: 4, ratePerVehicle: 1, durationS: 2, faults: "healthy=1,bearing=1", out }, () => {});
  } finally {
    console.log = log;
  }
  expect(code).toBe(0);
  const summary = JSON.parse(lines.at(-1)!);
  expect(summary).toMatchObject({ out, format: "cbor-sequence", windows: 8 });
  const windows = readCborWindows(new Uint8Array(await readFile(out)), "fleet.cbor");
  expect(windows).toHaveLength(8);
  expect(new Set(windows.map((w) => w.vehicleId))).toEqual(new Set(["ev-0", "ev-1", "ev-2", "ev-3"]));
  expect(windows[0]!.currents!.a.length).toBe(4096);
});

it("publishes every window into the telemetry stream with progress", async () => {
  const progress: string[] = [];
  const printed: string[] = [];
  const log = console.log;
  console.log = (l: string) => void printed.push(l);
  let code: number;
  try {
    code = await runSimulateFleet({ vehicles: 5, ratePerVehicle: 4, durationS: 1.5, faults: "healthy=1", nats: nats.url }, (l) => progress.push(l));
  } finally {
    console.log = log;
  }
  expect(code).toBe(0);
  expect(progress[0]).toBe("fleet: 5 vehicles (healthy 5), 4 windows/s each");
  expect(progress.some((l) => /^published \d+ windows/.test(l))).toBe(true);
  const result = JSON.parse(printed.at(-1)!);
  expect(result).toMatchObject({ nats: nats.url, vehicles: 5, failed: 0 });
  expect(result.accepted).toBe(result.sent);
  expect(result.accepted).toBeGreaterThan(5);
  const info = await (await jetstreamManager(await nats.connect())).streams.info(TELEMETRY_STREAM);
  expect(info.state.messages).toBe(result.accepted);
});

it("names the likely cause when no stream takes the telemetry (no fleet started, or no mapping)", async () => {
  const bare = await startNats();
  try {
    const p = await runFleetSimulator(await bare.connect(), { vehicles: 2, faults: "healthy=1", rate: 20, windows: 4, skipProfiles: true });
    expect(p.accepted).toBe(0);
    expect(p.failed).toBe(4);
    expect(p.lastError).toMatch(/^no stream stores vtox\.telemetry\.ev-\d+ \(.*\): start the fleet nodes \(they create VTOX_TELEMETRY\) and give nats-server VTOX's telemetry mapping \(deploy\/nats\/\*\.conf: mappings \{/);
  } finally {
    await bare.stop();
  }
});

it("exits 2 naming the problem for a bad request", async () => {
  const said: string[] = [];
  expect(await runSimulateFleet({ vehicles: 3, ratePerVehicle: 1, faults: "bearing:outer=1" }, (l) => said.push(l))).toBe(2);
  expect(said[0]).toMatch(/^vtox simulate: Invalid --faults mix "bearing:outer=1": bearing variant must be one of outer_race, inner_race, ball/);
  expect(await runSimulateFleet({ vehicles: 3, ratePerVehicle: -1 }, (l) => said.push(l))).toBe(2);
  expect(said[1]).toBe("vtox simulate: --rate must be > 0 windows/s per vehicle, got -1");
  expect(await runSimulateFleet({ vehicles: 0, ratePerVehicle: 1 }, (l) => said.push(l))).toBe(2);
  expect(said[2]).toMatch(/vehicles must be an integer in 1..1000000, got 0/);
});
