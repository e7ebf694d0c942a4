/**
 * The generic actor demo on the development cluster: `vtox dev --demo --duration 6` starts its
 * own nats-server and 3 demo nodes, shows actors working (greetings counted, events seen), stops
 * by itself and exits 0. Bad flags are refused before anything starts.
 */
import t from "tap";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "../harness/mod.ts";

await t.test("vtox dev --demo runs a cluster, shows actors working and stops cleanly", async (t) => {
  const child = spawn(process.execPath, [join(repoRoot, "bin", "vtox.js"), "dev", "--demo", "--duration", "6"], {
    cwd: repoRoot, env: { ...process.env, NATS_URL: "" }, stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  t.equal(code, 0, "exit code 0");
  t.match(out, /nats-server ready at nats:\/\/127\.0\.0\.1:\d+/, "started its own nats-server and printed its URL");
  t.equal((out.match(/\[dev-\d\] vtox node dev-\d ready: owns \d+\/\d+ shards of 64, role demo \(kinds counter,greeter\)/g) ?? []).length, 3, "three demo nodes became ready");
  const m = /demo finished: (\d+) greetings told, counter\/greetings = (\d+), (\d+) greeting events/.exec(out);
  t.ok(m, "printed the demo summary");
  t.ok(Number(m![2]) > 0 && Number(m![2]) === Number(m![1]), `every greeting told reached the counter (${m![1]} told, ${m![2]} counted)`);
  t.match(out, /Ctrl-C/, "says how to stop");
  t.match(out, /vtox dev: stopped/, "stopped cleanly");
});

await t.test("vtox dev rejects bad flags with a clear error and exit code 2", async (t) => {
  const child = spawn(process.execPath, [join(repoRoot, "bin", "vtox.js"), "dev", "--nodes", "zero"], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  t.equal(code, 2);
  t.match(err, /^vtox dev: --nodes must be an integer in 1\.\.64, got "zero" \[CLI_USAGE\]$/m);
  t.notMatch(err, /nats-server/, "nothing was started");
});
