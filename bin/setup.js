#!/usr/bin/env node
// `npm run setup`: installs dependencies, makes sure nats-server is there, builds the WASM core.
// Plain JavaScript with no dependencies, because it runs before `npm install` has.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const step = (msg) => console.log(`\n[setup] ${msg}`);
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`[setup] failed: ${cmd} ${args.join(" ")} (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
};

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 6)) {
  console.error(`[setup] VTOX needs Node >= 20.6, found ${process.versions.node}`);
  process.exit(1);
}

step("installing npm dependencies");
run("npm", ["install", "--no-audit", "--no-fund"]);

step("checking nats-server");
const hasNats = () => {
  for (const bin of [process.env.NATS_SERVER_BIN, "nats-server", "/usr/sbin/nats-server"].filter(Boolean)) {
    try {
      return { bin, version: execFileSync(bin, ["--version"], { encoding: "utf8" }).trim() };
    } catch { /* next */ }
  }
  return undefined;
};
let nats = hasNats();
if (!nats) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const sudo = !isRoot && spawnSync("sudo", ["-n", "true"]).status === 0;
  const aptGet = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
  if (aptGet && (isRoot || sudo)) {
    console.log("[setup] nats-server not found: installing it with apt-get");
    const pre = isRoot ? [] : ["sudo", "-n"];
    const apt = (args) => run(pre[0] ?? "apt-get", pre.length ? [...pre.slice(1), "apt-get", ...args] : args, {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    apt(["update"]);
    apt(["install", "-y", "--no-install-recommends", "nats-server"]);
    nats = hasNats();
  }
  if (!nats) {
    console.error(
      "[setup] nats-server is missing and could not be installed here.\n" +
        "  Debian/Ubuntu: sudo apt-get install nats-server\n" +
        "  macOS:         brew install nats-server\n" +
        "  elsewhere:     a release binary on PATH, or NATS_SERVER_BIN=/path/to/nats-server",
    );
    process.exit(1);
  }
}
console.log(`[setup] ${nats.bin}: ${nats.version}`);

if (existsSync(join(root, "bin", "build-wasm.js")) && existsSync(join(root, "wasm", "assembly"))) {
  step("building the WASM DSP core");
  run(process.execPath, [join(root, "bin", "build-wasm.js")]);
}

step("done. Next: `npm start` (dev cluster with a demo workload) or `npm test`.");
