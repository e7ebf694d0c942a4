/**
 * The flag parsing every `npm run bench:*` shares: `--json` and positive numbers, with the
 * bench's name, the flag and what was given in the error, and the known flags on an unknown one.
 * @module
 */

/** How a flag is read: a switch (`true` when present), a positive number, or one rounded to an integer. */
export type BenchFlagKind = "switch" | "number" | "integer";

/**
 * Parses `argv` over `defaults`; `flags` maps each `--flag` to its key in the result and its kind.
 *
 * @example
 * ```ts
 * const f = parseBenchFlags("bench:x", process.argv.slice(2), { json: false, runs: 3 }, { "--json": ["json", "switch"], "--runs": ["runs", "integer"] });
 * ```
 */
export function parseBenchFlags<T extends object>(bench: string, argv: string[], defaults: T, flags: Record<string, [keyof T, BenchFlagKind]>): T {
  const f = { ...defaults } as Record<string, unknown>;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const spec = flags[a];
    if (!spec) throw new Error(`${bench}: unknown flag ${a}; known: ${Object.keys(flags).join(" ")}`);
    const [key, kind] = spec;
    if (kind === "switch") {
      f[key as string] = true;
      continue;
    }
    const v = Number(argv[++i]);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`${bench}: ${a} needs a positive number, got ${JSON.stringify(argv[i])}`);
    f[key as string] = kind === "integer" ? Math.round(v) : v;
  }
  return f as unknown as T;
}
