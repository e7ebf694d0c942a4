/**
 * The explicit verdict of an analyzer that did not answer: status `unavailable` with the reason,
 * so a HealthReport never has a silent gap.
 * @module
 */
import type { Diagnosis, FaultKind } from "../domain/mod.ts";

/**
 * An `unavailable` Diagnosis naming why.
 *
 * @example
 * ```ts
 * unavailableVerdict("bearing", "no analyzer answered within 3 attempts of 2000 ms");
 * ```
 */
export function unavailableVerdict(fault: FaultKind, reason: string): Diagnosis {
  return {
    fault,
    status: "unavailable",
    score: 0,
    severity: 0,
    confidence: 0,
    basis: "absolute",
    features: {},
    frequencies: [],
    conclusion: `The ${fault.replace("_", " ")} analysis is unavailable for this window: ${reason}.`,
    suggestions: ["Check that analyzer nodes are running (vtox.cluster.node.* status) and not overloaded."],
    reason,
  };
}
