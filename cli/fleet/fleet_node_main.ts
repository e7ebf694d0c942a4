/**
 * A fleet node as a bare process entry, for scripts that spawn `node --import tsx
 * cli/fleet/fleet_node_main.ts --nats <url> ...` (bench/fleet.ts, the fleet process tests): the
 * same as `vtox node --fleet ...` — one flag parser, one ready line, one graceful shutdown.
 * @module
 */
import { run } from "../commands/node.ts";

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await run(["--fleet", ...process.argv.slice(2)]);
}
