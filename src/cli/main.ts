import { loadConfig, readEnvironment } from "../config.js";
import { type OpenedDatabase, openDatabase } from "../db/database.js";
import { KurokoError } from "../errors.js";
import { loadHealthModels } from "../health/model-file.js";
import type { HealthModels } from "../health/models.js";
import { type Locale, localeOfTag, type Translator, translator } from "../i18n/index.js";
import { todayIn } from "../time.js";
import { type CliContext, type CommandDefinition, EXIT, type OptionSpecs, UsageError } from "./command.js";
import { accountsCommand } from "./commands/accounts.js";
import { auditCommand } from "./commands/audit.js";
import { backtestCommand } from "./commands/backtest.js";
import { demoCommand } from "./commands/demo.js";
import { healthCommand } from "./commands/health.js";
import { importCommand } from "./commands/import.js";
import { migrateCommand } from "./commands/migrate.js";
import { requestsCommand } from "./commands/requests.js";
import { runJobCommand } from "./commands/run-job.js";
import { seedCommand } from "./commands/seed.js";
import { snapshotCommand } from "./commands/snapshot.js";
import { syncCommand } from "./commands/sync.js";
import { webhooksCommand } from "./commands/webhooks.js";
import { terminalSafe } from "./output.js";
import { type ParsedCommandLine, parseCommandLine } from "./parse.js";
import { commandHelp, help, usageLine } from "./usage.js";

/** The commands, in the order `kuroko --help` lists them. */
export const COMMANDS: readonly CommandDefinition[] = [
  migrateCommand,
  seedCommand,
  importCommand,
  accountsCommand,
  healthCommand,
  snapshotCommand,
  backtestCommand,
  requestsCommand,
  auditCommand,
  runJobCommand,
  syncCommand,
  webhooksCommand,
  demoCommand,
];

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** The environment the configuration is read from (default: process.env). */
  env?: Record<string, string | undefined>;
  /** The clock (default: the system's). */
  now?: () => Date;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Runs one command line; returns the exit code. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  // Whatever a command prints passes the terminal guard: stored text (names, comments, audit
  // details) may hold control characters, which must reach the screen as text.
  const print = {
    out: (text: string) => io.out(terminalSafe(text)),
    err: (text: string) => io.err(terminalSafe(text)),
  };
  const env = io.env ?? readEnvironment();
  const tr = translator(cliLocale(env));
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    const topic = name === "help" ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    print.out(topic ? commandHelp(topic, tr) : help(COMMANDS, tr));
    return name ? EXIT.done : EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    print.err(`${tr.t("cli.unknownCommand", { name })}\n\n${help(COMMANDS, tr)}`);
    return EXIT.usage;
  }
  let session: Session | undefined;
  try {
    const parsed = parseCommandLine(command, rest, tr);
    if (parsed.help) {
      print.out(commandHelp(command, tr));
      return EXIT.done;
    }
    session = openSession(parsed, { ...io, env }, print, tr);
    return await command.run(session.ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      print.err(`${error.message}\n${tr.t("cli.usage", { line: usageLine(command) })}`);
      return EXIT.usage;
    }
    print.err(error instanceof KurokoError ? error.message : String((error as Error).stack ?? error));
    return EXIT.failed;
  } finally {
    await session?.close();
  }
}

interface Session {
  ctx: CliContext<OptionSpecs>;
  /** Closes the database if the command opened it. */
  close(): Promise<void>;
}

/** What a command runs with: configuration, clock, model and database, each made once, when asked. */
function openSession(
  parsed: ParsedCommandLine,
  io: CliIo,
  print: Pick<CliIo, "out" | "err">,
  tr: Translator,
): Session {
  const env = io.env ?? readEnvironment();
  const config = loadConfig({ env });
  const now = io.now ?? (() => new Date());
  let db: OpenedDatabase | undefined;
  let models: HealthModels | undefined;
  const ctx: CliContext<OptionSpecs> = {
    args: parsed.args,
    options: parsed.options,
    json: parsed.options.json === true,
    config,
    env,
    now,
    today: todayIn(config.timezone, now()),
    model() {
      return ctx.models().default;
    },
    models() {
      models ??= loadHealthModels(config.healthModelPath);
      return models;
    },
    async database() {
      db ??= await openDatabase(config.database);
      return db;
    },
    out: print.out,
    err: print.err,
    tr,
  };
  return { ctx, close: async () => db?.close() };
}

/**
 * The language the CLI prints in: KUROKO_LOCALE as the configuration reads it (`en` when the
 * configuration cannot be read: its error is printed by the command, in English).
 */
function cliLocale(env: Record<string, string | undefined>): Locale {
  try {
    return loadConfig({ env }).locale.default;
  } catch {
    return localeOfTag(env.KUROKO_LOCALE) ?? "en";
  }
}
