/**
 * Flag parsing on `node:util` parseArgs (which Deno also provides), with each command's flags
 * declared once: the declaration drives parsing, the error messages and `--help`.
 * @module
 */
import { parseArgs } from "node:util";
import { UsageError } from "./usage_error.ts";

/** One flag of a command. */
export interface FlagSpec {
  type: "string" | "boolean";
  /** Placeholder for the value in help, e.g. `<Hz>`. */
  value?: string;
  /** One line of help. */
  help: string;
  /** May be given several times (values collected in order). */
  multiple?: boolean;
}

/** The flags of a command, by long name (without `--`). */
export type FlagSpecs = Record<string, FlagSpec>;

/** Parsed flags: strings, booleans, or string lists for `multiple` flags. */
export type FlagValues = Record<string, string | boolean | string[] | undefined>;

/**
 * Parses `args` against `specs`; unknown flags, missing values and surplus positionals are
 * {@link UsageError}s naming the flag.
 *
 * @example
 * ```ts
 * const { values, positionals } = parseFlags(["rec.csv", "--fs", "1000"], { fs: { type: "string", value: "<Hz>", help: "sample rate" } }, "diagnose", 1);
 * values.fs; // "1000"
 * ```
 */
export function parseFlags(args: string[], specs: FlagSpecs, command: string, maxPositionals: number): { values: FlagValues; positionals: string[] } {
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean }> = {};
  for (const [name, s] of Object.entries(specs)) options[name] = s.multiple ? { type: s.type, multiple: true } : { type: s.type };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError(`vtox ${command}: ${explain(err as Error & { code?: string }, specs)} (see vtox ${command} --help)`, { cause: err });
  }
  const positionals = parsed.positionals;
  if (positionals.length > maxPositionals) {
    throw new UsageError(`vtox ${command}: unexpected argument ${JSON.stringify(positionals[maxPositionals])}; ${maxPositionals === 0 ? "this command takes no file" : `expected at most ${maxPositionals}`} (see vtox ${command} --help)`);
  }
  const values = parsed.values as FlagValues;
  return { values, positionals };
}

function explain(err: Error & { code?: string }, specs: FlagSpecs): string {
  const flag = err.message.match(/'(-{1,2}[^'\s]+)/)?.[1];
  switch (err.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const name = flag?.replace(/^-+/, "") ?? "";
      const near = Object.keys(specs).find((k) => k.startsWith(name.slice(0, 3)) && name.length >= 3);
      return `unknown flag ${flag ?? err.message}${near ? ` (did you mean --${near}?)` : ""}`;
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      const name = flag?.replace(/^-+/, "").split(" ")[0] ?? "";
      const s = specs[name];
      if (s?.type === "boolean") return `--${name} is a switch and takes no value`;
      return `--${name} needs a value ${s?.value ?? ""}`.trim() + ` (a value starting with "-" is written --${name}=-…)`;
    }
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument: ${err.message}`;
    default:
      return err.message;
  }
}

/**
 * Renders `--help` text from the same declarations the parser uses.
 *
 * @example
 * ```ts
 * console.log(formatHelp("vtox diagnose <file> [flags]", "Diagnose a recording.", specs));
 * ```
 */
export function formatHelp(usage: string, about: string, specs: FlagSpecs): string {
  const rows = Object.entries(specs).map(([name, s]) => [`--${name}${s.value ? ` ${s.value}` : ""}`, s.help + (s.multiple ? " (repeatable)" : "")]);
  const width = Math.max(...rows.map((r) => r[0].length));
  return [`usage: ${usage}`, "", about, "", ...rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`)].join("\n");
}
