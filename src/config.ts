import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import cron from "node-cron";
import { z } from "zod";
import { KurokoError } from "./errors.js";
import { isCurrencyCode } from "./money.js";

/**
 * What each setting is for, in the words an operator needs when it is missing or wrong.
 * The same text documents `.env.example` and docs/configuration.md's table.
 */
export const SETTINGS_HELP = {
  SLACK_BOT_TOKEN: "the bot token (xoxb-...) from your Slack app's OAuth & Permissions page",
  SLACK_SIGNING_SECRET: "the signing secret from your Slack app's Basic Information page",
  SLACK_APP_TOKEN: "an app-level token (xapp-...) with connections:write; when set, Kuroko uses Socket Mode",
  SLACK_API_URL: "the Slack Web API base URL, e.g. http://127.0.0.1:4000/api/ (tests and proxies only)",
  PORT: "the HTTP port for /slack/events and /healthz (default 3000)",
  DATABASE_URL:
    "a PostgreSQL URL (postgresql://user:pass@host:5432/db); leave unset for the embedded database",
  KUROKO_DATA_DIR: "where the embedded database lives (default .data)",
  KUROKO_TIMEZONE: "the IANA time zone of schedules and dates, e.g. Asia/Tokyo (default UTC)",
  KUROKO_ALERTS_CHANNEL: "the channel id (C...) for at-risk alerts",
  KUROKO_DIGEST_CHANNEL: "the channel id (C...) for the daily at-risk digest",
  KUROKO_RENEWALS_CHANNEL: "the channel id (C...) for renewal reminders",
  KUROKO_CONTRACTS_CHANNEL: "the channel id (C...) of the CS Ops contracts queue",
  CS_OPS_APPROVER_IDS: "comma-separated Slack user ids (U...) who may assign and decide contract requests",
  CS_OPS_APPROVER_GROUP_ID: "a Slack user-group id (S...) whose members are CS Ops approvers",
  KUROKO_CRON_SNAPSHOT:
    'when to score the portfolio, as a cron expression in KUROKO_TIMEZONE (default "0 6 * * *")',
  KUROKO_CRON_ALERTS: 'when to sweep for at-risk alerts (default "15 6 * * *", after the snapshot)',
  KUROKO_CRON_RENEWALS: 'when to post renewal reminders to the renewals channel (default "0 8 * * 1-5")',
  KUROKO_CRON_MORNING:
    'when to send each person one "Your morning" DM: new alerts, renewals, requests waiting (default "10 8 * * 1-5")',
  KUROKO_CRON_DIGEST: 'when to post the daily at-risk digest (default "30 8 * * 1-5")',
  KUROKO_CRON_SLA: 'when to flag overdue contract requests (default "*/5 * * * *")',
  KUROKO_CRON_OUTBOX: 'when to retry undelivered Slack messages besides right away (default "* * * * *")',
  KUROKO_RENEWAL_WINDOWS: 'days before a renewal date to remind, comma-separated (default "90,60,30,7")',
  CONTRACT_POLICY_PATH:
    "a JSON or YAML approval policy (default: a second approver for large amounts and cancellations)",
  HEALTH_MODEL_PATH:
    "a JSON or YAML file with the health model (default: the built-in model; see docs/health-model.md)",
  KUROKO_ALERT_RULES_PATH:
    "a JSON or YAML file with the alert rules (default: the built-in rules; see docs/alerts.md)",
  KUROKO_CANDIDATE_MODEL_PATH:
    "a candidate health model (JSON or YAML) that /csops model compares with the one in force (unset: the current one alone; see docs/lab.md)",
  KUROKO_CANDIDATE_RULES_PATH:
    "candidate alert rules (JSON or YAML) that /csops model compares with those in force (unset: the rules in force; see docs/lab.md)",
  KUROKO_ALERTS_MAX_PER_RUN:
    "the most messages one alert sweep posts to the alerts channel, its summaries included (default 20)",
  KUROKO_CRM_URL_TEMPLATE:
    "a link to an account's CRM record, with {external_id} where its id goes, e.g. https://example.my.salesforce.com/{external_id} (unset: no link)",
  KUROKO_REPORTING_CURRENCY:
    "the currency totals are reported in, e.g. USD or JPY (with KUROKO_FX_RATES_PATH)",
  KUROKO_FX_RATES_PATH:
    "a JSON or YAML file of dated exchange rates into KUROKO_REPORTING_CURRENCY (see docs/configuration.md)",
  KUROKO_HOLIDAYS:
    "the country whose public holidays are days off for SLAs and reminders, e.g. JP or US (default: weekends only)",
  KUROKO_YEAR_END_BREAK:
    "on or off: 29 December to 3 January are days off (default on when KUROKO_HOLIDAYS is JP, else off)",
  KUROKO_DAYS_OFF_PATH:
    "a JSON or YAML file listing the company's own days off (dates or date ranges; see docs/contracts.md)",
  KUROKO_API_TOKENS:
    "bearer tokens for the ingest API (/api/v1), comma-separated name:token pairs, e.g. etl:<32 random characters>; unset: the API answers 401",
  KUROKO_API_RATE_PER_MINUTE: "calls per minute one API token may make before 429 (default 120)",
  KUROKO_SOURCES_PATH:
    "a YAML file of warehouse queries the sync job pulls accounts, metrics and outcomes from (see docs/data.md)",
  KUROKO_CRON_SYNC: 'when to pull from KUROKO_SOURCES_PATH (default "0 5 * * *", before the snapshot)',
  KUROKO_WEBHOOKS_PATH:
    "a YAML or JSON file mapping Kuroko's events to URLs that receive them, signed (see docs/webhooks.md)",
  KUROKO_LOCALE: "the language Kuroko speaks when it does not know the reader's, en or ja (default en)",
  KUROKO_CHANNEL_LOCALE: "the language of channel posts, en or ja (default KUROKO_LOCALE)",
  LOG_LEVEL: "debug, info, warn or error (default info)",
} as const;

