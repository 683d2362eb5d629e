import type { PrismaClient, SqlQuery } from "../db/database.js";
import type { HealthModel } from "../health/model.js";
import type { HealthModels } from "../health/models.js";
import type { Locale } from "../i18n/locale.js";
import type { Logger } from "../log.js";
import type { FxRates } from "../money.js";
import type { Webhooks } from "../webhooks/emit.js";
import type { AlertRules } from "./rules.js";

/** What the alerts feature works with: built once in wiring.ts. */
export interface AlertDeps {
  prisma: PrismaClient;
  sql: SqlQuery;
  model: HealthModel;
  /** The models by segment (absent: `model` alone): the baseline's fingerprint covers them all. */
  models?: HealthModels;
  rules: AlertRules;
  /** The alerts channel; unset, alerts are recorded (owners hear of them in their morning DM). */
  channel?: string;
  /** The language of its channel posts and their thread lines (KUROKO_CHANNEL_LOCALE; default English). */
  locale?: Locale;
  /** The most messages one sweep posts to the alerts channel, summaries included (default 20). */
  maxPerRun?: number;
  /** Links each alert's account to its CRM record (`{external_id}`); unset: no link. */
  crmUrlTemplate?: string;
  /** Dated rates into the reporting currency, to compare ARR across currencies for severity. */
  fx?: FxRates;
  /** The team's time zone: "today" for an alert redrawn after a click (default UTC). */
  timezone?: string;
  onOutbox: () => void;
  /** Endpoints told of alerts opened, acknowledged and resolved (unset: none). */
  webhooks?: Webhooks;
  /** Where a sweep's warnings go (a failed statistics refresh). */
  logger?: Pick<Logger, "warn">;
}

export const DEFAULT_MAX_PER_RUN = 20;
