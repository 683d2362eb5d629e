import { type AlertDeps, runAlertSweep } from "../alerts/service.js";
import type { Config } from "../config.js";
import { runEscalations } from "../contracts/escalation.js";
import type { ContractDeps } from "../contracts/service.js";
import { flagOverdueRequests } from "../contracts/sla.js";
import { WAITING_ON_CS_OPS } from "../contracts/state.js";
import type { PrismaClient, SqlQuery } from "../db/database.js";
import { buildDigest } from "../digest/job.js";
import { chartUpload, weeklyDigestChart } from "../digest/weekly-chart.js";
import { KurokoError } from "../errors.js";
import type { HealthModel } from "../health/model.js";
import type { HealthModels } from "../health/models.js";
import { runSnapshot } from "../health/snapshot.js";
import type { Logger } from "../log.js";
import type { FxRates } from "../money.js";
import { type MorningDeps, runMorning } from "../morning/job.js";
import { type RenewalDeps, runRenewalReminders } from "../renewals/reminders.js";
import { type DeliveryResult, enqueue, UPLOAD_METHOD } from "../slack/outbox.js";
import { slackOwnerLookup } from "../slack/owner-lookup.js";
import { describeResult, runSync } from "../sync/run.js";
import { selectSources, type WarehouseSource } from "../sync/sources.js";
import { isoDay, todayIn } from "../time.js";
import type { RunHistory } from "./claims.js";

/** What jobs work with: built once (createApp, or the CLI) and passed in. */
export interface JobDeps {
  config: Config;
  prisma: PrismaClient;
  sql: SqlQuery;
  model: HealthModel;
  /** The models by segment (absent: `model` for every account): the snapshot scores each account by its own. */
  models?: HealthModels;
  logger: Logger;
  contracts: ContractDeps;
  alerts: AlertDeps;
  renewals: RenewalDeps;
  morning: MorningDeps;
  /** Rates into the reporting currency, for the digest's one total (fx-file.ts). */
  fx?: FxRates;
  /**
   * Delivers what the outbox has due (the bot: through its worker, one drain at a time);
   * undefined where no Slack token is configured.
   */
  deliver?: () => Promise<DeliveryResult>;
  /** Ask for delivery soon after enqueueing. */
  kick: () => void;
  /** The warehouse queries the sync job runs (KUROKO_SOURCES_PATH; unset: none). */
  sources: WarehouseSource[];
}

export interface JobContext {
  deps: JobDeps;
  /** The scheduled minute this run stands for. */
  slot: Date;
  now: Date;
  /** Print what would be sent; send and write nothing. */
  dryRun: boolean;
  report: (line: string) => void;
}

export type JobName = "snapshot" | "alerts" | "renewals" | "morning" | "digest" | "outbox" | "sla" | "sync";

export interface Job {
  name: JobName;
  cron: (config: Config) => string;
  /** A slot missed while every process was down is run on the next start if it was today's. */
  catchUpToday: boolean;
  /** How long its runs' rows are kept (job_runs). */
  history: RunHistory;
  /** Whether the scheduler runs it at all (default: yes); `kuroko run-job` runs it regardless. */
  scheduled?: (deps: JobDeps) => boolean;
  run(ctx: JobContext): Promise<Record<string, unknown>>;
}

/** A daily job's runs: a year of them (whether and when each morning ran). */
const DAILY_HISTORY: RunHistory = { doneDays: 400, failedDays: 400 };
/** A job run every few minutes: its last day, and its failures for a month. */
const FREQUENT_HISTORY: RunHistory = { doneDays: 1, failedDays: 30 };

const day = (ctx: JobContext) => todayIn(ctx.deps.config.timezone, ctx.slot);

