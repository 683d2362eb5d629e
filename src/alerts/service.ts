import type { Prisma, PrismaClient, SqlQuery } from "../db/database.js";
import type { Band, HealthModel } from "../health/model.js";
import { describeChange } from "../health/score.js";
import { loadHealthCard } from "../health/service.js";
import { enqueue, findByKey } from "../slack/outbox.js";
import { addDays, isoDay } from "../time.js";
import { type AlertRules, type AlertSubject, type Cause, dedupeKey, evaluate } from "./rules.js";
import { type AlertView, buildAlertMessage } from "./views.js";

export interface AlertDeps {
  prisma: PrismaClient;
  sql: SqlQuery;
  model: HealthModel;
  rules: AlertRules;
  /** The alerts channel; unset, alerts go to owners only. */
  channel?: string;
  onOutbox: () => void;
}

type Tx = Prisma.TransactionClient;
const OPEN = ["open", "acknowledged", "snoozed"];

interface SubjectRow {
  account_id: number;
  name: string;
  owner_slack_id: string | null;
  score: number;
  band: Band;
  components: Record<string, number>;
  previous_band: Band | null;
  before_score: number | null;
  before_components: Record<string, number> | null;
  latest_metric: string | null;
}

/** Today's snapshots with what the rules compare them to, in one query. */
async function loadSubjects(prisma: PrismaClient, day: Date, windowDays: number): Promise<SubjectRow[]> {
  return prisma.$queryRawUnsafe<SubjectRow[]>(
    `SELECT t.account_id, a.name, a.owner_slack_id, t.score, t.band, t.components,
       p.band AS previous_band, b.score AS before_score, b.components AS before_components,
       to_char((SELECT max(m.date) FROM metric_samples m WHERE m.account_id = t.account_id), 'YYYY-MM-DD') AS latest_metric
     FROM health_snapshots t JOIN accounts a ON a.id = t.account_id
     LEFT JOIN LATERAL (SELECT band FROM health_snapshots h WHERE h.account_id = t.account_id AND h.date < t.date
                        ORDER BY h.date DESC LIMIT 1) p ON true
     LEFT JOIN LATERAL (SELECT score, components FROM health_snapshots h WHERE h.account_id = t.account_id
                        AND h.date <= $2::date ORDER BY h.date DESC LIMIT 1) b ON true
     WHERE t.date = $1::date`,
    isoDay(day),
    isoDay(addDays(day, -windowDays)),
  );
}

export interface SweepSummary {
  day: string;
  raised: number;
  resolved: number;
  reopened: number;
  stale: number;
  /** Dry run: what would be posted. */
  wouldPost?: string[];
}

type AlertRow = Prisma.AlertGetPayload<{
  include: { account: { select: { id: true; name: true; ownerSlackId: true } } };
}>;

function viewOf(alert: AlertRow, subject: { score: number; band: Band }, why?: string): AlertView {
  const details = (alert.details ?? {}) as { snoozeMovePoints?: number };
  return {
    id: alert.id,
    status: alert.status as AlertView["status"],
    reason: alert.reason,
    account: alert.account,
    score: subject.score,
    band: subject.band,
    why,
    acknowledgedBy: alert.acknowledgedBy,
    snoozedBy: alert.snoozedBy,
    snoozedUntil: alert.snoozedUntil,
    snoozeMovePoints: details.snoozeMovePoints ?? null,
  };
}

/** Redraws an alert's channel message and DM, and threads a line under the channel message. */
async function announceChange(
  tx: Tx,
  deps: AlertDeps,
  alert: AlertRow,
  view: AlertView,
  line: string,
): Promise<void> {
  const message = { ...buildAlertMessage(view) };
  for (const key of [`alert:${alert.id}:channel`, `alert:${alert.id}:dm`]) {
    const parentId = await findByKey(tx, key);
    if (!parentId) continue;
    const channel = key.endsWith("channel") ? (deps.channel ?? "") : (alert.account.ownerSlackId ?? "");
    await enqueue(tx, { method: "chat.update", channel, parentId, message });
    if (key.endsWith("channel"))
      await enqueue(tx, { method: "chat.postMessage", channel, parentId, message: { text: line } });
  }
}

