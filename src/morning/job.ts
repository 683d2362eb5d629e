import type { WaitingDeps } from "../contracts/waiting.js";
import { driverOf, type PrismaClient } from "../db/database.js";
import { loadAccountContexts } from "../health/context.js";
import type { HealthModel } from "../health/model.js";
import type { Locale } from "../i18n/locale.js";
import { comparableAmount, type FxRates } from "../money.js";
import { eachReadAhead } from "../read-ahead.js";
import { loadReminderEntries, reminderKeyOf } from "../renewals/repository.js";
import type { LocaleResolver } from "../slack/locale.js";
import { enqueue } from "../slack/outbox.js";
import { isoDay } from "../time.js";
import { type AlertItem, composeMorning, type MorningPlan, type RenewalItem } from "./compose.js";
import {
  loadUntoldAlerts,
  loadUntoldReminders,
  loadWaitingRequests,
  markTold,
  type UntoldAlert,
  type UntoldReminder,
  untoldOwners,
} from "./repository.js";
import {
  buildMorningMessage,
  type Morning,
  type MorningAlert,
  type MorningRenewal,
  type MorningRequest,
} from "./view.js";

export interface MorningDeps {
  prisma: PrismaClient;
  model?: Pick<HealthModel, "bands">;
  crmUrlTemplate?: string;
  fx?: FxRates;
  /** Who requests wait on (approvers and the policy): the contracts' one rule. */
  waiting?: WaitingDeps;
  onOutbox: () => void;
  /** Each recipient's language (Slack's users.info, cached); unset: everyone in `locale`. */
  locales?: LocaleResolver;
  /** The language when a recipient's is unknown or Slack fails (KUROKO_LOCALE; default English). */
  locale?: Locale;
}

/** Look-ups of recipients' languages at a time: a few, not one burst per person. */
const LOCALE_LOOKUPS = 8;

/**
 * Each recipient's language: a Slack failure (or a resolver that throws) falls back to the
 * default, so that a DM is never held back by a look-up.
 */
async function recipientLocales(deps: MorningDeps, userIds: string[]): Promise<Map<string, Locale>> {
  const fallback = deps.locale ?? "en";
  const locales = new Map<string, Locale>();
  const { locales: resolver } = deps;
  if (!resolver) return locales;
  for (let i = 0; i < userIds.length; i += LOCALE_LOOKUPS) {
    const batch = userIds.slice(i, i + LOCALE_LOOKUPS);
    const found = await Promise.all(batch.map((id) => resolver.localeOf(id).catch(() => fallback)));
    for (const [j, id] of batch.entries()) locales.set(id, found[j]!);
  }
  return locales;
}

export interface MorningRun {
  /** People DMed (or who would be, on a dry run). */
  people: number;
  alerts: number;
  renewals: number;
  /** What was or would be sent: one line per person. */
  lines: string[];
}

/** The smallest id, 0 for none. */
const first = (ids: number[]) => ids.reduce((min, id) => Math.min(min, id), ids[0] ?? 0);

/** One owner of a large portfolio may have thousands of items to mark told: past Prisma's 5 s default. */
const LARGE_TRANSACTION = { maxWait: 30_000, timeout: 10 * 60_000 };

/** A person's news before any context is read: ranked by what the light reads give. */
interface Light {
  alerts: (UntoldAlert & AlertItem)[];
  renewals: (UntoldReminder & RenewalItem)[];
}

/** One person's untold alerts and reminders, each with its account's name and ARR only. */
async function newsOf(
  deps: MorningDeps,
  userId: string,
  today: Date,
  size: (c: { arr: number; currency: string }) => number,
): Promise<Light> {
  const sql = driverOf(deps.prisma);
  const [alerts, reminders] = await Promise.all([
    loadUntoldAlerts(sql, userId),
    loadUntoldReminders(sql, today, userId),
  ]);
  return {
    alerts: alerts.map(({ account, ...a }) => ({ ...a, name: account.name, size: size(account) })),
    renewals: reminders.map(({ account, ...r }) => ({ ...r, name: account.name, size: size(account) })),
  };
}

/**
 * The plan's shown items with their accounts' contexts (a DM shows a few dozen of a person's
 * possibly tens of thousands: only those are read in full). An account gone since is dropped.
 */