/** The schedule: one table of jobs. */
export const JOBS: readonly Job[] = [
  // First: a catch-up pulls the warehouse before the portfolio is scored.
  {
    name: "sync",
    cron: (c) => c.schedule.sync,
    catchUpToday: true,
    history: DAILY_HISTORY,
    // Not scheduled at all without a sources file.
    scheduled: (deps) => deps.sources.length > 0,
    async run(ctx) {
      const { deps } = ctx;
      if (deps.sources.length === 0) {
        ctx.report("no sources to pull (KUROKO_SOURCES_PATH is not set)");
        return { sources: 0 };
      }
      const summary = await runSync(
        {
          prisma: deps.prisma,
          model: deps.model,
          timezone: deps.config.timezone,
          ownerLookup: slackOwnerLookup(deps.config),
        },
        selectSources(deps.sources),
        { dryRun: ctx.dryRun },
      );
      for (const result of summary.sources) {
        const line = describeResult(result, ctx.dryRun);
        ctx.report(line);
        if (result.error) deps.logger.error(`sync: ${line}`);
      }
      const sources = summary.sources.map(({ problems: _, ...result }) => result);
      // The others landed; the run is marked failed so that the failure is seen (and --force reruns it).
      if (summary.failed > 0)
        throw new KurokoError(
          `sync: ${summary.failed} of ${sources.length} sources failed: ${sources
            .filter((r) => r.error)
            .map((r) => `${r.source} (${r.error?.split("\n")[0]})`)
            .join("; ")}`,
        );
      return { sources };
    },
  },
  {
    name: "snapshot",
    cron: (c) => c.schedule.snapshot,
    catchUpToday: true,
    history: DAILY_HISTORY,
    async run(ctx) {
      if (ctx.dryRun) {
        ctx.report(`would score the portfolio for ${isoDay(day(ctx))} (sends nothing)`);
        return {};
      }
      const summary = await runSnapshot(ctx.deps.prisma, ctx.deps.models ?? ctx.deps.model, day(ctx));
      return { ...summary };
    },
  },
  {
    name: "alerts",
    cron: (c) => c.schedule.alerts,
    catchUpToday: true,
    history: DAILY_HISTORY,
    async run(ctx) {
      const summary = await runAlertSweep(ctx.deps.alerts, day(ctx), ctx.now, ctx.dryRun);
      for (const line of summary.wouldPost ?? []) ctx.report(`would post ${line}`);
      return { ...summary, wouldPost: summary.wouldPost?.length };
    },
  },
  {
    name: "renewals",
    cron: (c) => c.schedule.renewals,
    catchUpToday: true,
    history: DAILY_HISTORY,
    async run(ctx) {
      const result = await runRenewalReminders(ctx.deps.renewals, day(ctx), ctx.dryRun);
      for (const line of ctx.dryRun ? result.lines : []) ctx.report(`would remind: ${line}`);
      return { due: result.due, sent: result.sent, messages: result.messages };
    },
  },
  {
    name: "morning",
    cron: (c) => c.schedule.morning,
    catchUpToday: true,
    history: DAILY_HISTORY,
    async run(ctx) {
      const result = await runMorning(ctx.deps.morning, day(ctx), ctx.now, ctx.dryRun);
      for (const line of ctx.dryRun ? result.lines : []) ctx.report(`would DM ${line}`);
      return { people: result.people, alerts: result.alerts, renewals: result.renewals };
    },
  },
  {
    name: "digest",
    cron: (c) => c.schedule.digest,
    catchUpToday: true,
    history: DAILY_HISTORY,
    async run(ctx) {
      const { deps } = ctx;
      const channel = deps.config.channels.digest;
      const digest = await buildDigest(deps.prisma, deps.sql, deps.model, day(ctx), ctx.now, {
        fx: deps.fx,
        crmUrlTemplate: deps.config.crmUrlTemplate,
        // Read by everyone in the channel: KUROKO_CHANNEL_LOCALE.
        locale: deps.config.locale.channel,
      });
      // The week's first digest also shares the chart of ARR at risk over 90 days in its thread.
      const chart = await weeklyDigestChart(deps.prisma, deps.sql, day(ctx), {
        fx: deps.fx,
        locale: deps.config.locale.channel,
      });
      if (ctx.dryRun) {
        ctx.report(`would post to ${channel ?? "(KUROKO_DIGEST_CHANNEL is not set)"}: ${digest.main.text}`);
        for (const part of digest.thread)
          ctx.report(`  and in its thread: ${part.text} (${part.blocks.length} blocks)`);
        if (chart) ctx.report(`  and in its thread, the week's chart: ${chart.view.altText}`);
        return { day: digest.day, threadMessages: digest.thread.length, chart: chart !== undefined };
      }
      if (!channel) throw new KurokoError("The digest has nowhere to go: set KUROKO_DIGEST_CHANNEL.");
      const upload = chart && (await chartUpload(chart));
      await deps.prisma.$transaction(async (tx) => {
        const key = `digest:${isoDay(day(ctx))}`;
        const main = await enqueue(tx, {
          method: "chat.postMessage",
          channel,
          message: { ...digest.main },
          dedupeKey: key,
        });
        for (const [i, part] of digest.thread.entries()) {
          await enqueue(tx, {
            method: "chat.postMessage",
            channel,
            parentId: main,
            message: { ...part },
            dedupeKey: `${key}:${i + 1}`,
          });
        }
        if (chart && upload)
          await enqueue(tx, {
            method: UPLOAD_METHOD,
            channel,
            parentId: main,
            message: upload as unknown as Record<string, unknown>,
            dedupeKey: chart.key,
          });
      });
      deps.kick();
      return { day: digest.day, threadMessages: digest.thread.length, chart: upload !== undefined };
    },
  },
  {
    name: "sla",
    cron: (c) => c.schedule.sla,
    catchUpToday: false,
    history: FREQUENT_HISTORY,
    async run(ctx) {
      if (ctx.dryRun) {
        const due = await ctx.deps.prisma.contractRequest.count({
          where: {
            status: { in: [...WAITING_ON_CS_OPS] },
            slaDueAt: { lt: ctx.now },
            overdueFlaggedAt: null,
          },
        });
        ctx.report(`would flag ${due} overdue contract requests`);
        const ladder = await runEscalations(ctx.deps.contracts, ctx.now, { dryRun: true });
        ctx.report(`would fire ${ladder.due} escalation steps`);
        for (const line of ladder.lines) ctx.report(`  ${line}`);
        return { due, escalationsDue: ladder.due };
      }
      const flagged = await flagOverdueRequests(ctx.deps.contracts);
      // The escalation ladder (policy `escalation`): each step once per request and SLA due time.
      const { fired } = await runEscalations(ctx.deps.contracts, ctx.now);
      return { flagged, escalated: fired };
    },
  },
  {
    name: "outbox",
    cron: (c) => c.schedule.outbox,
    catchUpToday: false,
    history: FREQUENT_HISTORY,
    async run(ctx) {
      const pending = await ctx.deps.prisma.outboxMessage.count({ where: { status: "pending" } });
      if (ctx.dryRun || !ctx.deps.deliver) {
        ctx.report(
          `${pending} messages waiting${ctx.deps.deliver ? "" : " (no SLACK_BOT_TOKEN: nothing can be sent from here)"}`,
        );
        return { pending };
      }
      const { sent, failed } = await ctx.deps.deliver();
      return { sent, failed };
    },
  },
];

export function jobNamed(name: string): Job {
  const job = JOBS.find((j) => j.name === name);
  if (!job)
    throw new KurokoError(`Unknown job "${name}": the jobs are ${JOBS.map((j) => j.name).join(", ")}.`);
  return job;
}
