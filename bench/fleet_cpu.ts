/**
 * CPU time of the processes of a bench run, from `/proc/<pid>/stat` (Linux; elsewhere the
 * figures are absent): it shows where a window's CPU goes — nats-server, the fleet nodes, the
 * publishing bench process — which wall-clock throughput on a shared 2-core machine hides.
 * @module
 */
import { readFileSync } from "node:fs";

/** CPU seconds (user + system) of process `pid`, or undefined when /proc is not readable. */
export function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return undefined;
  }
}

/** CPU seconds of processes together (a group of node or worker processes), or undefined when one cannot be read. */
export function cpuSecondsOfAll(pids: readonly (number | undefined)[]): number | undefined {
  let sum = 0;
  for (const pid of pids) {
    const v = cpuSecondsOf(pid);
    if (v === undefined) return undefined;
    sum += v;
  }
  return sum;
}

/** CPU seconds of this process. */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** A named group of processes whose CPU time is sampled together. */
export interface CpuGroup {
  name: string;
  sample(): number | undefined;
}

/** Samples every group now; `since()` later gives the CPU ms each group used in between. */
export class CpuMeter {
  readonly #groups: CpuGroup[];
  readonly #start: (number | undefined)[];
  constructor(groups: CpuGroup[]) {
    this.#groups = groups;
    this.#start = groups.map((g) => g.sample());
  }

  /** CPU ms per group since construction (undefined for a group that could not be read). */
  since(): Record<string, number | undefined> {
    return Object.fromEntries(this.#groups.map((g, i) => {
      const a = this.#start[i], b = g.sample();
      return [g.name, a === undefined || b === undefined ? undefined : (b - a) * 1000];
    }));
  }
}

/** CPU ms per window of each group, from CPU ms over `windows` windows. */
export function perWindow(cpuMs: Record<string, number | undefined>, windows: number): Record<string, number | undefined> {
  return Object.fromEntries(Object.entries(cpuMs).map(([k, v]) => [k, v === undefined || windows <= 0 ? undefined : +(v / windows).toFixed(3)]));
}

/** `nats-server 0.3 ms, nodes 1.4 ms, …` */
export function describeCpu(perWindowMs: Record<string, number | undefined>): string {
  return Object.entries(perWindowMs).map(([k, v]) => `${k} ${v ?? "n/a"} ms`).join(", ");
}