/**
 * The alert sweep: for every account scored today, raise an alert per new cause (posted to the
 * alerts channel and DMed to the owner), resolve alerts whose cause no longer holds, and wake
 * snoozed ones whose time has come or whose score has moved. Stale accounts raise nothing.
 */
export async function runAlertSweep(
  deps: AlertDeps,
  day: Date,
  now: Date,
  dryRun = false,
): Promise<SweepSummary> {
  const { rules } = deps;
  const subjects = await loadSubjects(deps.prisma, day, rules.drop.days);
  const staleBefore = addDays(day, -deps.model.freshness.staleAfterDays);
  const open = await deps.prisma.alert.findMany({
    where: { status: { in: OPEN } },
    include: { account: { select: { id: true, name: true, ownerSlackId: true } } },
  });
  const cooling = new Set(
    (
      await deps.prisma.alert.findMany({
        where: { status: "resolved", resolvedAt: { gte: addDays(now, -rules.cooldownDays) } },
        select: { dedupeKey: true },
      })
    ).map((a) => a.dedupeKey),
  );
  const summary: SweepSummary = {
    day: isoDay(day),
    raised: 0,
    resolved: 0,
    reopened: 0,
    stale: 0,
    ...(dryRun ? { wouldPost: [] } : {}),
  };

  for (const row of subjects) {
    const subject: AlertSubject = {
      accountId: row.account_id,
      score: row.score,
      band: row.band,
      previousBand: row.previous_band,
      components: row.components,
      before:
        row.before_score !== null
          ? { score: row.before_score, components: row.before_components ?? {} }
          : undefined,
      stale: !row.latest_metric || new Date(`${row.latest_metric}T00:00:00Z`) < staleBefore,
    };
    if (subject.stale) summary.stale++;
    const causes = evaluate(subject, rules);
    const active = open.filter((a) => a.accountId === row.account_id);
    // One alert per account at a time, naming every cause: a collapse is one alert, not three.
    if (causes.length > 0 && active.length === 0) {
      const key = dedupeKey(row.account_id, causes[0]!.cause);
      if (!cooling.has(key)) {
        const cause = { cause: causes[0]!.cause, reason: causes.map((c) => c.reason).join("; ") };
        summary.raised++;
        if (dryRun) summary.wouldPost!.push(`${row.name}: ${cause.reason}`);
        else await raise(deps, row, cause, key, day);
      }
    }
    for (const alert of active) {
      if (!subject.stale && causes.length === 0) {
        summary.resolved++;
        if (!dryRun)
          await transition(
            deps,
            alert,
            { status: "resolved", resolvedAt: now },
            row,
            "✅ Resolved: the account recovered.",
          );
      } else if (alert.status === "snoozed" && woke(alert, row.score, now)) {
        summary.reopened++;
        if (!dryRun)
          await transition(
            deps,
            alert,
            { status: "open", snoozedUntil: null },
            row,
            "⏰ The snooze is over: the alert is open again.",
          );
      }
    }
  }
  if (!dryRun) deps.onOutbox();
  return summary;
}

function woke(alert: AlertRow, score: number, now: Date): boolean {
  if (alert.snoozedUntil) return alert.snoozedUntil <= now;
  const details = (alert.details ?? {}) as { snoozeScore?: number; snoozeMovePoints?: number };
  return (
    details.snoozeScore !== undefined &&
    Math.abs(score - details.snoozeScore) >= (details.snoozeMovePoints ?? 10)
  );
}

async function whyOf(deps: AlertDeps, accountId: number, day: Date): Promise<string | undefined> {
  const card = await loadHealthCard(deps.sql, deps.model, accountId, day);
  const change = card?.changes.days7 ?? card?.changes.days30;
  return change ? describeChange(change) : undefined;
}

