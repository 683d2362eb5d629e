import type { Config } from "../config.js";
import type { OpenedDatabase } from "../db/database.js";
import { KurokoError } from "../errors.js";
import type { HealthModel } from "../health/model.js";
import type { HealthModels } from "../health/models.js";
import type { Translator } from "../i18n/index.js";

/**
 * What a command is: its name, its arguments and its own options. `main.ts` parses the command
 * line against them (an option the command does not declare is refused) and generates the
 * usage text and `--help` from them. Commands import this module, never `main.ts`.
 */

/** Exit codes, as docs/cli.md promises: 0 done, 1 refused or failed, 2 usage. */
export const EXIT = { done: 0, failed: 1, usage: 2 } as const;

/** A wrong command line: exit 2, with the command's usage. */
export class UsageError extends KurokoError {}

/** One `--flag`. `value` names its value in the usage text (`--date YYYY-MM-DD`). */
export type OptionSpec =
  | { type: "boolean"; description: string }
  | { type: "string"; value: string; description: string }
  /** A whole number from `min` to `max`; anything else is a usage error. */
  | { type: "number"; value: string; min: number; max: number; description: string };

export type OptionSpecs = Record<string, OptionSpec>;

type OptionValue<S extends OptionSpec> = S extends { type: "boolean" }
  ? boolean
  : S extends { type: "number" }
    ? number
    : string;

/** The parsed values of a command's options: absent when not given. */
export type OptionValues<O extends OptionSpecs> = { [K in keyof O]?: OptionValue<O[K]> };

/** One positional argument, for the usage text; `main.ts` refuses more than a command takes. */
export interface ArgSpec {
  /** As shown in the usage text: `FILE.csv`, `<snapshot|digest>`. */
  name: string;
  description: string;
  optional?: boolean;
  /** Takes the rest of the words (`kuroko health acme corp`). */
  variadic?: boolean;
}

/** What every command gets: its arguments and options, the configuration, the clock, the database. */
export interface CliContext<O extends OptionSpecs = OptionSpecs> {
  args: string[];
  options: OptionValues<O>;
  /** `--json` was given. */
  json: boolean;
  config: Config;
  /** The environment the configuration was read from (a source's database URL is read from it too). */
  env: Record<string, string | undefined>;
  /** The clock: every "now" a command uses. */
  now(): Date;
  /** Today in the configured timezone, by `now()` when the command started. */
  today: Date;
  /** The default health model in force (HEALTH_MODEL_PATH or the default): `models().default`. */
  model(): HealthModel;
  /** The health models in force, by segment (HEALTH_MODEL_PATH): an account's is `modelFor(segment)`. */
  models(): HealthModels;
  /** Opens (and migrates) the database; the CLI closes it after the command. */
  database(): Promise<OpenedDatabase>;
  out(text: string): void;
  err(text: string): void;
  /** KUROKO_LOCALE's messages and formats, for the human output (`--json` stays as it is). */
  tr: Translator;
}

export interface CommandDefinition<O extends OptionSpecs = OptionSpecs> {
  name: string;
  /** In English; the help prints the catalogue's `cli.summary.<name>` in KUROKO_LOCALE. */
  summary: string;
  /** The placeholders of `cli.summary.<name>`, if it has any. */
  summaryValues?: Record<string, string>;
  args: readonly ArgSpec[];
  options: O;
  /** Runs the command; resolves to its exit code. */
  run(ctx: CliContext<O>): Promise<number>;
}

/** Declares a command, typing `ctx.options` from its declared options. */
export function defineCommand<const O extends OptionSpecs>(
  command: CommandDefinition<O>,
): CommandDefinition<O> {
  return command;
}

/** `--json`, on every command that prints data. */
export const JSON_OPTION = { type: "boolean", description: "print the result as JSON" } as const;
