/**
 * Deno compatibility of the fleet's shared code: a fleet node running under Deno (router,
 * vehicle actor, analyzer actors with the WASM DSP) diagnoses windows published by a Node client
 * and publishes the HealthReport and alarm on the documented subjects.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { decodeValue } from "../../actors/runtime/mod.ts";
import { planFleet, runFleetSimulator } from "../../actors/fleet/mod.ts";
import { repoRoot } from "../harness/mod.ts";
import { useFleetNats } from "./fleet_fixtures.ts";

const env = useFleetNats();
let deno: ChildProcess;
let out = "";

beforeAll(async () => {
  deno = spawn(join(repoRoot, "node_modules", ".bin", "deno"),
    ["run", "--allow-net", "--allow-read", "--allow-env", "--allow-sys", "test/fleet/deno_fleet_node.ts"], {
      cwd: repoRoot, stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, NATS_URL: env.nats.url, CBOR_NATIVE_ACCELERATION_DISABLED: "true" },
    });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Deno fleet node not ready:\n${out}`)), 90_000);
    deno.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("fleet node ready under deno")) {
        clearTimeout(timer);
        resolve();
      }
    });
    deno.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    deno.once("exit", (c) => reject(new Error(`Deno fleet node exited ${c}:\n${out}`)));
  });
}, 120_000);

afterAll(async () => {
  if (deno && deno.exitCode === null) {
    deno.stdin!.end();
    await new Promise((r) => deno.once("exit", r));
  }
});

it("diagnoses windows and publishes health and alarms when the node runs under Deno", async () => {
  const { nc } = env;
  const reports: any[] = [];
  const alarms: any[] = [];
  nc.subscribe("vtox.health.*", { callback: (_e, m) => void reports.push(decodeValue(m.data)) });
  nc.subscribe("vtox.alarm.>", { callback: (_e, m) => void alarms.push(decodeValue(m.data)) });
  await nc.flush();
  const plan = planFleet({ vehicles: 2, faults: "healthy=1,bearing=1", idPrefix: "dn", windowsPerClass: 1 });
  await runFleetSimulator(nc, { vehicles: 2, faults: "", plan, rate: 10, windows: 4 });
  const deadline = Date.now() + 60_000;
  while (reports.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(reports).toHaveLength(4);
  expect(reports.filter((r) => r.vehicleId === "dn-0").map((r) => r.status)).toEqual(["normal", "normal"]);
  for (const r of reports.filter((x) => x.vehicleId === "dn-1")) expect(r.findings).toContain("bearing");
  expect(alarms.map((a) => `${a.vehicleId} ${a.fault} ${a.event}`)).toEqual(["dn-1 bearing raised"]);
}, 90_000);
