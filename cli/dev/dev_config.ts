/**
 * `vtox dev` configuration: the development cluster (node count, shard count, NATS) and its
 * workload — the simulated fleet (`--fleet`, the default and what `npm start` runs) or the
 * generic actor demo (`--demo`). Flags first, then VTOX environment variables, then defaults;
 * every bad value is a {@link UsageError} naming its flag or variable.
 * @module
 */
import { DEFAULT_FAULT_MIX, planFleet, type FleetPlan } from "../../actors/fleet/mod.ts";
import { formatHelp, parseFlags, UsageError, type FlagSpecs } from "../flags/mod.ts";
import { checkFleetShardCount } from "./fleet_shard_count.ts";
import { intSetting, positiveNumberSetting, setting } from "./setting.ts";

/** The workload of the dev cluster. */
export type DevWorkload =
  | { kind: "fleet"; plan: FleetPlan | undefined; vehicles: number; ratePerVehicle: number; faults: string; summaryEveryS: number }
  | { kind: "demo" };

/** A validated `vtox dev` configuration. */
export interface DevConfig {
  nodes: number;
  shards: number;
  /** Use this NATS; undefined = start a nats-server on a free port. */
  natsUrl: string | undefined;
  /** Stop after this many seconds; undefined = until Ctrl-C. */
  durationS: number | undefined;
  workload: DevWorkload;
}

/** The flags of `vtox dev`; they drive parsing and `--help`. */
export const DEV_FLAGS: FlagSpecs = {
  fleet: { type: "boolean", help: "fleet nodes + a simulated fleet + a live summary (the default; npm start)" },
  demo: { type: "boolean", help: "generic nodes with the demo kinds (counter, greeter) and their demo workload" },
  nodes: { type: "string", value: "<n>", help: "node processes to start (env VTOX_CLUSTER_WORKERS, default 3)" },
  "shard-count": { type: "string", value: "<n>", help: "cluster-wide shard count (env VTOX_SHARD_COUNT, default 64)" },
  nats: { type: "string", value: "<url>", help: "use this NATS instead of starting a nats-server (env NATS_URL)" },
  duration: { type: "string", value: "<s>", help: "stop this many seconds after the nodes are ready (default: run until Ctrl-C)" },
  vehicles: { type: "string", value: "<n>", help: "fleet: simulated vehicles, 0 = none, bring your own telemetry (default 20)" },
  rate: { type: "string", value: "<windows/s>", help: "fleet: windows per second per vehicle (default 0.5)" },
  faults: { type: "string", value: "<mix>", help: `fleet: fault mix, relative weights (default ${DEFAULT_FAULT_MIX})` },
  "summary-every": { type: "string", value: "<s>", help: "fleet: live summary period (default 3)" },
  help: { type: "boolean", help: "print this help" },
};

/** `vtox dev --help`. */
export const DEV_USAGE = formatHelp(
  "vtox dev [--fleet | --demo] [flags]",
  "A local development cluster: a nats-server on a free port with a temporary store (unless --nats\n" +
    "or NATS_URL), N node processes sharing the shards, a workload, progress and where to subscribe.\n" +
    "Ctrl-C stops everything (nodes drain and release their shards; the temporary nats-server is removed).",
  DEV_FLAGS,
);

const FLEET_ONLY = ["vehicles", "rate", "faults", "summary-every"] as const;

/**
 * Builds the dev configuration from flags and `env`.
 *
 * @example
 * ```ts
 * devConfig(["--fleet", "--duration", "30"], process.env).workload.kind; // "fleet"
 * ```
 */
export function devConfig(args: string[], env: Record<string, string | undefined>): DevConfig {
  const { values: v } = parseFlags(args, DEV_FLAGS, "dev", 0);
  if (v.fleet && v.demo) throw new UsageError("--fleet and --demo both choose the workload; give one");
  const nodes = intSetting(setting("nodes", v.nodes, "VTOX_CLUSTER_WORKERS", env, "3"), 1, 64);
  const shards = intSetting(setting("shard-count", v["shard-count"], "VTOX_SHARD_COUNT", env, "64"), 1, 4096);
  const nats = setting("nats", v.nats, "NATS_URL", env);
  if (nats.value !== undefined && !/^((nats|tls|ws|wss):\/\/[^\s/]+|[^\s/:]+:\d+)(,((nats|tls|ws|wss):\/\/[^\s/]+|[^\s/:]+:\d+))*$/.test(nats.value)) {
    throw new UsageError(`${nats.source} must be like nats://host:port, got ${JSON.stringify(nats.value)}`);
  }
  const durationS = v.duration === undefined ? undefined : intSetting(setting("duration", v.duration, undefined, env), 1, 86_400);
  if (!v.demo) checkFleetShardCount(shards);
  const base = { nodes, shards, natsUrl: nats.value, durationS };
  if (v.demo) {
    const stray = FLEET_ONLY.find((f) => v[f] !== undefined);
    if (stray) throw new UsageError(`--${stray} applies to the fleet workload only, not to --demo`);
    return { ...base, workload: { kind: "demo" } };
  }
  const vehicles = intSetting(setting("vehicles", v.vehicles, undefined, env, "20"), 0, 100_000);
  const ratePerVehicle = positiveNumberSetting(setting("rate", v.rate, undefined, env, "0.5"), 100);
  const faults = (v.faults as string | undefined) ?? DEFAULT_FAULT_MIX;
  const summaryEveryS = intSetting(setting("summary-every", v["summary-every"], undefined, env, "3"), 1, 3_600);
  let plan: FleetPlan | undefined;
  try {
    plan = vehicles > 0 ? planFleet({ vehicles, faults }) : undefined;
  } catch (err) {
    throw new UsageError((err as Error).message, { cause: err });
  }
  return { ...base, workload: { kind: "fleet", plan, vehicles, ratePerVehicle, faults, summaryEveryS } };
}
