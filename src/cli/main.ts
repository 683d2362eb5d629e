import { loadConfig } from "../config.js";
import { type OpenedDatabase, openDatabase } from "../db/database.js";
import { KurokoError } from "../errors.js";
import type { HealthModel } from "../health/model.js";
import { loadHealthModel } from "../health/model-file.js";
import { todayIn } from "../time.js";
import { type CliContext, type CommandDefinition, EXIT, type OptionSpecs, UsageError } from "./command.js";
import { accountsCommand } from "./commands/accounts.js";
import { auditCommand } from "./commands/audit.js";
import { demoCommand } from "./commands/demo.js";
import { healthCommand } from "./commands/health.js";
import { importCommand } from "./commands/import.js";
import { migrateCommand } from "./commands/migrate.js";
import { requestsCommand } from "./commands/requests.js";
import { runJobCommand } from "./commands/run-job.js";
import { seedCommand } from "./commands/seed.js";
import { snapshotCommand } from "./commands/snapshot.js";
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
  requestsCommand,
  auditCommand,
  runJobCommand,
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
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    const topic = name === "help" ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    print.out(topic ? commandHelp(topic) : help(COMMANDS));
    return name ? EXIT.done : EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    print.err(`Unknown command "${name}".\n\n${help(COMMANDS)}`);
    return EXIT.usage;
  }
  let session: Session | undefined;
  try {
    const parsed = parseCommandLine(command, rest);
    if (parsed.help) {
      print.out(commandHelp(command));
      return EXIT.done;
    }
    session = openSession(parsed, io, print);
    return await command.run(session.ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      print.err(`${error.message}\nusage: ${usageLine(command)}`);
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
function openSession(parsed: ParsedCommandLine, io: CliIo, print: Pick<CliIo, "out" | "err">): Session {
  const config = loadConfig(io.env ? { env: io.env } : {});
  const now = io.now ?? (() => new Date());
  let db: OpenedDatabase | undefined;
  let model: HealthModel | undefined;
  const ctx: CliContext<OptionSpecs> = {
    args: parsed.args,
    options: parsed.options,
    json: parsed.options.json === true,
    config,
    now,
    today: todayIn(config.timezone, now()),
    model() {
      model ??= loadHealthModel(config.healthModelPath);
      return model;
    },
    async database() {
      db ??= await openDatabase(config.database);
      return db;
    },
    out: print.out,
    err: print.err,
  };
  return { ctx, close: async () => db?.close() };
}
