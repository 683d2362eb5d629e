import type { CommandDefinition } from "./command.js";

/** Usage and help text, generated from the commands' declarations. */

const HELP_OPTION = "-h, --help";

function argUsage(arg: CommandDefinition["args"][number]): string {
  return arg.optional ? `[${arg.name}]` : arg.name;
}

function optionUsage(name: string, spec: CommandDefinition["options"][string]): string {
  return spec.type === "boolean" ? `--${name}` : `--${name} ${spec.value}`;
}

/** `kuroko import accounts|metrics FILE.csv [--encoding utf8|sjis] [--json]` */
export function usageLine(command: CommandDefinition): string {
  return [
    "kuroko",
    command.name,
    ...command.args.map(argUsage),
    ...Object.entries(command.options).map(([name, spec]) => `[${optionUsage(name, spec)}]`),
  ].join(" ");
}

/** The flags a command takes, for an error message: `--json, --help`. */
export function optionList(command: CommandDefinition): string {
  return [...Object.keys(command.options).map((name) => `--${name}`), "--help"].join(", ");
}

function columns(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

/** `kuroko <command> --help`. */
export function commandHelp(command: CommandDefinition): string {
  const options: [string, string][] = Object.entries(command.options).map(([name, spec]) => {
    const range = spec.type === "number" ? ` (${spec.min} to ${spec.max})` : "";
    return [optionUsage(name, spec), `${spec.description}${range}`];
  });
  options.push([HELP_OPTION, "show this help"]);
  return [
    `usage: ${usageLine(command)}`,
    "",
    `${command.summary}.`,
    ...(command.args.length
      ? ["", "Arguments:", ...columns(command.args.map((a) => [a.name, a.description]))]
      : []),
    "",
    "Options:",
    ...columns(options),
  ].join("\n");
}

/** `kuroko --help`: every command, and how to call it. */
export function help(commands: readonly CommandDefinition[]): string {
  return [
    "kuroko: Kuroko's command line (CS Ops in Slack).",
    "",
    "Commands:",
    ...columns(commands.map((c) => [c.name, c.summary])),
    "",
    "Usage:",
    ...commands.map((c) => `  ${usageLine(c)}`),
    "",
    "`kuroko <command> --help` explains a command's arguments and options. Every command that",
    "prints data takes --json. Exit codes: 0 done, 1 refused or failed, 2 usage. The database is",
    "the embedded one in KUROKO_DATA_DIR, or PostgreSQL when DATABASE_URL is set.",
  ].join("\n");
}
