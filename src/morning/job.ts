import type { WaitingDeps } from "../contracts/waiting.js";
import type { PrismaClient } from "../db/database.js";
import { loadAccountContexts } from "../health/context.js";
import type { HealthModel } from "../health/model.js";
import type { Locale } from "../i18n/locale.js";
import { comparableAmount, type FxRates } from "../money.js";
import { loadReminderEntries, reminderKeyOf } from "../renewals/repository.js";
import type { LocaleResolver } from "../slack/locale.js";
import { enqueue } from "../slack/outbox.js";
import { isoDay } from "../time.js";
import { composeMorning } from "./compose.js";
import {
  loadUntoldAlerts,
  loadUntoldReminders,
  loadWaitingRequests,
  markTold,
  untoldOwners,
} from "./repository.js";
import { buildMorningMessage, type MorningAlert, type MorningRenewal, type MorningRequest } from "./view.js";

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

interface Person {
  alerts: MorningAlert[];
  renewals: MorningRenewal[];
  requests: MorningRequest[];
}

/** One owner of a large portfolio may have thousands of items to mark told: past Prisma's 5 s default. */
const LARGE_TRANSACTION = { maxWait: 30_000, timeout: 10 * 60_000 };

/**
 * "Your morning": each person gets at most one DM per run with their new alerts, their renewal
 * reminders not told yet and the contract requests waiting on them (compose.ts decides what it
 * says). Everything it covers, shown or counted, is marked told in the transaction that
 * enqueues the DM: a crash loses nothing, a rerun sends nothing twice, and a person with no
 * news gets nothing. A dry run marks and sends nothing.
 */
/** One person's untold alerts and reminders, each with its account's context. */
async function newsOf(
  deps: MorningDeps,
  userId: string,
  today: Date,
  size: (c: { arr: number; currency: string }) => number,
): Promise<Person> {
  const { prisma } = deps;
  const [alerts, reminders] = await Promise.all([
    loadUntoldAlerts(prisma, userId),
    loadUntoldReminders(prisma, today, userId),
  ]);
  const contexts = await loadAccountContexts(
    prisma,
    alerts.map((a) => a.accountId),
    today,
  );
  const entries = new Map(
    (await loadReminderEntries(prisma, reminders, today)).map((e) => [
      reminderKeyOf({ accountId: e.context.id, windowDays: e.windowDays }),
      e,
    ]),
  );
  const person: Person = { alerts: [], renewals: [], requests: [] };
  for (const a of alerts) {
    const context = contexts.get(a.accountId);
    if (context) person.alerts.push({ ...a, context, size: size(context), name: context.name });
  }
  for (const r of reminders) {
    const entry = entries.get(reminderKeyOf(r));
    if (entry)
      person.renewals.push({ reminderId: r.id, entry, size: size(entry.context), name: entry.context.name });
  }
  return person;
}

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
  // One person at a time: what is held is one person's news, however large the portfolio (a
  // first morning at a million accounts has ~320,000 untold alerts and reminders).
  for (const userId of owners) {
    const person = await newsOf(deps, userId, today, size);
    // Requests only ride along with news: a person with nothing else new gets no DM for them.
    const hasNews = person.alerts.length > 0 || person.renewals.length > 0;
    for (const q of requests)
      if (hasNews && q.person === userId)
        person.requests.push({ ...q, slaDueAt: q.request.slaDueAt, number: q.request.number });
    const plan = composeMorning(person);
    if (!plan) continue;
    const locale = locales.get(userId) ?? deps.locale ?? "en";
    const message = buildMorningMessage(plan, { ...options, locale });
    run.people++;
    run.alerts += person.alerts.length;
    run.renewals += person.renewals.length;
    run.lines.push(`<@${userId}>: ${message.text} (${message.blocks.length} blocks)`);
    if (dryRun) continue;
    const alertIds = person.alerts.map((a) => a.id);
    const reminderIds = person.renewals.map((r) => r.reminderId);
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
  }
  if (run.people > 0 && !dryRun) deps.onOutbox();
  return run;
}