async function raise(deps: AlertDeps, row: SubjectRow, cause: Cause, key: string, day: Date): Promise<void> {
  // The explanation as of the sweep's day, not the wall clock (a catch-up run may be late).
  const why = await whyOf(deps, row.account_id, day);
  await deps.prisma.$transaction(async (tx) => {
    // One open alert per account, even when two sweeps race: the second finds the first's row.
    const existing = await tx.alert.findFirst({ where: { accountId: row.account_id, status: { in: OPEN } } });
    if (existing) return;
    const alert = await tx.alert.create({
      data: {
        accountId: row.account_id,
        cause: cause.cause,
        dedupeKey: key,
        reason: cause.reason,
        details: { why } as Prisma.InputJsonValue,
      },
      include: { account: { select: { id: true, name: true, ownerSlackId: true } } },
    });
    const message = { ...buildAlertMessage(viewOf(alert, row, why)) };
    if (deps.channel) {
      await enqueue(tx, {
        method: "chat.postMessage",
        channel: deps.channel,
        message,
        dedupeKey: `alert:${alert.id}:channel`,
      });
    }
    if (row.owner_slack_id) {
      await enqueue(tx, {
        method: "chat.postMessage",
        channel: row.owner_slack_id,
        message,
        dedupeKey: `alert:${alert.id}:dm`,
      });
    }
  });
}

async function transition(
  deps: AlertDeps,
  alert: AlertRow,
  data: Prisma.AlertUpdateInput,
  subject: { score: number; band: Band },
  line: string,
): Promise<void> {
  await deps.prisma.$transaction(async (tx) => {
    const updated = await tx.alert.update({
      where: { id: alert.id },
      data,
      include: { account: { select: { id: true, name: true, ownerSlackId: true } } },
    });
    const why = ((updated.details ?? {}) as { why?: string }).why;
    await announceChange(tx, deps, updated, viewOf(updated, subject, why), line);
  });
}

export type AlertAction = { kind: "ack" } | { kind: "snooze"; days: number } | { kind: "snooze_move" };

/** Acknowledge or snooze, from the alert's buttons or the health card. Returns false if already resolved. */
export async function actOnAlert(
  deps: AlertDeps,
  alertId: number,
  userId: string,
  action: AlertAction,
  now: Date,
): Promise<boolean> {
  const alert = await deps.prisma.alert.findUnique({
    where: { id: alertId },
    include: { account: { select: { id: true, name: true, ownerSlackId: true } } },
  });
  if (!alert || alert.status === "resolved") return false;
  const [latest] = await deps.prisma.healthSnapshot.findMany({
    where: { accountId: alert.accountId },
    orderBy: { date: "desc" },
    take: 1,
  });
  const subject = { score: latest?.score ?? 0, band: (latest?.band ?? "red") as Band };
  const details = (alert.details ?? {}) as Record<string, unknown>;
  const change: { data: Prisma.AlertUpdateInput; line: string } =
    action.kind === "ack"
      ? {
          data: { status: "acknowledged", acknowledgedBy: userId, acknowledgedAt: now },
          line: `👀 <@${userId}> acknowledged it.`,
        }
      : action.kind === "snooze"
        ? {
            data: { status: "snoozed", snoozedBy: userId, snoozedUntil: addDays(now, action.days) },
            line: `😴 <@${userId}> snoozed it for ${action.days} days.`,
          }
        : {
            data: {
              status: "snoozed",
              snoozedBy: userId,
              snoozedUntil: null,
              details: {
                ...details,
                snoozeScore: subject.score,
                snoozeMovePoints: deps.rules.snoozeMovePoints,
              } as Prisma.InputJsonValue,
            },
            line: `😴 <@${userId}> snoozed it until the score moves by ${deps.rules.snoozeMovePoints} points.`,
          };
  await transition(deps, alert, change.data, subject, change.line);
  deps.onOutbox();
  return true;
}

/** Snoozes every open alert of an account ("Snooze alerts" on the health card). Returns how many. */
export async function snoozeAccountAlerts(
  deps: AlertDeps,
  accountId: number,
  userId: string,
  days: number,
  now: Date,
): Promise<number> {
  const alerts = await deps.prisma.alert.findMany({
    where: { accountId, status: { in: ["open", "acknowledged"] } },
    select: { id: true },
  });
  for (const alert of alerts) await actOnAlert(deps, alert.id, userId, { kind: "snooze", days }, now);
  return alerts.length;
}
