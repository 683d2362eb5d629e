import { type ParseArgsConfig, parseArgs } from "node:util";
import { type CommandDefinition, UsageError } from "./command.js";
import { optionList } from "./usage.js";

type ParseOptions = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedCommandLine {
  /** `--help` or `-h` was given: nothing else was checked. */
  help: boolean;
  args: string[];
  options: Record<string, string | number | boolean | undefined>;
}

/**
 * Parses a command's arguments against the options it declares (and `--help`): an option it
 * does not declare, a missing or malformed value, or more arguments than it takes is a
 * UsageError.
 */
export function parseCommandLine(command: CommandDefinition, argv: string[]): ParsedCommandLine {
  const options: ParseOptions = { help: { type: "boolean", short: "h" } };
  for (const [name, spec] of Object.entries(command.options))
    options[name] = { type: spec.type === "boolean" ? "boolean" : "string" };
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw unknownOption(command, argv, options);
    if (code?.startsWith("ERR_PARSE_ARGS")) throw new UsageError((error as Error).message);
    throw error;
  }
  if (values.help === true) return { help: true, args: [], options: {} };
  const most = command.args.some((a) => a.variadic) ? Number.POSITIVE_INFINITY : command.args.length;
  if (positionals.length > most) {
    const extra = positionals.slice(most).join(" ");
    throw new UsageError(
      most === 0
        ? `kuroko ${command.name} takes no arguments, not "${extra}".`
        : `kuroko ${command.name} takes at most ${most} argument${most === 1 ? "" : "s"}; "${extra}" is one too many.`,
    );
  }
  const parsed: ParsedCommandLine["options"] = {};
  for (const [name, spec] of Object.entries(command.options)) {
    const value = values[name];
    if (value === undefined || Array.isArray(value)) continue;
    parsed[name] = spec.type === "number" ? wholeNumber(name, String(value), spec.min, spec.max) : value;
  }
  return { help: false, args: positionals, options: parsed };
}

function wholeNumber(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isInteger(value) || value < min || value > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
  return value;
}

/** Names the option the command does not take (parseArgs's message suggests `--` instead). */
function unknownOption(command: CommandDefinition, argv: string[], options: ParseOptions) {
  const { tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  const unknown = tokens.find((t) => t.kind === "option" && !Object.hasOwn(options, t.name));
  const flag = unknown?.kind === "option" ? unknown.rawName : "an option";
  return new UsageError(
    `kuroko ${command.name} does not take ${flag}; its options are ${optionList(command)}.`,
  );
}
