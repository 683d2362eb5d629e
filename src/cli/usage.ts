import { CATALOGUES, type MessageKey, type Translator } from "../i18n/index.js";
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

/** A command's summary in the translator's language (its English one if the catalogue has none). */
export function commandSummary(command: CommandDefinition, tr: Translator): string {
  const key = `cli.summary.${command.name}`;
  if (!Object.hasOwn(CATALOGUES.en, key)) return command.summary;
  const translate = tr.t as (key: MessageKey, values?: Record<string, string>) => string;
  return translate(key as MessageKey, command.summaryValues ?? {});
}

/**
 * An option's or argument's description: as the command declares it in English; in another
 * language the catalogue's `cli.option.<command>.<option>` (or `cli.option.<option>`, shared) and
 * `cli.arg.<command>.<index>`, when it has one.
 */
function described(tr: Translator, keys: string[], english: string): string {
  if (tr.locale === "en") return english;
  const key = keys.find((k) => Object.hasOwn(CATALOGUES.en, k));
  return key ? (tr.t as (key: MessageKey) => string)(key as MessageKey) : english;
}

/** `kuroko <command> --help`. */
export function commandHelp(command: CommandDefinition, tr: Translator): string {
  const options: [string, string][] = Object.entries(command.options).map(([name, spec]) => {
    const range =
      spec.type === "number"
        ? ` ${tr.t("cli.help.range", { min: String(spec.min), max: String(spec.max) })}`
        : "";
    const description = described(
      tr,
      [`cli.option.${command.name}.${name}`, `cli.option.${name}`],
      spec.description,
    );
    return [optionUsage(name, spec), `${description}${range}`];
  });
  options.push([HELP_OPTION, tr.t("cli.help.showHelp")]);
  const summary = commandSummary(command, tr);
  return [
    tr.t("cli.usage", { line: usageLine(command) }),
    "",
    tr.locale === "ja" ? summary : `${summary}.`,
    ...(command.args.length
      ? [
          "",
          tr.t("cli.help.arguments"),
          ...columns(
            command.args.map((a, i) => [
              a.name,
              described(tr, [`cli.arg.${command.name}.${i}`], a.description),
            ]),
          ),
        ]
      : []),
    "",
    tr.t("cli.help.options"),
    ...columns(options),
  ].join("\n");
}

/** `kuroko --help`: every command, and how to call it. */
export function help(commands: readonly CommandDefinition[], tr: Translator): string {
  return [
    tr.t("cli.help.title"),
    "",
    tr.t("cli.help.commands"),
    ...columns(commands.map((c) => [c.name, commandSummary(c, tr)])),
    "",
    tr.t("cli.help.usage"),
    ...commands.map((c) => `  ${usageLine(c)}`),
    "",
    tr.t("cli.help.footer"),
  ].join("\n");
}
