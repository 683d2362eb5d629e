import { driverTransactionOf } from "../db/database.js";
import type { CauseFacts } from "../health/alert-reason.js";
import type { AccountContext } from "../health/context.js";
import type { ContextOptions } from "../health/context-view.js";
import type { Locale } from "../i18n/locale.js";
import { enqueue } from "../slack/outbox.js";
import { isoDay } from "../time.js";
import { emitWebhookEvent } from "../webhooks/emit.js";
import { wants } from "../webhooks/events.js";
import { alertEventData } from "../webhooks/payloads.js";
import type { AlertDeps } from "./deps.js";
import { postAlert } from "./messages.js";
import {
  type AlertRecord,
  createAlert,
  createAlerts,
  findAlert,
  hasOpenAlert,
  lockRaising,
  recordBaseline,
  type SweepSubject,
} from "./repository.js";
import { bySeverity, channelSplit } from "./severity.js";
import {
  baselineHeadline,
  buildBaselineSummary,
  buildBaselineThread,
  buildMoreAlerts,
  buildMoreThread,
  LISTED_IN_THREAD,
  type ListedAccount,
} from "./summary-views.js";

/**
 * What a sweep posts, and in what order: the baseline's summary, then the alerts most severe
 * first up to the cap, then one "N more" message for the rest (docs/alerts.md).
 */

/** An alert the sweep raises. */
export interface Candidate {
  /** Only what is posted and recorded: a sweep may keep ~100,000 candidates at a million accounts. */
  subject: Pick<SweepSubject, "accountId" | "score" | "band">;
  key: string;
  cause: string;
  reason: string;
  /** Every condition that holds, as facts (each reader's language). */
  causes: CauseFacts[];
  context?: AccountContext;
  /** Comparable ARR (severity and its ties). */
  arr: number;
  name: string;
  severity: number;
}

/** An account a baseline records. */
export interface BaselineAccount extends ListedAccount {
  accountId: number;
  red: boolean;
  renewalAtRisk: boolean;
}

export interface SweepPlan {
  /** Most severe first. */
  ordered: Candidate[];
  baseline: BaselineAccount[];
  baselineDue: boolean;
  firstBaseline: boolean;
  channel?: string;
  cap: number;
  /** Top-level messages planned for the alerts channel. */
  channelMessages: number;
  /** A dry run's lines: what would be posted, in order. */
  describe(): string[];
}

const counts = (plan: Pick<SweepPlan, "baseline" | "firstBaseline">) => ({
  red: plan.baseline.filter((a) => a.red).length,
  renewalsAtRisk: plan.baseline.filter((a) => a.renewalAtRisk).length,
  listed: plan.baseline.length,
  first: plan.firstBaseline,
});

export function planSweep(
  input: Omit<SweepPlan, "ordered" | "channelMessages" | "describe"> & {
    candidates: Candidate[];
  },
): SweepPlan {
  const ordered = [...input.candidates].sort(bySeverity);
  const baselineSummary = input.baselineDue && input.baseline.length > 0;
  const split = channelSplit(ordered.length, input.cap, baselineSummary);
  const plan: SweepPlan = {
    ...input,
    ordered,
    channelMessages: input.channel ? split.messages : 0,
    describe() {
      const where = input.channel ?? "no channel (KUROKO_ALERTS_CHANNEL is not set): recorded only";
      const lines: string[] = [];
      if (baselineSummary)
        lines.push(
          `to ${where}: baseline: ${baselineHeadline(counts(plan))}; Kuroko alerts on changes from now on (${plan.baseline.length} accounts listed in its thread)`,
        );
      ordered.forEach((c, i) => {
        const own = i < split.individual;
        lines.push(
          `${own ? `to ${where}` : "in the “more” thread"}: [severity ${c.severity}] ${c.name}: ${c.reason}`,
        );
      });
      if (split.more)
        lines.push(
          `to ${where}: ${ordered.length - split.individual} more alerts today (listed in its thread)`,
        );
      return lines;
    },
  };
  return plan;
}

