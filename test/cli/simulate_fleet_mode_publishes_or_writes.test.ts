/**
 * `vtox simulate --vehicles N --rate R` (the fleet mode) through the real CLI process: with
 * `--out` the fleet's windows land in a CBOR sequence `vtox diagnose` reads back; with `--nats`
 * they land in the telemetry stream of a real nats-server (the shared harness, never port 4222);
 * a bad mix exits 2 naming it.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TELEMETRY_STREAM } from "../../actors/fleet/mod.ts";
import { readCborWindows } from "../../actors/recording/mod.ts";
import { type NatsHarness, startNats } from "../harness/mod.ts";
import { jsonOf, runVtox } from "./vtox_cli_process.ts";

const dir = mkdtempSync(join(tmpdir(), "vtox-fleet-cli-"));
let nats: NatsHarness;
beforeAll(async () => {
  nats = await startNats();
}, 60_000);
afterAll(async () => {
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("vtox simulate fleet mode", () => {
  it("--out: 3 vehicles × 2 windows/s × 1 s become 6 windows in a CBOR sequence, one per vehicle and round", async () => {
    const out = join(dir, "fleet.cbor");
    const run = await runVtox(["simulate", "--vehicles", "3", "--rate", "2", "--duration", "1", "--faults", "healthy=2,bearing=1", "--out", out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^fleet: 3 vehicles \(healthy 2, bearing 1\), 2 windows\/s each/);
    expect(jsonOf(run)).toMatchObject({ out, format: "cbor-sequence", windows: 6 });
    const windows = readCborWindows(readFileSync(out), "fleet.cbor");
    expect(windows).toHaveLength(6);
    expect(new Set(windows.map((w) => w.vehicleId)).size).toBe(3);
  });

  it("--nats: every window of 2 vehicles × 2 windows/s × 1.5 s is accepted by the telemetry stream", async () => {
    const run = await runVtox(["simulate", "--vehicles", "2", "--rate", "2", "--duration", "1.5", "--faults", "healthy=1,insulation=1", "--nats", nats.url]);
    expect(run.stderr).toMatch(/published \d+ windows/);
    expect(run.code).toBe(0);
    const summary = jsonOf(run);
    expect(summary).toMatchObject({ nats: nats.url, failed: 0 });
    expect(summary.accepted).toBeGreaterThan(0);
    const info = await (await jetstreamManager(await nats.connect())).streams.info(TELEMETRY_STREAM);
    expect(info.state.messages).toBe(summary.accepted);
  });

  it("a bad fault mix exits 2 naming the entry", async () => {
    const run = await runVtox(["simulate", "--vehicles", "3", "--rate", "1", "--faults", "gearbox=1", "--out", join(dir, "bad.cbor")]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^vtox simulate: .*gearbox/);
  });
});