export type SettingName = keyof typeof SETTINGS_HELP;

const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.output<T>) =>
  z.preprocess(blankToUndefined, schema.default(fallback as never));

const channelId = z
  .string()
  .trim()
  .regex(/^[CG][A-Z0-9]{6,}$/, "must be a channel id such as C0123456789 (not a #name)");

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const idList = (pattern: RegExp, example: string) =>
  z
    .string()
    .transform((raw) =>
      raw
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(pattern, `must be a comma-separated list of ids such as ${example}`)));

const cronExpression = z
  .string()
  .trim()
  .refine(
    (expression) => cron.validate(expression),
    "is not a cron expression (minute hour day month weekday, e.g. 30 8 * * 1-5)",
  );

const envSchema = z.object({
  SLACK_BOT_TOKEN: optional(z.string().trim().startsWith("xoxb-", "must start with xoxb-")),
  SLACK_SIGNING_SECRET: optional(z.string().trim().min(8, "looks too short to be a signing secret")),
  SLACK_APP_TOKEN: optional(z.string().trim().startsWith("xapp-", "must start with xapp-")),
  SLACK_API_URL: optional(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" })),
  PORT: withDefault(z.coerce.number().int().min(0).max(65535), 3000),
  DATABASE_URL: optional(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL (or unset for the embedded database)"),
  ),
  KUROKO_DATA_DIR: withDefault(z.string(), ".data"),
  KUROKO_TIMEZONE: withDefault(
    z.string().refine(isTimeZone, "is not an IANA time zone (e.g. Asia/Tokyo, Europe/Paris, UTC)"),
    "UTC",
  ),
  KUROKO_ALERTS_CHANNEL: optional(channelId),
  KUROKO_DIGEST_CHANNEL: optional(channelId),
  KUROKO_RENEWALS_CHANNEL: optional(channelId),
  KUROKO_CONTRACTS_CHANNEL: optional(channelId),
  CS_OPS_APPROVER_IDS: withDefault(idList(/^[UW][A-Z0-9]{6,}$/, "U0123456,U0456789"), []),
  CS_OPS_APPROVER_GROUP_ID: optional(
    z
      .string()
      .trim()
      .regex(/^S[A-Z0-9]{6,}$/, "must be a user-group id (S...)"),
  ),
  HEALTH_MODEL_PATH: optional(z.string().trim()),
  KUROKO_CRON_SNAPSHOT: withDefault(cronExpression, "0 6 * * *"),
  KUROKO_CRON_ALERTS: withDefault(cronExpression, "15 6 * * *"),
  KUROKO_CRON_RENEWALS: withDefault(cronExpression, "0 8 * * 1-5"),
  KUROKO_CRON_DIGEST: withDefault(cronExpression, "30 8 * * 1-5"),
  KUROKO_CRON_MORNING: withDefault(cronExpression, "10 8 * * 1-5"),
  KUROKO_CRON_SLA: withDefault(cronExpression, "*/5 * * * *"),
  KUROKO_CRON_OUTBOX: withDefault(cronExpression, "* * * * *"),
  KUROKO_RENEWAL_WINDOWS: withDefault(
    z
      .string()
      .transform((raw) => raw.split(",").map((d) => Number(d.trim())))
      .pipe(
        z
          .array(z.number().int().min(1).max(365), "must be whole days from 1 to 365, such as 90,60,30,7")
          .min(1),
      )
      .transform((days) => [...new Set(days)].sort((a, b) => b - a)),
    [90, 60, 30, 7],
  ),
  CONTRACT_POLICY_PATH: optional(z.string().trim()),
  KUROKO_ALERT_RULES_PATH: optional(z.string().trim()),
  KUROKO_CANDIDATE_MODEL_PATH: optional(z.string().trim()),
  KUROKO_CANDIDATE_RULES_PATH: optional(z.string().trim()),
  KUROKO_ALERTS_MAX_PER_RUN: withDefault(
    z.coerce
      .number()
      .int("must be a whole number")
      .min(2, "must be at least 2 (the baseline summary and the “N more” message may both be needed)")
      .max(500, "must be at most 500"),
    20,
  ),
  KUROKO_CRM_URL_TEMPLATE: optional(
    z
      .string()
      .trim()
      .refine((t) => /^https?:\/\//.test(t), "must be an http(s) URL")
      .refine(
        (t) => t.includes("{external_id}"),
        "must contain {external_id} where the account's CRM id goes",
      ),
  ),
  KUROKO_REPORTING_CURRENCY: optional(
    z
      .string()
      .trim()
      .transform((c) => c.toUpperCase())
      .pipe(z.string().refine(isCurrencyCode, "must be an ISO 4217 currency code such as USD, EUR or JPY")),
  ),
  KUROKO_FX_RATES_PATH: optional(z.string().trim()),
  KUROKO_HOLIDAYS: optional(
    z
      .string()
      .trim()
      .transform((c) => c.toUpperCase())
      .pipe(
        z
          .string()
          .regex(
            /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/,
            "must be a country code such as JP or US (or JP-13 for a region)",
          ),
      ),
  ),
  KUROKO_YEAR_END_BREAK: optional(
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(["on", "off", "true", "false"], "must be on or off"))
      .transform((v) => v === "on" || v === "true"),
  ),
  KUROKO_DAYS_OFF_PATH: optional(z.string().trim()),
  KUROKO_API_TOKENS: withDefault(
    z
      .string()
      .transform((raw) =>
        raw
          .split(",")
          .map((pair) => pair.trim())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(
            z
              .string()
              .regex(
                /^[A-Za-z0-9_.-]{1,40}:[\x21-\x7e]{24,}$/,
                "must be comma-separated name:token pairs, each token at least 24 printable characters (e.g. etl:<32 random characters>)",
              ),
          )
          .transform((pairs) =>
            pairs.map((pair) => {
              const at = pair.indexOf(":");
              return { name: pair.slice(0, at), token: pair.slice(at + 1) };
            }),
          )
          .refine(
            (tokens) => new Set(tokens.map((t) => t.name)).size === tokens.length,
            "names each token once (two tokens share a name)",
          ),
      ),
    [],
  ),
  KUROKO_API_RATE_PER_MINUTE: withDefault(z.coerce.number().int().min(1).max(100_000), 120),
  KUROKO_SOURCES_PATH: optional(z.string().trim()),
  KUROKO_CRON_SYNC: withDefault(cronExpression, "0 5 * * *"),
  KUROKO_WEBHOOKS_PATH: optional(z.string().trim()),
  KUROKO_LOCALE: withDefault(z.enum(["en", "ja"], { error: "must be en or ja" }), "en"),
  KUROKO_CHANNEL_LOCALE: optional(z.enum(["en", "ja"], { error: "must be en or ja" })),
  LOG_LEVEL: withDefault(z.enum(["debug", "info", "warn", "error"]), "info"),
});

type Env = z.infer<typeof envSchema>;

/** Kuroko's configuration, parsed and checked once at start-up. */
export interface Config {
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
  };
  port: number;
  database: { url?: string; dataDir: string };
  timezone: string;
  channels: { alerts?: string; digest?: string; renewals?: string; contracts?: string };
  approvers: { userIds: string[]; groupId?: string };
  healthModelPath?: string;
  /** Cron expressions (in `timezone`) of the scheduled jobs. */
  schedule: {
    snapshot: string;
    alerts: string;
    renewals: string;
    digest: string;
    morning: string;
    sla: string;
    outbox: string;
    sync: string;
  };
  /** The ingest API: its bearer tokens (named, for the access log) and each token's rate. */
  api: { tokens: { name: string; token: string }[]; ratePerMinute: number };
  /** The warehouse queries the sync job runs (unset: no sync). */
  sourcesPath?: string;
  /** Where Kuroko's events are delivered (unset: none). */
  webhooksPath?: string;
  /** Days before a renewal date when reminders go out, largest first. */
  renewalWindows: number[];
  contractPolicyPath?: string;
  alerts: {
    /** A JSON or YAML file of alert rules (unset: the defaults). */
    rulesPath?: string;
    /** The most messages one sweep posts to the alerts channel, summaries included. */
    maxPerRun: number;
  };
  /** `/csops model`'s candidate: a health model and alert rules files (either unset: the one in force). */
  lab: { candidateModelPath?: string; candidateRulesPath?: string };
  /** The CRM record's URL, `{external_id}` standing for the account's CRM id. */
  crmUrlTemplate?: string;
  /** One reporting currency and dated rates into it (both unset: per-currency sums). */
  reporting: { currency?: string; fxRatesPath?: string };
  /** Which days are business days: weekends off, plus a country's holidays and the company's days off. */
  calendar: {
    /** A country (or country-region) code for date-holidays, e.g. JP. */
    holidays?: string;
    /** 29 December – 3 January off (default: on for JP). */
    yearEndBreak: boolean;
    daysOffPath?: string;
  };
  /** The language when the reader's is unknown (the CLI's too), and that of channel posts. */
  locale: { default: "en" | "ja"; channel: "en" | "ja" };
  logLevel: "debug" | "info" | "warn" | "error";
}

