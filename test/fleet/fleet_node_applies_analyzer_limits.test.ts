/**
 * `vtox node --analyzer-backlog N --spill-after-ms MS` reach the node's analyzer actors: the role
 * reads them back from the running AnalyzerService for its ready line, so the line shows the
 * limits in force, and the defaults when the flags are not given.
 */
import { expect, it } from "vitest";
import { DEFAULT_SPILL_AFTER_MS } from "../../actors/fleet/mod.ts";
import { nodeConfig } from "../../cli/dev/node_config.ts";
import { startNodeRole } from "../../cli/dev/node_role.ts";
import { useFleetNats } from "./fleet_fixtures.ts";

const env = useFleetNats();

it("passes the flags to the analyzer actors and names them in the role description", async () => {
  const cases: [string[], string][] = [
    [["--analyzer-backlog", "5", "--spill-after-ms", "7"], "analyzers on, backlog bound 5, spill past 7 ms of queued work"],
    [[], `analyzers on, backlog bound 64, spill past ${DEFAULT_SPILL_AFTER_MS} ms of queued work`],
    [["--no-analyzers"], "analyzers off"],
  ];
  for (const [flags, expected] of cases) {
    const role = await startNodeRole(nodeConfig(["--shard-count", "2", "--node-id", "lim1", ...flags], {}), env.nc);
    try {
      expect(role.describe, flags.join(" ")).toBe(`fleet (vehicle actors, ${expected})`);
    } finally {
      await role.stop();
    }
  }
}, 60_000);
