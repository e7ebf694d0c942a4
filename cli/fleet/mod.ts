/**
 * CLI-side pieces of the fleet: the fleet node (composition of vehicle actors, analyzers and
 * telemetry router on one process), the `vtox simulate --vehicles` NATS mode and the live summary.
 * @module
 */
export { startFleetNode, type FleetNode, type FleetNodeOptions } from "./fleet_node.ts";
