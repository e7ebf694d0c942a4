/**
 * CLI-side pieces of the fleet: the fleet node (vehicle actors reading their telemetry
 * partitions and analyzer actors in one process — `vtox node --fleet`), the `vtox dev --fleet` workload (simulated fleet
 * and live summary, what `npm start` runs), the `vtox simulate --vehicles` NATS mode, and the
 * live summary printer.
 * @module
 */
export { startFleetNode, type FleetNode, type FleetNodeOptions } from "./fleet_node.ts";
export { runFleetWorkload, type FleetWorkloadOptions, type FleetWorkloadResult } from "./fleet_workload.ts";
export { formatLiveSummary, subscribeHint } from "./live_summary_printer.ts";
export { runSimulateFleet, type SimulateFleetRequest } from "./simulate_fleet.ts";
