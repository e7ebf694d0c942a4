/**
 * `--fault <kind>[:<variant>]=<severity>`: one injected fault of the simulator, e.g.
 * `bearing:outer_race=0.4`, `eccentricity:mixed=0.3`, `broken_bar=0.5`, `turn_fault:b=0.3`,
 * `insulation=0.6`. Severity 0–1 on the physical scales of actors/domain/severity.ts.
 * @module
 */
import type { FaultInjection } from "../../actors/sim/mod.ts";
import { numberFlag, UsageError } from "../flags/mod.ts";

const VARIANTS = {
  broken_bar: [] as string[],
  eccentricity: ["static", "dynamic", "mixed"],
  bearing: ["outer_race", "inner_race", "ball"],
  turn_fault: ["a", "b", "c"],
  insulation: [] as string[],
} as const;

const FORMS = "broken_bar=S, eccentricity:static|dynamic|mixed=S, bearing:outer_race|inner_race|ball=S, turn_fault[:a|b|c]=S, insulation=S (S = severity 0–1)";

/**
 * Parses one `--fault` value.
 *
 * @example
 * ```ts
 * faultFlag("bearing:inner_race=0.4"); // { kind: "bearing", defect: "inner_race", severity: 0.4 }
 * ```
 */
export function faultFlag(raw: string): FaultInjection {
  const m = raw.trim().match(/^([a-z_]+)(?::([a-z_]+))?=(.+)$/);
  if (!m) throw new UsageError(`--fault must be <kind>[:<variant>]=<severity>, got ${JSON.stringify(raw)}; forms: ${FORMS}`);
  const [, kind, variant, sev] = m;
  if (!(kind in VARIANTS)) throw new UsageError(`--fault kind must be one of ${Object.keys(VARIANTS).join(", ")}, got ${JSON.stringify(kind)}`);
  const allowed: readonly string[] = VARIANTS[kind as keyof typeof VARIANTS];
  if (variant !== undefined && !allowed.includes(variant)) {
    throw new UsageError(allowed.length ? `--fault ${kind} variant must be one of ${allowed.join(", ")}, got ${JSON.stringify(variant)}` : `--fault ${kind} takes no variant, got ":${variant}"`);
  }
  const severity = numberFlag("fault severity", sev, { min: 0, max: 1, what: `a severity of ${kind}` })!;
  switch (kind) {
    case "broken_bar":
      return { kind, severity };
    case "insulation":
      return { kind, severity };
    case "turn_fault":
      return variant ? { kind, severity, phase: variant as "a" | "b" | "c" } : { kind, severity };
    case "eccentricity":
      if (!variant) throw new UsageError(`--fault eccentricity needs a variant: eccentricity:static|dynamic|mixed=<severity>`);
      return { kind, severity, variant: variant as "static" | "dynamic" | "mixed" };
    default:
      if (!variant) throw new UsageError(`--fault bearing needs a defect: bearing:outer_race|inner_race|ball=<severity>`);
      return { kind: "bearing", severity, defect: variant as "outer_race" | "inner_race" | "ball" };
  }
}
