import { refreshStatistics } from "../db/statistics.js";
import type { AccountContext } from "../health/context.js";
import { loadAccountContexts } from "../health/context.js";
import type { ContextOptions } from "../health/context-view.js";
import { latestSnapshotOf } from "../health/repository.js";
import { loadWhys } from "../health/service.js";
import { t } from "../i18n/translate.js";
import { usdEquivalent } from "../money.js";
import { eachSliceReadAhead } from "../read-ahead.js";
import { addDays, isoDay, todayIn } from "../time.js";
import { emitWebhookEvent } from "../webhooks/emit.js";
import { alertEventData, alertEventType } from "../webhooks/payloads.js";
import { type AlertDeps, DEFAULT_MAX_PER_RUN } from "./deps.js";
import { type AlertDrawing, type AlertHealth, announceChange } from "./messages.js";
import {
  type AlertChange,
  type AlertRecord,
  alertIdsOf,
  findAlert,
  findOpenAlerts,
  hasBaseline,
  keysResolvedSince,
  loadSweepSlice,
  type SweepSubject,
  updateAlert,
} from "./repository.js";
import {
  baselineFingerprint,
  dedupeKey,
  evaluate,
  isBaselineState,
  resolutionFacts,
  resolutionPhrase,
  resolutionText,
  ruleWindows,
  snoozeIsOver,
} from "./rules.js";
import { alertSeverity } from "./severity.js";
import { LISTED_IN_THREAD } from "./summary-views.js";
import {
  type BaselineAccount,
  type Candidate,
  deliverSweep,
  planSweep,
  type SweepPlan,
} from "./sweep-posting.js";

export type { AlertDeps } from "./deps.js";

export interface SweepSummary {
  day: string;
  raised: number;
  resolved: number;
  reopened: number;
  stale: number;
  /** Accounts recorded in today's baseline (a baseline sweep only). */
  baseline?: number;
  /** Top-level messages for the alerts channel: alerts and summaries, at most `maxPerRun`. */
  channelMessages: number;
  /** Dry run: what would be posted, in order. */
  wouldPost?: string[];
}

/** Accounts read per slice of the sweep (by id range). */
const SWEEP_SLICE = 20_000;
/** Slices read ahead while one is evaluated. */
const READ_AHEAD = 2;

const contextOptions = (deps: AlertDeps, today: Date): ContextOptions => ({
  today,
  model: deps.model,
  crmUrlTemplate: deps.crmUrlTemplate,
  locale: deps.locale ?? "en",
});

/**
 * The alert sweep: for every account scored today, raise one alert when something changed
 * (naming every condition that holds), resolve alerts none of whose conditions still hold, and
 * wake snoozed ones whose time has come or whose score has moved. The first sweep under a
 * health model and rules (see docs/alerts.md) records the accounts already in a bad state with
 * no change as a baseline, in one summary. Channel messages go out most severe first, at most
 * `maxPerRun` of them; the rest in one "N more" message. Every alert is recorded.
 */
