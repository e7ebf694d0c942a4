/**
 * The development fleet — exactly what `npm start` runs (`vtox dev --fleet`), plus `--duration`:
 * its own nats-server, three fleet node processes, a simulated fleet and the live summary, which
 * reports every vehicle, the injected faults found, the alarms raised, all three nodes with
 * actors, and where to subscribe. It stops by itself, and a terminal Ctrl-C (SIGINT to the whole
 * foreground process group) stops it too; either way no node, no nats-server and no temporary
 * store is left behind.
 */
import t, { type Test } from "tap";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../harness/mod.ts";

const npmStart = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).scripts.start as string;
const [npmStartCmd, ...npmStartArgs] = npmStart.split(" ");

/** Runs `npm start`'s command with extra args in its own process group; `interrupt` sends Ctrl-C once `when` matches. */
async function runDev(extra: string[], interrupt?: RegExp): Promise<{ code: number | null; out: string }> {
  if (npmStartCmd !== "node") throw new Error(`npm start is no longer a node command: ${npmStart}`);
  const child = spawn(process.execPath, [...npmStartArgs, ...extra], { cwd: repoRoot, env: { ...process.env, NATS_URL: "" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  let interrupted = false;
  const onData = (d: Buffer) => {
    out += d.toString();
    if (interrupt && !interrupted && interrupt.test(out)) {
      interrupted = true;
      process.kill(-child.pid!, "SIGINT"); // what a terminal does: the whole foreground group
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  return { code, out };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function leftovers(t: Test, out: string): void {
  const pids = [...out.matchAll(/starting node dev-\d \(pid (\d+)\)/g)].map((m) => Number(m[1]));
  t.equal(pids.length, 3, "printed the three node pids");
  t.same(pids.filter(alive), [], "no node process is left");
  const store = /nats-server ready at \S+ \(store (\S+)\)/.exec(out)?.[1];
  t.ok(store && !existsSync(store), `the temporary nats-server store ${store} is removed`);
}

await t.test("npm start --duration: 3 fleet nodes, a simulated fleet, a live summary, then a clean stop", async (t) => {
  t.equal(npmStart, "node bin/vtox.js dev --fleet", "npm start runs vtox dev --fleet");
  const { code, out } = await runDev(["--duration", "10"]);
  const lines = out.split("\n");
  t.equal(code, 0, "exit 0 after diagnosing windows");
  t.match(out, /nats-server ready at nats:\/\/127\.0\.0\.1:\d+/, "started its own nats-server");
  for (const [id, n] of [["dev-1", 21], ["dev-2", 21], ["dev-3", 22]] as const) {
    t.match(out, new RegExp(`\\[${id}\\] vtox node ${id} ready: owns ${n}/${n} shards of 64, role fleet`), `${id} ready as a fleet node`);
  }
  t.match(out, /health\s+vtox\.health\.<vehicleId>/, "says where to subscribe");
  t.match(out, /node --import tsx docs\/examples\/subscribe_health\.ts --server nats:\/\/127\.0\.0\.1:\d+/, "prints a ready-to-run subscriber");
  t.match(out, /stop\s+Ctrl-C/, "says how to stop");
  const starts = lines.map((l, i) => (l.startsWith("── fleet") ? i : -1)).filter((i) => i >= 0);
  t.ok(starts.length >= 3, `printed ${starts.length} summaries`);
  const final = lines.slice(starts.at(-1)!, starts.at(-1)! + 8).join("\n");
  t.match(final, /vehicles 20 · windows \d+/, "every vehicle reported");
  // 20 vehicles with the default mix 5:1:1:1:1:1: 10 healthy, 2 vehicles with each fault.
  for (const f of ["broken_bar", "eccentricity", "bearing", "turn_fault", "insulation"]) t.match(final, new RegExp(`${f} 2\\b`), `${f} found on 2 vehicles`);
  t.match(final, /alarms raised [1-9]\d*/, "alarms raised");
  for (const id of ["dev-1", "dev-2", "dev-3"]) t.match(final, new RegExp(`node ${id}: \\d+ actors on 2[12] shards · analyzer backlog \\d+`), `${id} in the summary`);
  const m = /fleet finished: (\d+) windows accepted, (\d+) diagnosed/.exec(out);
  t.ok(m && Number(m[2]) > 0 && Number(m[2]) <= Number(m[1]), `windows were diagnosed (${m?.[2]} of ${m?.[1]} accepted)`);
  t.match(out, /vtox dev: stopped\s*$/, "stopped cleanly");
  leftovers(t, out);
});

await t.test("Ctrl-C stops the development fleet cleanly", async (t) => {
  const { code, out } = await runDev([], /── fleet/);
  t.equal(code, 0, "exit 0");
  t.match(out, /vtox dev: stopping/, "acknowledged the Ctrl-C");
  t.equal((out.match(/vtox node dev-\d: SIGTERM, shutting down/g) ?? []).length, 3, "each node shut down gracefully (once, from vtox dev, not from the terminal)");
  t.match(out, /fleet finished: \d+ windows accepted/, "printed the final summary");
  t.match(out, /vtox dev: stopped\s*$/, "stopped");
  leftovers(t, out);
});
