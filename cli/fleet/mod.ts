/**
 * CLI-side pieces of the fleet: the fleet node (vehicle actors, analyzer actors and telemetry
 * router in one process) and its process entry, the `vtox simulate --vehicles` NATS mode, the
 * development fleet of `npm start`, and the live summary printer.
 * @module
 */
export { runFleetDev, type FleetDevOptions } from "./dev_fleet.ts";
export { startFleetNode, type FleetNode, type FleetNodeOptions } from "./fleet_node.ts";
export { FLEET_NODE_USAGE, fleetNodeConfig, type FleetNodeConfig } from "./fleet_node_flags.ts";
export { runFleetNode } from "./fleet_node_main.ts";
export { formatLiveSummary, subscribeHint } from "./live_summary_printer.ts";
export { runSimulateFleet, type SimulateFleetRequest } from "./simulate_fleet.ts";
