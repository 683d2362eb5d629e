import type { WebClient } from "@slack/web-api";
import { loadAlertRules } from "./alerts/rules-file.js";
import type { AlertDeps } from "./alerts/service.js";
import { buildCalendar } from "./calendar/calendar.js";
import { type Config, readEnvironment } from "./config.js";
import type { ContractDeps } from "./contracts/service.js";
import type { ApprovalPolicy } from "./contracts/state.js";
import type { Database, PrismaClient, SqlQuery } from "./db/database.js";
import { loadFxRates } from "./fx-file.js";
import type { HealthModel } from "./health/model.js";
import { type HealthModels, singleModel } from "./health/models.js";
import type { JobDeps } from "./jobs/schedule.js";
import { type LabVariants, loadLabVariants } from "./lab/candidate-file.js";
import type { Logger } from "./log.js";
import type { FxRates } from "./money.js";
import type { MorningDeps } from "./morning/job.js";
import type { RenewalDeps } from "./renewals/reminders.js";
import { type Approvers, createApprovers } from "./slack/approvers.js";
import { type LocaleResolver, slackLocales } from "./slack/locale.js";
import type { DeliveryResult } from "./slack/outbox.js";
import type { HttpSender } from "./slack/outbox-delivery.js";
import { loadSources } from "./sync/sources-file.js";
import { createWebhookSender } from "./webhooks/deliver.js";
import type { Webhooks } from "./webhooks/emit.js";
import { loadWebhooks } from "./webhooks/file.js";

/** What everything is built from: made once by an entry point (the bot, the CLI, a test). */
export interface Core {
  config: Config;
  db: Database;
  logger: Logger;
  /** The current instant; tests and the CLI pass their own. */
  clock: () => Date;
  /** The default health model: an account's own is `models.modelFor(segment)`. */
  model: HealthModel;
  /** The models by segment (HEALTH_MODEL_PATH); absent: `model` for every account. */
  models?: HealthModels;
  policy: ApprovalPolicy;
  /** Reads Slack for Kuroko's own checks (the approvers' user group). */
  slack: WebClient;
  /** This process's outbox: `kick` after a change enqueued messages; `drain` delivers what is due now. */
  outbox: { kick(): void; drain?(): Promise<DeliveryResult> };
}

/** Every feature's dependencies, built once from the core. */
export interface Wired {
  config: Config;
  /** The team's time zone (config.timezone), for listeners' "today". */
  timezone: string;
  logger: Logger;
  clock: () => Date;
  model: HealthModel;
  /** Every account's model: the snapshot, the card, the API and the alert baseline's fingerprint use it. */
  models: HealthModels;
  policy: ApprovalPolicy;
  prisma: PrismaClient;
  /** Raw reads for hot paths (see Database.query). */
  sql: SqlQuery;
  approvers: Approvers;
  outbox: Core["outbox"];
  contracts: ContractDeps;
  alerts: AlertDeps;
  renewals: RenewalDeps;
  morning: MorningDeps;
  jobs: JobDeps;
  /** Rates into `config.reporting.currency` (KUROKO_FX_RATES_PATH), checked at start-up; unset: none. */
  fx?: FxRates;
  /** The webhook endpoints (KUROKO_WEBHOOKS_PATH; unset: none) and the outbox's sender for them. */
  webhooks: Webhooks & { sender?: HttpSender };
  /** Each reader's language, from Slack (users.info include_locale), cached; KUROKO_LOCALE when unknown. */
  locales: LocaleResolver;
  /** `/csops model`'s model and rules in force and its candidate (KUROKO_CANDIDATE_*_PATH), checked at start-up. */
  lab: LabVariants;
}

/** The one wiring: the Bolt app, the scheduler, the CLI and the playground all call it. */
export function wire(core: Core): Wired {
  const { config, db, logger, clock, model, policy, outbox } = core;
  const models = core.models ?? singleModel(model);
  // A wrong rates file stops start-up here, with every problem listed (the bot, the CLI, the playground).
  const fx = loadFxRates(config.reporting);
  const approvers = createApprovers(config.approvers, core.slack, logger, clock);
  // A wrong country or days-off file stops start-up here too, every problem listed.
  const calendar = buildCalendar(config);
  // A wrong webhooks file, or a signing secret's variable not set, stops start-up too.
  const endpoints = loadWebhooks(config.webhooksPath, config.webhooksPath ? readEnvironment() : {});
  const webhooks = {
    endpoints,
    ...(endpoints.length > 0 ? { sender: createWebhookSender(endpoints) } : {}),
  };
  // Each reader's language: the contracts' modals and DMs ask it too (docs/i18n.md).
  const locales = slackLocales(core.slack, {
    fallback: config.locale.default,
    now: () => clock().getTime(),
    logger,
  });
  const contracts: ContractDeps = {
    prisma: db.prisma,
    sql: db.query,
    timezone: config.timezone,
    policy,
    approvers,
    clock,
    logger,
    queueChannel: config.channels.contracts,
    model,
    crmUrlTemplate: config.crmUrlTemplate,
    onOutbox: outbox.kick,
    calendar,
    csOps: config.approvers,
    webhooks,
    locales,
    locale: config.locale,
  };
  const alerts: AlertDeps = {
    prisma: db.prisma,
    sql: db.query,
    model,
    models,
    rules: loadAlertRules(config.alerts.rulesPath),
    channel: config.channels.alerts,
    locale: config.locale.channel,
    maxPerRun: config.alerts.maxPerRun,
    crmUrlTemplate: config.crmUrlTemplate,
    timezone: config.timezone,
    fx,
    onOutbox: outbox.kick,
    webhooks,
    logger,
  };
  // Wrong candidate files stop start-up here too.
  const lab = loadLabVariants(config.lab, { model, rules: alerts.rules });
  const renewals: RenewalDeps = {
    prisma: db.prisma,
    windows: config.renewalWindows,
    channel: config.channels.renewals,
    locale: config.locale.channel,
    model,
    crmUrlTemplate: config.crmUrlTemplate,
    fx,
    calendar,
    onOutbox: outbox.kick,
    webhooks,
    logger,
  };
  const morning: MorningDeps = {
    prisma: db.prisma,
    waiting: { approvers, policy },
    model,
    crmUrlTemplate: config.crmUrlTemplate,
    fx,
    onOutbox: outbox.kick,
    // Each DM in its recipient's language.
    locales,
    locale: config.locale.default,
  };
  const jobs: JobDeps = {
    config,
    prisma: db.prisma,
    sql: db.query,
    model,
    models,
    logger,
    contracts,
    alerts,
    renewals,
    morning,
    fx,
    deliver: outbox.drain,
    kick: outbox.kick,
    // A wrong sources file, or a database URL's variable not set, stops start-up too.
    sources: loadSources(config.sourcesPath, config.sourcesPath ? readEnvironment() : {}),
  };
  return {
    config,
    timezone: config.timezone,
    logger,
    clock,
    model,
    models,
    policy,
    prisma: db.prisma,
    sql: db.query,
    approvers,
    outbox,
    contracts,
    alerts,
    renewals,
    morning,
    jobs,
    fx,
    webhooks,
    locales,
    lab,
  };
}