/** Posts a message and its thread in one transaction, each under its own dedupe key. */
async function postWithThread(
  tx: Parameters<typeof enqueue>[0],
  channel: string,
  key: string,
  main: { text: string; blocks: unknown[] },
  thread: { text: string; blocks: unknown[] }[],
) {
  const parentId = await enqueue(tx, {
    method: "chat.postMessage",
    channel,
    message: { ...main },
    dedupeKey: key,
  });
  for (const [i, part] of thread.entries())
    await enqueue(tx, {
      method: "chat.postMessage",
      channel,
      parentId,
      message: { ...part },
      dedupeKey: `${key}:${i + 1}`,
    });
}

/** What an alert records of its candidate. */
const alertOf = (c: Candidate, whys: Map<number, string | undefined>) => ({
  accountId: c.subject.accountId,
  cause: c.cause,
  dedupeKey: c.key,
  reason: c.reason,
  severity: c.severity,
  details: { why: whys.get(c.subject.accountId), causes: c.causes },
});

/** Alerts without a message of their own written in one transaction (see deliverSweep). */
const MORE_PER_TRANSACTION = 500;
/** The same, when no webhook endpoint follows them: one statement each, through the driver. */
const MORE_PER_STATEMENT = 5_000;

/**
 * A transaction whose size grows with the portfolio (a baseline of every account already in a
 * bad state; its thread) gets longer than Prisma's 5 s default: at 100,000 accounts the
 * baseline's outlasted it.
 */
const LARGE_TRANSACTION = { maxWait: 30_000, timeout: 10 * 60_000 };

