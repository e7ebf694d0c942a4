/**
 * The documented external subscriber (docs/examples/subscribe_health.ts: a plain NATS client and
 * a generic CBOR decoder, no VTOX code) runs as its own process against a running fleet and
 * receives HealthReports and the bearing alarm on the documented subjects.
 */
import { expect, it } from "vitest";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { runFleetSimulator } from "../../actors/fleet/mod.ts";
import { repoRoot } from "../harness/mod.ts";
import { useFleetNode } from "./fleet_fixtures.ts";

const env = useFleetNode({ nodeId: "ext1", shards: 4 });

it("prints health reports and alarm events decoded from plain CBOR", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "docs/examples/subscribe_health.ts"), "--server", env.nats.url, "--count", "4"], {
    cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  const listening = new Promise<void>((resolve) => child.stderr.on("data", (d) => {
    err += d;
    if (err.includes("listening on")) resolve();
  }));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await Promise.race([listening, exited]);
  expect(err).toContain("listening on vtox.health.*");
  const stop = new AbortController();
  const sim = runFleetSimulator(env.nc, { vehicles: 2, faults: "bearing=1", rate: 4, windowsPerClass: 1, signal: stop.signal });
  const code = await exited;
  stop.abort();
  await sim;
  expect(code, err).toBe(0);
  const lines = out.trim().split("\n").map((l) => JSON.parse(l));
  const health = lines.filter((l) => l.type === "health");
  expect(health).toHaveLength(4);
  for (const h of health) {
    expect(h.subject).toBe(`vtox.health.${h.vehicleId}`);
    expect(h.contentType).toBe("application/cbor");
    expect(h.findings).toContain("bearing");
    expect(h.bearing).toMatch(/warning|fault/);
  }
  const alarms = lines.filter((l) => l.type === "alarm");
  // Two vehicles, one persisting bearing fault each: exactly one raise per vehicle, no repeats.
  expect(alarms.map((a) => `${a.subject} ${a.event}`).sort()).toEqual(["vtox.alarm.ev-0.bearing raised", "vtox.alarm.ev-1.bearing raised"]);
}, 60_000);