async function withContexts(
  deps: MorningDeps,
  plan: MorningPlan<UntoldAlert & AlertItem, UntoldReminder & RenewalItem, MorningRequest>,
  today: Date,
): Promise<Morning> {
  const { prisma } = deps;
  const contexts = await loadAccountContexts(
    prisma,
    plan.alerts.items.map((a) => a.accountId),
    today,
  );
  const entries = new Map(
    (await loadReminderEntries(prisma, plan.renewals.items, today)).map((e) => [
      reminderKeyOf({ accountId: e.context.id, windowDays: e.windowDays }),
      e,
    ]),
  );
  const alerts: MorningAlert[] = plan.alerts.items.flatMap((a) => {
    const context = contexts.get(a.accountId);
    return context ? [{ ...a, context, name: context.name }] : [];
  });
  const renewals: MorningRenewal[] = plan.renewals.items.flatMap((r) => {
    const entry = entries.get(reminderKeyOf(r));
    return entry ? [{ reminderId: r.id, entry, size: r.size, name: entry.context.name }] : [];
  });
  return {
    alerts: { items: alerts, more: plan.alerts.more },
    renewals: { items: renewals, more: plan.renewals.more },
    requests: plan.requests,
  };
}

/**
 * "Your morning": each person gets at most one DM per run with their new alerts, their renewal
 * reminders not told yet and the contract requests waiting on them (compose.ts decides what it
 * says). Everything it covers, shown or counted, is marked told in the transaction that
 * enqueues the DM: a crash loses nothing, a rerun sends nothing twice, and a person with no
 * news gets nothing. A dry run marks and sends nothing.
 */
export async function runMorning(
  deps: MorningDeps,
  today: Date,
  now: Date,
  dryRun = false,
): Promise<MorningRun> {
  const { prisma } = deps;
  const [owners, requests] = await Promise.all([
    untoldOwners(prisma, today),
    loadWaitingRequests(prisma, today, deps.waiting),
  ]);
  const day = isoDay(today);
  const size = (c: { arr: number; currency: string }) => comparableAmount(c.arr, c.currency, deps.fx, day);
  const options = { today, model: deps.model, crmUrlTemplate: deps.crmUrlTemplate };
  const run: MorningRun = { people: 0, alerts: 0, renewals: 0, lines: [] };
  // Each DM is composed in its recipient's language.
  const locales = await recipientLocales(deps, owners);
  // One person at a time: what is held is one person's news (and the next person's, read while
  // this one's DM is written), however large the portfolio (a first morning at a million
  // accounts has ~320,000 untold alerts and reminders).
  const prepare = async (userId: string) => {
    const news = await newsOf(deps, userId, today, size);
    // Requests only ride along with news: a person with nothing else new gets no DM for them.
    const hasNews = news.alerts.length > 0 || news.renewals.length > 0;
    const theirs: MorningRequest[] = [];
    for (const q of requests)
      if (hasNews && q.person === userId)
        theirs.push({ ...q, slaDueAt: q.request.slaDueAt, number: q.request.number });
    const ranked = composeMorning({ ...news, requests: theirs });
    if (!ranked) return undefined;
    const plan = await withContexts(deps, ranked, today);
    const locale = locales.get(userId) ?? deps.locale ?? "en";
    return { news, message: buildMorningMessage(plan, { ...options, locale }) };
  };
  // The next person's news is read while this one's DM is enqueued and their news marked told.
  await eachReadAhead(owners, 1, prepare, async (prepared, userId) => {
    if (!prepared) return;
    const { news, message } = prepared;
    run.people++;
    run.alerts += news.alerts.length;
    run.renewals += news.renewals.length;
    run.lines.push(`<@${userId}>: ${message.text} (${message.blocks.length} blocks)`);
    if (dryRun) return;
    // Everything covered, shown or counted, is marked told.
    const alertIds = news.alerts.map((a) => a.id);
    const reminderIds = news.renewals.map((r) => r.id);
    // Keyed by the person, the day and the first untold items: the same news is one DM
    // whatever runs it, and news that came later the same day makes its own.
    const key = `morning:${day}:${userId}:a${first(alertIds)}:r${first(reminderIds)}`;
    await prisma.$transaction(async (tx) => {
      await enqueue(tx, {
        method: "chat.postMessage",
        channel: userId,
        message: { ...message },
        dedupeKey: key,
      });
      await markTold(tx, { alertIds, reminderIds }, now);
    }, LARGE_TRANSACTION);
  });
  if (run.people > 0 && !dryRun) deps.onOutbox();
  return run;
}