/** Records the baseline and the alerts, and enqueues the channel's messages in order. */
export async function deliverSweep(
  deps: AlertDeps,
  plan: SweepPlan,
  at: {
    day: Date;
    fingerprint: string;
    options: ContextOptions;
    /** The one-line "why" of each account named, in one read. */
    whys: (accountIds: number[], locale?: Locale) => Promise<Map<number, string | undefined>>;
  },
): Promise<{ raised: number; channelMessages: number }> {
  const { channel } = plan;
  let summaries = 0;
  if (plan.baselineDue) {
    const posted = await deps.prisma.$transaction(async (tx) => {
      const entries = plan.baseline.map(({ accountId, red, renewalAtRisk }) => ({
        accountId,
        red,
        renewalAtRisk,
      }));
      // The unique fingerprint decides between two sweeps at once: only the one that wrote it posts.
      if (!(await recordBaseline(tx, at.fingerprint, at.day, entries))) return false;
      if (!channel || plan.baseline.length === 0) return false;
      await postWithThread(
        tx,
        channel,
        `alerts:baseline:${at.fingerprint}`,
        buildBaselineSummary(counts(plan), at.options.locale),
        buildBaselineThread(plan.baseline, at.day, at.options.model, at.options.locale),
      );
      return true;
    }, LARGE_TRANSACTION);
    if (posted) summaries++;
  }

  const split = channelSplit(plan.ordered.length, plan.cap, summaries > 0);
  // The "N more" thread lists the first LISTED_IN_THREAD (most severe first) and counts the rest.
  const more: ListedAccount[] = [];
  let moreCount = 0;
  let raised = 0;
  let individual = 0;
  let firstMore: number | undefined;
  // An alert with its own message is written with it, one transaction each (at most the cap).
  // The rest, recorded and listed in the "N more" thread, go MORE_PER_TRANSACTION to a
  // transaction: at 75,000 alerts (a first morning on a million accounts) one commit each was
  // most of the sweep's time.
  const ownMessage = (i: number) => channel !== undefined && i < split.individual;
  const opened = (tx: Parameters<typeof emitWebhookEvent>[0], alert: AlertRecord) =>
    emitWebhookEvent(tx, deps.webhooks, {
      type: "alert.opened",
      key: `alert:${alert.id}:opened`,
      at: alert.createdAt,
      accountId: alert.accountId,
      data: alertEventData(alert),
    });
  // An endpoint that follows alert.opened gets each alert in full, read back in the transaction.
  const followed = (deps.webhooks?.endpoints ?? []).some((e) => wants(e.events, "alert.opened"));
  const perTransaction = followed ? MORE_PER_TRANSACTION : MORE_PER_STATEMENT;
  const batches: [number, Candidate][][] = [];
  for (const [i, c] of plan.ordered.entries()) {
    const last = batches.at(-1);
    if (!ownMessage(i) && last && last.length < perTransaction && !ownMessage(last[0]![0])) last.push([i, c]);
    else batches.push([[i, c]]);
  }
  for (const batch of batches) {
    // The explanation as of the sweep's day, not the wall clock (a catch-up run may be late):
    // drawn in the alert's own message only, so read for those alone (reading it for the 80,000
    // alerts of a first morning on a million accounts took most of the sweep).
    const own = ownMessage(batch[0]![0]);
    const whys = own
      ? await at.whys(batch.map(([, c]) => c.subject.accountId))
      : new Map<number, undefined>();
    // A message in another language explains the change in it too (the one recorded is English).
    const locale = at.options.locale ?? "en";
    const localWhys =
      own && locale !== "en"
        ? await at.whys(
            batch.map(([, c]) => c.subject.accountId),
            locale,
          )
        : undefined;
    const created = ownMessage(batch[0]![0])
      ? await deps.prisma.$transaction(async (tx) => {
          const [[i, c]] = batch as [[number, Candidate]];
          // One open alert per account, even when two sweeps race: the second finds the first's row.
          await lockRaising(tx);
          if (await hasOpenAlert(tx, c.subject.accountId)) return [];
          const alert = await createAlert(tx, alertOf(c, whys));
          const health = { score: c.subject.score, band: c.subject.band };
          if (channel)
            await postAlert(
              tx,
              alert,
              { health, context: c.context, options: at.options, why: localWhys?.get(c.subject.accountId) },
              channel,
            );
          await opened(tx, alert);
          return [[i, c, alert.id] as const];
        })
      : !followed
        ? // Nobody follows alerts: one statement straight through the driver (a batch's JSON costs
          // Prisma's raw statements several times the insert), the same rule as below.
          await driverTransactionOf(deps.prisma)(async (tx) => {
            await lockRaising(tx);
            const byAccount = new Map(batch.map(([i, c]) => [c.subject.accountId, [i, c] as const]));
            const rows = await createAlerts(
              tx,
              batch.map(([, c]) => alertOf(c, whys)),
            );
            return rows.map(({ id, accountId }) => [...byAccount.get(accountId)!, id] as const);
          })
        : // The same rule in one statement (createAlerts skips an account with an open alert).
          await deps.prisma.$transaction(async (tx) => {
            await lockRaising(tx);
            const byAccount = new Map(batch.map(([i, c]) => [c.subject.accountId, [i, c] as const]));
            const rows = await createAlerts(
              tx,
              batch.map(([, c]) => alertOf(c, whys)),
            );
            // Read back only when an endpoint follows alerts: the event carries the whole alert.
            if (deps.webhooks?.endpoints.length)
              for (const { id } of rows) {
                const alert = await findAlert(tx, id);
                if (alert) await opened(tx, alert);
              }
            return rows.map(({ id, accountId }) => [...byAccount.get(accountId)!, id] as const);
          }, LARGE_TRANSACTION);
    for (const [i, c, alertId] of created) {
      raised++;
      if (ownMessage(i)) individual++;
      else if (channel) {
        firstMore ??= alertId;
        moreCount++;
        if (more.length < LISTED_IN_THREAD)
          more.push({
            name: c.name,
            score: c.subject.score,
            band: c.subject.band,
            context: c.context,
            reason: c.reason,
            causes: c.causes,
          });
      }
    }
  }
  if (channel && firstMore !== undefined && moreCount > 0) {
    await deps.prisma.$transaction(
      (tx) =>
        postWithThread(
          tx,
          channel,
          `alerts:more:${isoDay(at.day)}:${firstMore}`,
          buildMoreAlerts(moreCount, plan.cap, at.options.locale),
          buildMoreThread(more, at.day, at.options.locale, moreCount),
        ),
      LARGE_TRANSACTION,
    );
    summaries++;
  }
  return { raised, channelMessages: individual + summaries };
}
