/**
 * A fleet's fault mix: `healthy=6,bearing:outer_race=1,broken_bar=1` gives relative weights of
 * vehicle classes. Vehicles are assigned to classes deterministically (largest remainder, in
 * order), so `--vehicles 10` with that mix is 8 healthy, 1 bearing, 1 broken-bar vehicle every run.
 * @module
 */
import type { FaultInjection } from "../sim/mod.ts";
import { FleetConfigError } from "./fleet_error.ts";

/** One class of the mix. */
export interface FaultMixEntry {
  /** `healthy` or a fault kind. */
  label: "healthy" | FaultInjection["kind"];
  /** Variant (bearing defect, eccentricity variant, turn-fault phase), when given. */
  variant?: string;
  weight: number;
}

const VARIANTS: Record<string, readonly string[]> = {
  healthy: [], broken_bar: [], insulation: [],
  eccentricity: ["static", "dynamic", "mixed"],
  bearing: ["outer_race", "inner_race", "ball"],
  turn_fault: ["a", "b", "c"],
};

/** The default mix of the development fleet: mostly healthy, one of each fault. */
export const DEFAULT_FAULT_MIX = "healthy=5,broken_bar=1,eccentricity=1,bearing=1,turn_fault=1,insulation=1";

/**
 * Parses a fault mix; throws {@link FleetConfigError} (code FAULT_MIX_INVALID) naming the bad entry.
 *
 * @example
 * ```ts
 * parseFaultMix("healthy=8,bearing:inner_race=2"); // [{label:"healthy",weight:8},{label:"bearing",variant:"inner_race",weight:2}]
 * ```
 */
export function parseFaultMix(text: string): FaultMixEntry[] {
  const bad = (m: string) => new FleetConfigError(`Invalid --faults mix ${JSON.stringify(text)}: ${m}; form: healthy=6,bearing:outer_race=1,broken_bar=1 (kinds: ${Object.keys(VARIANTS).join(", ")})`, { code: "FAULT_MIX_INVALID" });
  const out: FaultMixEntry[] = [];
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z_]+)(?::([a-z_]+))?=([0-9.]+)$/.exec(part);
    if (!m) throw bad(`entry ${JSON.stringify(part)} is not <kind>[:<variant>]=<weight>`);
    const [, label, variant, w] = m as unknown as [string, string, string | undefined, string];
    if (!(label in VARIANTS)) throw bad(`unknown kind ${JSON.stringify(label)}`);
    if (variant !== undefined && !VARIANTS[label]!.includes(variant)) {
      throw bad(VARIANTS[label]!.length ? `${label} variant must be one of ${VARIANTS[label]!.join(", ")}, got ${JSON.stringify(variant)}` : `${label} takes no variant`);
    }
    const weight = Number(w);
    if (!Number.isFinite(weight) || weight < 0) throw bad(`weight of ${label} must be a number >= 0, got ${w}`);
    out.push({ label: label as FaultMixEntry["label"], ...(variant ? { variant } : {}), weight });
  }
  if (!out.length) throw bad("it is empty");
  if (!out.some((e) => e.weight > 0)) throw bad("every weight is 0");
  return out;
}

/** Assigns `vehicles` vehicles to the mix's classes (largest remainder); index i → class. */
export function assignClasses(mix: FaultMixEntry[], vehicles: number): FaultMixEntry[] {
  const total = mix.reduce((a, e) => a + e.weight, 0);
  const exact = mix.map((e) => (e.weight / total) * vehicles);
  const counts = exact.map(Math.floor);
  let left = vehicles - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i]!++;
  }
  return mix.flatMap((e, i) => Array.from({ length: counts[i]! }, () => e));
}

/** The simulator injection of a class at a severity (undefined for healthy). */
export function injectionOf(e: FaultMixEntry, severity: number): FaultInjection | undefined {
  switch (e.label) {
    case "healthy":
      return undefined;
    case "broken_bar":
    case "insulation":
      return { kind: e.label, severity };
    case "turn_fault":
      return e.variant ? { kind: "turn_fault", severity, phase: e.variant as "a" | "b" | "c" } : { kind: "turn_fault", severity };
    case "eccentricity":
      return { kind: "eccentricity", severity, variant: (e.variant ?? "static") as "static" | "dynamic" | "mixed" };
    case "bearing":
      return { kind: "bearing", severity, defect: (e.variant ?? "outer_race") as "outer_race" | "inner_race" | "ball" };
  }
}
