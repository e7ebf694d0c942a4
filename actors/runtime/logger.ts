/**
 * The default structured logger: one JSON object per line on stderr (`VTOX_LOG=silent` mutes it).
 * @module
 */
import type { ActorLogger } from "./kind.ts";

/** A logger writing JSON lines tagged with `fields` to the console. */
export function jsonLogger(fields: Record<string, unknown> = {}, level: "info" | "warn" | "error" | "silent" = "info"): ActorLogger {
  const rank = { info: 0, warn: 1, error: 2, silent: 3 } as const;
  const emit = (lvl: "info" | "warn" | "error", msg: string, f?: Record<string, unknown>) => {
    if (rank[lvl] < rank[level]) return;
    console.error(JSON.stringify({ t: new Date().toISOString(), level: lvl, msg, ...fields, ...f }));
  };
  return {
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
  };
}