export async function runAlertSweep(
  deps: AlertDeps,
  day: Date,
  now: Date,
  dryRun = false,
): Promise<SweepSummary> {
  const { rules } = deps;
  const locale = deps.locale ?? "en";
  const openByAccount = new Map<number, AlertRecord[]>();
  for (const alert of await findOpenAlerts(deps.prisma))
    openByAccount.set(alert.accountId, [...(openByAccount.get(alert.accountId) ?? []), alert]);
  const cooling = await keysResolvedSince(deps.prisma, addDays(now, -rules.cooldownDays));
  const fingerprint = baselineFingerprint((deps.models ?? deps.model).version, rules);
  const baselineRecorded = await hasBaseline(deps.prisma, fingerprint);

  const labels = Object.fromEntries(deps.model.components.map((c) => [c.key, c.label]));
  const candidates: Candidate[] = [];
  const baseline: (BaselineAccount & { arr: number })[] = [];
  const changing: {
    alert: AlertRecord;
    change: AlertChange;
    line: string;
    health: AlertHealth;
    context?: AccountContext;
  }[] = [];
  let stale = 0;
  let scored = 0;
  // In dollars, roughly: severity's ARR scale is fixed in dollars, whatever the reporting currency.
  const arrOf = (subject: SweepSubject) => usdEquivalent(subject.arr, subject.currency, deps.fx, isoDay(day));
  // A slice of accounts at a time: only the accounts that raise, resolve or join the baseline
  // are kept, each reduced at once to what is ranked, posted and recorded, so that memory stays
  // small however large the portfolio: a first morning on a million accounts keeps ~190,000 of
  // them. Their contexts (owner, paperwork…) are read once the plan knows which are shown.
  const { _min, _max } = await deps.prisma.account.aggregate({ _min: { id: true }, _max: { id: true } });
  const windows = ruleWindows(rules);
  // Only the cliff compares component scores: only its window's are read.
  const componentWindows = rules.cliff.enabled ? [rules.cliff.days] : [];
  // The next slices are read while this one is evaluated: the database and the rules overlap.
  const range = { min: _min.id ?? 1, max: _max.id ?? 0, size: SWEEP_SLICE };
  // Only the accounts the rules could act on are read (repository.ts `SweepFilter`): those with
  // an alert open, and, of the others, those not stale that are red or yellow or declining; the
  // rest (seven in ten of the bench's million accounts) are only counted.
  const open = [...openByAccount.keys()];
  const models = deps.models?.all() ?? [deps.model];
  const componentKeys = [...new Set(models.flatMap((m) => m.components.map((c) => c.key)))];
  const read = (from: number, to: number) =>
    loadSweepSlice(deps.sql, deps.model, day, windows, { from, to }, componentWindows, {
      rules,
      open: open.filter((id) => id >= from && id <= to),
      componentKeys,
    });
  await eachSliceReadAhead(range, READ_AHEAD, read, async (slice) => {
    scored += slice.scored;
    stale += slice.stale;
    const changes: (typeof changing)[number][] = [];
    for (const subject of slice.subjects) {
      const evaluation = evaluate(subject, rules, labels);
      const active = openByAccount.get(subject.accountId) ?? [];
      const health = { score: subject.score, band: subject.band };
      // One alert per account at a time, naming every cause: a collapse is one alert, not three.
      if (evaluation.changes.length > 0 && active.length === 0) {
        const key = dedupeKey(subject.accountId, evaluation.changes[0]!.cause);
        if (!cooling.has(key)) {
          const arr = arrOf(subject);
          candidates.push({
            subject: { accountId: subject.accountId, score: subject.score, band: subject.band },
            key,
            cause: evaluation.changes[0]!.cause,
            reason: evaluation.holding.map((c) => c.reason).join("; "),
            causes: evaluation.holding.map((c) => c.facts),
            arr,
            name: subject.name,
            severity: alertSeverity({
              arr,
              decline: evaluation.decline,
              daysToRenewal: evaluation.daysToRenewal,
              band: subject.band,
            }),
          });
        }
      } else if (!baselineRecorded && active.length === 0 && isBaselineState(evaluation)) {
        baseline.push({
          name: subject.name,
          score: subject.score,
          band: subject.band,
          red: evaluation.red,
          renewalAtRisk: evaluation.renewalAtRisk,
          accountId: subject.accountId,
          arr: arrOf(subject),
        });
      }
      for (const alert of active) {
        if (!subject.stale && evaluation.holding.length === 0) {
          // details.resolution keeps the English phrase (exports, webhooks); `resolved` the facts.
          const resolution = resolutionPhrase(rules);
          const resolved = resolutionFacts(rules);
          changes.push({
            alert,
            health,
            change: {
              status: "resolved",
              resolvedAt: now,
              details: { ...alert.details, resolution, resolved },
            },
            line: t(locale, "alert.state.resolved", { resolution: resolutionText(resolved, locale) }),
          });
        } else if (alert.status === "snoozed" && snoozeIsOver(alert, subject.score, now)) {
          changes.push({
            alert,
            health,
            change: { status: "open", snoozedUntil: null },
            line: t(locale, "alert.thread.awake"),
          });
        }
      }
    }
    // Each change redraws its alert's message: with its account's context.
    const contexts = changes.length
      ? await loadAccountContexts(
          deps.prisma,
          changes.map((c) => c.alert.accountId),
          day,
        )
      : new Map<number, AccountContext>();
    for (const c of changes) changing.push({ ...c, context: contexts.get(c.alert.accountId) });
  });
  // A day nobody was scored (an empty install) does not use up the baseline.
  const baselineDue = scored > 0 && !baselineRecorded;

  const plan: SweepPlan = planSweep({
    candidates,
    // The baseline's list, largest ARR first: the accounts a CS Ops lead looks at first.
    baseline: baseline.sort((a, b) => b.arr - a.arr || a.name.localeCompare(b.name)),
    baselineDue,
    firstBaseline: baselineDue && (await deps.prisma.alertBaseline.count()) === 0,
    channel: deps.channel,
    cap: deps.maxPerRun ?? DEFAULT_MAX_PER_RUN,
  });

  const summary: SweepSummary = {
    day: isoDay(day),
    raised: candidates.length,
    resolved: 0,
    reopened: 0,
    stale,
    ...(baselineDue ? { baseline: baseline.length } : {}),
    channelMessages: plan.channelMessages,
  };
  // The accounts shown (their own messages, the first of each summary's list) with their context:
  // the rest are recorded and counted, each owner told in their morning DM.
  const shown = [
    ...plan.ordered.slice(0, plan.cap + LISTED_IN_THREAD),
    ...plan.baseline.slice(0, LISTED_IN_THREAD),
  ];
  const shownContexts = await loadAccountContexts(
    deps.prisma,
    shown.map((a) => ("subject" in a ? a.subject.accountId : a.accountId)),
    day,
  );
  for (const a of shown) a.context = shownContexts.get("subject" in a ? a.subject.accountId : a.accountId);
  const options = contextOptions(deps, day);
  if (dryRun) {
    summary.wouldPost = plan.describe();
    summary.resolved = changing.filter((c) => c.change.status === "resolved").length;
    summary.reopened = changing.length - summary.resolved;
    return summary;
  }

  const delivered = await deliverSweep(deps, plan, {
    day,
    fingerprint,
    options,
    whys: (accountIds, locale) => loadWhys(deps.sql, deps.models ?? deps.model, accountIds, day, locale),
  });
  summary.raised = delivered.raised;
  summary.channelMessages = delivered.channelMessages;
  const whys = await localWhys(
    deps,
    changing.map((c) => c.alert),
  );
  for (const { alert, change, line, health, context } of changing) {
    const drawing = { health, context, options, why: whys.get(alert.id) };
    if (await transition(deps, alert, change, drawing, line)) {
      if (change.status === "resolved") summary.resolved++;
      else summary.reopened++;
    }
  }
  deps.onOutbox();
  await refreshStatistics(deps.prisma, "alerts", delivered.raised, deps.logger);
  return summary;
}