/** What an entry point needs beyond the database: the bot needs Slack credentials, the CLI does not. */
export type Requirement = "slack";

export class ConfigError extends KurokoError {
  constructor(readonly problems: string[]) {
    super(
      `Kuroko's configuration is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}\n` +
        "Set these in the environment or in .env (see .env.example).",
    );
  }
}

const describeSetting = (name: string) =>
  name in SETTINGS_HELP ? `set it to ${SETTINGS_HELP[name as SettingName]}` : "";

/**
 * Parses the environment. Every problem is reported at once, each with what to set.
 * `env` defaults to `.env` (if present) overlaid by the process environment.
 */
export function loadConfig(
  options: { env?: Record<string, string | undefined>; require?: Requirement[] } = {},
) {
  const env = options.env ?? readEnvironment();
  const problems: string[] = [];
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]);
      problems.push(`${name} ${issue.message} (${describeSetting(name)})`);
    }
  }
  if (options.require?.includes("slack")) {
    const missing = (name: SettingName) => {
      if (blankToUndefined(env[name]) === undefined)
        problems.push(`${name} is missing: ${describeSetting(name)}`);
    };
    missing("SLACK_BOT_TOKEN");
    // Socket Mode authenticates with the app token; HTTP mode verifies requests with the secret.
    if (blankToUndefined(env.SLACK_APP_TOKEN) === undefined) missing("SLACK_SIGNING_SECRET");
  }
  if (blankToUndefined(env.KUROKO_FX_RATES_PATH) && !blankToUndefined(env.KUROKO_REPORTING_CURRENCY))
    problems.push(
      `KUROKO_FX_RATES_PATH is set but KUROKO_REPORTING_CURRENCY is not: ${describeSetting("KUROKO_REPORTING_CURRENCY")}`,
    );
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return toConfig(parsed.data);
}

