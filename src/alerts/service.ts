import type { PrismaClient, SqlQuery } from "../db/database.js";
import type { HealthModel } from "../health/model.js";
import { latestSnapshotOf } from "../health/repository.js";
import { loadWhy } from "../health/service.js";
import { addDays, isoDay } from "../time.js";
import { type AlertHealth, announceChange, postAlert } from "./messages.js";
import {
  type AlertChange,
  type AlertRecord,
  alertIdsOf,
  createAlert,
  findAlert,
  findOpenAlerts,
  hasOpenAlert,
  keysResolvedSince,
  loadSweepSubjects,
  type SweepSubject,
  updateAlert,
} from "./repository.js";
import { type AlertRules, type Cause, dedupeKey, evaluate, snoozeIsOver } from "./rules.js";

export interface AlertDeps {
  prisma: PrismaClient;
  sql: SqlQuery;
  model: HealthModel;
  rules: AlertRules;
  /** The alerts channel; unset, alerts go to owners only. */
  channel?: string;
  onOutbox: () => void;
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
  const subjects = await loadSweepSubjects(deps.prisma, deps.model, day, rules.drop.days);
  const openByAccount = new Map<number, AlertRecord[]>();
  for (const alert of await findOpenAlerts(deps.prisma))
    openByAccount.set(alert.accountId, [...(openByAccount.get(alert.accountId) ?? []), alert]);
  const cooling = await keysResolvedSince(deps.prisma, addDays(now, -rules.cooldownDays));
  const summary: SweepSummary = {
    day: isoDay(day),
    raised: 0,
    resolved: 0,
    reopened: 0,
    stale: 0,
    ...(dryRun ? { wouldPost: [] } : {}),
  };

  for (const subject of subjects) {
    if (subject.stale) summary.stale++;
    const causes = evaluate(subject, rules);
    const active = openByAccount.get(subject.accountId) ?? [];
    // One alert per account at a time, naming every cause: a collapse is one alert, not three.
    if (causes.length > 0 && active.length === 0) {
      const key = dedupeKey(subject.accountId, causes[0]!.cause);
      if (!cooling.has(key)) {
        const cause = { cause: causes[0]!.cause, reason: causes.map((c) => c.reason).join("; ") };
        summary.raised++;
        if (dryRun) summary.wouldPost!.push(`${subject.name}: ${cause.reason}`);
        else await raise(deps, subject, cause, key, day);
      }
    }
    for (const alert of active) {
      if (!subject.stale && causes.length === 0) {
        const change: AlertChange = { status: "resolved", resolvedAt: now };
        const line = "✅ Resolved: the account recovered.";
        if (dryRun || (await transition(deps, alert, change, subject, line))) summary.resolved++;
      } else if (alert.status === "snoozed" && snoozeIsOver(alert, subject.score, now)) {
        const change: AlertChange = { status: "open", snoozedUntil: null };
        const line = "⏰ The snooze is over: the alert is open again.";
        if (dryRun || (await transition(deps, alert, change, subject, line))) summary.reopened++;
      }
    }
  }
  if (!dryRun) deps.onOutbox();
  return summary;
}

async function raise(deps: AlertDeps, subject: SweepSubject, cause: Cause, key: string, day: Date) {
  // The explanation as of the sweep's day, not the wall clock (a catch-up run may be late).
  const why = await loadWhy(deps.sql, deps.model, subject.accountId, day);
  await deps.prisma.$transaction(async (tx) => {
    // One open alert per account, even when two sweeps race: the second finds the first's row.
    if (await hasOpenAlert(tx, subject.accountId)) return;
    const alert = await createAlert(tx, {
      accountId: subject.accountId,
      cause: cause.cause,
      dedupeKey: key,
      reason: cause.reason,
      details: { why },
    });
    await postAlert(tx, alert, subject, deps.channel);
  });
}

/** Changes an alert and redraws its messages, unless another change came first (then: false). */
async function transition(
  deps: AlertDeps,
  alert: AlertRecord,
  change: AlertChange,
  health: AlertHealth,
  line: string,
): Promise<boolean> {
  return deps.prisma.$transaction(async (tx) => {
    const updated = await updateAlert(tx, alert, change);
    if (updated) await announceChange(tx, updated, health, line, deps.channel);
    return updated !== undefined;
  });
}

export type AlertAction = { kind: "ack" } | { kind: "snooze"; days: number } | { kind: "snooze_move" };

/**
 * What came of a click: done; nothing to do (the alert is resolved, or gone); or the alert had
 * changed since the message clicked was drawn, or changed at the same moment (a double click,
 * two people at once), and this click wrote nothing.
 */
export type AlertOutcome = "done" | "resolved" | "changed_meanwhile";

/** What an action writes on the alert, and the line it threads under the alert's message. */
function changeFor(
  action: AlertAction,
  alert: AlertRecord,
  userId: string,
  score: number,
  deps: AlertDeps,
  now: Date,
): { change: AlertChange; line: string } {
  switch (action.kind) {
    case "ack":
      return {
        change: { status: "acknowledged", acknowledgedBy: userId, acknowledgedAt: now },
        line: `👀 <@${userId}> acknowledged it.`,
      };
    case "snooze":
      return {
        change: { status: "snoozed", snoozedBy: userId, snoozedUntil: addDays(now, action.days) },
        line: `😴 <@${userId}> snoozed it for ${action.days} days.`,
      };
    case "snooze_move": {
      const points = deps.rules.snoozeMovePoints;
      return {
        change: {
          status: "snoozed",
          snoozedBy: userId,
          snoozedUntil: null,
          details: { ...alert.details, snoozeScore: score, snoozeMovePoints: points },
        },
        line: `😴 <@${userId}> snoozed it until the score moves by ${points} points.`,
      };
    }
  }
}

/**
 * Acknowledge or snooze, from the alert's buttons (`seen`: the version their message showed) or
 * the health card (no version: the alert as it is now). Written only if the alert is still the
 * version read, so that of two clicks at once one changes it.
 */
export async function actOnAlert(
  deps: AlertDeps,
  target: { id: number; version?: number },
  userId: string,
  action: AlertAction,
  now: Date,
): Promise<AlertOutcome> {
  const alert = await findAlert(deps.prisma, target.id);
  if (!alert || alert.status === "resolved") return "resolved";
  if (target.version !== undefined && target.version !== alert.version) return "changed_meanwhile";
  const latest = await latestSnapshotOf(deps.prisma, alert.accountId);
  const health: AlertHealth = { score: latest?.score ?? 0, band: latest?.band ?? "red" };
  const { change, line } = changeFor(action, alert, userId, health.score, deps, now);
  if (!(await transition(deps, alert, change, health, line))) return "changed_meanwhile";
  deps.onOutbox();
  return "done";
}

/** Snoozes every open alert of an account ("Snooze alerts" on the health card). Returns how many. */
export async function snoozeAccountAlerts(
  deps: AlertDeps,
  accountId: number,
  userId: string,
  days: number,
  now: Date,
): Promise<number> {
  let snoozed = 0;
  for (const id of await alertIdsOf(deps.prisma, accountId, ["open", "acknowledged"])) {
    if ((await actOnAlert(deps, { id }, userId, { kind: "snooze", days }, now)) === "done") snoozed++;
  }
  return snoozed;
}
