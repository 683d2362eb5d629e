import { parseArgs } from "node:util";
import { type Config, loadConfig } from "../config.js";
import { type OpenedDatabase, openDatabase } from "../db/database.js";
import { KurokoError } from "../errors.js";
import type { HealthModel } from "../health/model.js";
import { loadHealthModel } from "../health/model-file.js";
import { todayIn } from "../time.js";
import { runAccounts, runDemo, runImport, runSeed } from "./accounts-commands.js";
import { runAudit, runRequests } from "./contract-commands.js";
import { runHealth, runSnapshotCommand } from "./health-commands.js";
import { runJobCommand } from "./job-commands.js";
import { terminalSafe } from "./output.js";

/** What every command gets: parsed flags, the configuration, and a way to open the database. */
export interface CliContext {
  args: string[];
  flags: Record<string, string | boolean | undefined>;
  json: boolean;
  config: Config;
  today: Date;
  /** The health model in force (HEALTH_MODEL_PATH or the default). */
  model(): HealthModel;
  /** Opens (and migrates) the database; the CLI closes it after the command. */
  database(): Promise<OpenedDatabase>;
  out(text: string): void;
  err(text: string): void;
}

export class UsageError extends KurokoError {}

interface Command {
  summary: string;
  usage: string;
  run(ctx: CliContext): Promise<void>;
}

const COMMANDS: Record<string, Command> = {
  migrate: {
    summary: "bring the database schema up to date (every command also does it first)",
    usage: "kuroko migrate [--json]",
    async run(ctx) {
      const db = await ctx.database();
      const applied = db.migrated;
      if (ctx.json) ctx.out(JSON.stringify({ database: db.description, applied }));
      else ctx.out(applied.length ? `Applied: ${applied.join(", ")}` : `Up to date (${db.description}).`);
    },
  },
  seed: {
    summary: "load the demo portfolio (safe to run twice)",
    usage: "kuroko seed [--accounts N] [--json]",
    run: runSeed,
  },
  import: {
    summary: "import accounts or metrics from a CSV file (all rows or none)",
    usage: "kuroko import accounts|metrics FILE.csv [--encoding utf8|sjis] [--json]",
    run: runImport,
  },
  accounts: {
    summary: "list the portfolio",
    usage: "kuroko accounts [--renewing-within DAYS] [--limit N] [--json]",
    run: runAccounts,
  },
  health: {
    summary: "an account's health card as text",
    usage: "kuroko health <account name, domain or CRM id> [--json]",
    run: runHealth,
  },
  snapshot: {
    summary: "score the whole portfolio and store today's snapshots (idempotent)",
    usage: "kuroko snapshot [--date YYYY-MM-DD] [--json]",
    run: runSnapshotCommand,
  },
  requests: {
    summary: "list contract requests, soonest SLA first",
    usage: "kuroko requests [--status submitted,in_review,...] [--json]",
    run: runRequests,
  },
  audit: {
    summary: "a contract request's audit trail, or a CSV export of a date range",
    usage: "kuroko audit CR-1042 [--json] | kuroko audit --from YYYY-MM-DD --to YYYY-MM-DD --csv FILE",
    run: runAudit,
  },
  "run-job": {
    summary: "run a scheduled job now (snapshot, digest, sla, outbox), once across machines",
    usage: "kuroko run-job <snapshot|digest|sla|outbox> [--force] [--dry-run] [--json]",
    run: runJobCommand,
  },
  demo: {
    summary: "seed the embedded database and show what Kuroko sees",
    usage: "kuroko demo [--accounts N] [--json]",
    run: runDemo,
  },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    "kuroko: Kuroko's command line (CS Ops in Slack).",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
    "Usage:",
    ...Object.values(COMMANDS).map((c) => `  ${c.usage}`),
    "",
    "Every command that prints data takes --json. The database is the embedded one in",
    "KUROKO_DATA_DIR, or PostgreSQL when DATABASE_URL is set.",
  ].join("\n");
}

/** Runs one command line; returns the exit code. */
export async function runCli(
  argv: string[],
  io: { out(text: string): void; err(text: string): void; env?: Record<string, string | undefined> } = {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  },
): Promise<number> {
  // Whatever a command prints passes the terminal guard: stored text (names, comments, audit
  // details) may hold control characters, which must reach the screen as text.
  const print = {
    out: (text: string) => io.out(terminalSafe(text)),
    err: (text: string) => io.err(terminalSafe(text)),
  };
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    print.out(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    print.err(`Unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  let db: OpenedDatabase | undefined;
  let model: HealthModel | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: "boolean" },
        accounts: { type: "string" },
        encoding: { type: "string" },
        limit: { type: "string" },
        "renewing-within": { type: "string" },
        date: { type: "string" },
        status: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        csv: { type: "string" },
        force: { type: "boolean" },
        "dry-run": { type: "boolean" },
      },
    });
    const config = loadConfig(io.env ? { env: io.env } : {});
    const ctx: CliContext = {
      args: positionals,
      flags: values,
      json: values.json === true,
      config,
      today: todayIn(config.timezone),
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
    await command.run(ctx);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      print.err(`${(error as Error).message}\nusage: ${command.usage}`);
      return 2;
    }
    print.err(error instanceof KurokoError ? error.message : String((error as Error).stack ?? error));
    return 1;
  } finally {
    await db?.close();
  }
}

/** Parses a positive whole-number flag. */
export function intFlag(ctx: CliContext, name: string, fallback: number, max = 1_000_000): number {
  const raw = ctx.flags[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}, not "${raw}".`);
  }
  return value;
}