function toConfig(env: Env): Config {
  return {
    slack: {
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      appToken: env.SLACK_APP_TOKEN,
      apiUrl: env.SLACK_API_URL,
    },
    port: env.PORT,
    database: { url: env.DATABASE_URL, dataDir: env.KUROKO_DATA_DIR },
    timezone: env.KUROKO_TIMEZONE,
    channels: {
      alerts: env.KUROKO_ALERTS_CHANNEL,
      digest: env.KUROKO_DIGEST_CHANNEL,
      renewals: env.KUROKO_RENEWALS_CHANNEL,
      contracts: env.KUROKO_CONTRACTS_CHANNEL,
    },
    approvers: { userIds: env.CS_OPS_APPROVER_IDS, groupId: env.CS_OPS_APPROVER_GROUP_ID },
    healthModelPath: env.HEALTH_MODEL_PATH,
    schedule: {
      snapshot: env.KUROKO_CRON_SNAPSHOT,
      alerts: env.KUROKO_CRON_ALERTS,
      renewals: env.KUROKO_CRON_RENEWALS,
      digest: env.KUROKO_CRON_DIGEST,
      morning: env.KUROKO_CRON_MORNING,
      sla: env.KUROKO_CRON_SLA,
      outbox: env.KUROKO_CRON_OUTBOX,
      sync: env.KUROKO_CRON_SYNC,
    },
    api: { tokens: env.KUROKO_API_TOKENS, ratePerMinute: env.KUROKO_API_RATE_PER_MINUTE },
    sourcesPath: env.KUROKO_SOURCES_PATH,
    webhooksPath: env.KUROKO_WEBHOOKS_PATH,
    renewalWindows: env.KUROKO_RENEWAL_WINDOWS,
    contractPolicyPath: env.CONTRACT_POLICY_PATH,
    alerts: { rulesPath: env.KUROKO_ALERT_RULES_PATH, maxPerRun: env.KUROKO_ALERTS_MAX_PER_RUN },
    lab: {
      candidateModelPath: env.KUROKO_CANDIDATE_MODEL_PATH,
      candidateRulesPath: env.KUROKO_CANDIDATE_RULES_PATH,
    },
    crmUrlTemplate: env.KUROKO_CRM_URL_TEMPLATE,
    reporting: { currency: env.KUROKO_REPORTING_CURRENCY, fxRatesPath: env.KUROKO_FX_RATES_PATH },
    calendar: {
      holidays: env.KUROKO_HOLIDAYS,
      yearEndBreak: env.KUROKO_YEAR_END_BREAK ?? env.KUROKO_HOLIDAYS?.startsWith("JP") ?? false,
      daysOffPath: env.KUROKO_DAYS_OFF_PATH,
    },
    locale: { default: env.KUROKO_LOCALE, channel: env.KUROKO_CHANNEL_LOCALE ?? env.KUROKO_LOCALE },
    logLevel: env.LOG_LEVEL,
  };
}

/** `.env` in the working directory (for local runs), overridden by the real environment. */
export function readEnvironment(path = ".env"): Record<string, string | undefined> {
  const fromFile = existsSync(path) ? parseEnv(readFileSync(path, "utf8")) : {};
  return { ...fromFile, ...process.env };
}