/**
 * The health explanation of alerts redrawn in a language other than English, as of the day each
 * was raised (the one recorded is English), by alert id; one read per day. English: none needed.
 */
async function localWhys(deps: AlertDeps, alerts: AlertRecord[]): Promise<Map<number, string | undefined>> {
  const locale = deps.locale ?? "en";
  const found = new Map<number, string | undefined>();
  if (locale === "en") return found;
  const byDay = new Map<string, AlertRecord[]>();
  for (const alert of alerts) {
    const day = isoDay(todayIn(deps.timezone ?? "UTC", alert.createdAt));
    byDay.set(day, [...(byDay.get(day) ?? []), alert]);
  }
  for (const [day, raised] of byDay) {
    const whys = await loadWhys(
      deps.sql,
      deps.model,
      raised.map((a) => a.accountId),
      new Date(`${day}T00:00:00Z`),
      locale,
    );
    for (const alert of raised) found.set(alert.id, whys.get(alert.accountId));
  }
  return found;
}

/** Changes an alert and redraws its messages, unless another change came first (then: false). */
async function transition(
  deps: AlertDeps,
  alert: AlertRecord,
  change: AlertChange,
  drawing: AlertDrawing,
  line: string,
): Promise<boolean> {
  return deps.prisma.$transaction(async (tx) => {
    const updated = await updateAlert(tx, alert, change);
    if (updated) await announceChange(tx, updated, drawing, line, deps.channel);
    const type = updated && alertEventType(updated.status);
    if (updated && type)
      await emitWebhookEvent(tx, deps.webhooks, {
        type,
        key: `alert:${updated.id}:v${updated.version}`,
        at: updated.updatedAt,
        accountId: updated.accountId,
        data: alertEventData(updated),
      });
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
  // The line goes in the alert's channel thread: the channel's language.
  const locale = deps.locale ?? "en";
  switch (action.kind) {
    case "ack":
      return {
        change: { status: "acknowledged", acknowledgedBy: userId, acknowledgedAt: now },
        line: t(locale, "alert.thread.acknowledged", { user: userId }),
      };
    case "snooze":
      return {
        change: { status: "snoozed", snoozedBy: userId, snoozedUntil: addDays(now, action.days) },
        line: t(locale, "alert.thread.snoozed", { user: userId, days: action.days }),
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
        line: t(locale, "alert.thread.snoozedMoves", { user: userId, points }),
      };
    }
  }
}

/**
 * Acknowledge or snooze, from the alert's buttons wherever they are (`seen`: the version their
 * message showed) or the health card (no version: the alert as it is now). Written only if the
 * alert is still the version read, so that of two clicks at once one changes it.
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
  const today = todayIn(deps.timezone ?? "UTC", now);
  const context = (await loadAccountContexts(deps.prisma, [alert.accountId], today)).get(alert.accountId);
  const { change, line } = changeFor(action, alert, userId, health.score, deps, now);
  const why = (await localWhys(deps, [alert])).get(alert.id);
  const drawing = { health, context, options: contextOptions(deps, today), why };
  if (!(await transition(deps, alert, change, drawing, line))) return "changed_meanwhile";
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
