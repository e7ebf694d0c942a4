/**
 * What the fleet tests use from the fleet part, in one place.
 * @module
 */
import { FAULT_KINDS } from "../../actors/domain/mod.ts";
export * from "../../actors/fleet/mod.ts";
/** The five fault kinds. */
export const FAULT_KINDS_FOR_TEST = FAULT_KINDS;
