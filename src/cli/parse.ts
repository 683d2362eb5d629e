import { type ParseArgsConfig, parseArgs } from "node:util";
import type { Translator } from "../i18n/index.js";
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
export function parseCommandLine(
  command: CommandDefinition,
  argv: string[],
  tr: Translator,
): ParsedCommandLine {
  const options: ParseOptions = { help: { type: "boolean", short: "h" } };
  for (const [name, spec] of Object.entries(command.options))
    options[name] = { type: spec.type === "boolean" ? "boolean" : "string" };
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw unknownOption(command, argv, options, tr);
    if (code?.startsWith("ERR_PARSE_ARGS")) throw new UsageError((error as Error).message);
    throw error;
  }
  if (values.help === true) return { help: true, args: [], options: {} };
  const most = command.args.some((a) => a.variadic) ? Number.POSITIVE_INFINITY : command.args.length;
  if (positionals.length > most) {
    const extra = positionals.slice(most).join(" ");
    throw new UsageError(
      most === 0
        ? tr.t("cli.parse.noArguments", { command: command.name, extra })
        : tr.t("cli.parse.tooMany", { command: command.name, most, extra }),
    );
  }
  const parsed: ParsedCommandLine["options"] = {};
  for (const [name, spec] of Object.entries(command.options)) {
    const value = values[name];
    if (value === undefined || Array.isArray(value)) continue;
    parsed[name] = spec.type === "number" ? wholeNumber(name, String(value), spec.min, spec.max, tr) : value;
  }
  return { help: false, args: positionals, options: parsed };
}

function wholeNumber(name: string, raw: string, min: number, max: number, tr: Translator): number {
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isInteger(value) || value < min || value > max)
    throw new UsageError(tr.t("cli.parse.wholeNumber", { name, min: String(min), max: String(max), raw }));
  return value;
}

/** Names the option the command does not take (parseArgs's message suggests `--` instead). */
function unknownOption(command: CommandDefinition, argv: string[], options: ParseOptions, tr: Translator) {
  const { tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  const unknown = tokens.find((t) => t.kind === "option" && !Object.hasOwn(options, t.name));
  const values = { command: command.name, options: optionList(command) };
  return new UsageError(
    unknown?.kind === "option"
      ? tr.t("cli.parse.unknownOption", { ...values, flag: unknown.rawName })
      : tr.t("cli.parse.unknownOptionUnnamed", values),
  );
}
