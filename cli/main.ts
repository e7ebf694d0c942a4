/**
 * The `vtox` command line: dispatches to one module per subcommand in `cli/commands/`.
 * @module
 */

/** A subcommand: its one-line summary and its entry point (returns the exit code). */
interface Command {
  summary: string;
  load: () => Promise<{ run(args: string[]): Promise<number> }>;
}

const commands: Record<string, Command> = {
  node: { summary: "start a VTOX node (NATS URL, node id, shards from flags/env)", load: () => import("./commands/node.ts") },
  dev: { summary: "start a local development cluster (own nats-server unless NATS_URL is set)", load: () => import("./commands/dev.ts") },
  simulate: { summary: "simulate motor telemetry (files or a fleet over NATS)", load: () => import("./commands/simulate.ts") },
  diagnose: { summary: "diagnose a recording offline and print JSON", load: () => import("./commands/diagnose.ts") },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    "usage: vtox <command> [flags]   (vtox <command> --help for its flags)",
    "",
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
  ].join("\n");
}

/** Runs the CLI with the given arguments and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`vtox: unknown command "${name}"; expected one of ${Object.keys(commands).join(", ")}\n\n${usage()}`);
    return 2;
  }
  const mod = await command.load();
  return await mod.run(rest);
}
