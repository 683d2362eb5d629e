import type { Calendar } from "../calendar/business-days.js";
import { driverOf, type Prisma, type PrismaClient } from "../db/database.js";
import { refreshStatistics } from "../db/statistics.js";
import type { HealthModel } from "../health/model.js";
import type { Locale } from "../i18n/locale.js";
import type { Logger } from "../log.js";
import { comparableAmount, type FxRates } from "../money.js";
import { LISTED_IN_THREAD } from "../slack/limits.js";
import { enqueue } from "../slack/outbox.js";
import { addDays, daysBetween, isoDay } from "../time.js";
import { emitWebhookEvent, type Webhooks } from "../webhooks/emit.js";
import { wants } from "../webhooks/events.js";
import { renewalEventData } from "../webhooks/payloads.js";
import {
  loadReminderEntries,
  loadRenewingAccounts,
  type ReminderKey,
  type RenewingAccount,
  recordedReminders,
  recordReminders,
  reminderKeyOf,
} from "./repository.js";
import { buildWindowMessages, type ReminderEntry, renewalLine } from "./views.js";
import { dueWindows } from "./windows.js";

export interface RenewalDeps {
  prisma: PrismaClient;
  /** Where the job's warnings go (a failed statistics refresh). */
  logger?: Pick<Logger, "warn">;
  windows: readonly number[];
  /** The renewals channel; unset, reminders are still recorded, for the owners' "Your morning" DM. */
  channel?: string;
  /** The language of its channel messages (KUROKO_CHANNEL_LOCALE; default English). */
  locale?: Locale;
  /** The health model's bands (the hysteresis note in the band's words). */
  model?: Pick<HealthModel, "bands">;
  /** KUROKO_CRM_URL_TEMPLATE: each account links to its CRM record. */
  crmUrlTemplate?: string;
  /** Dated rates, to order accounts in different currencies by size. */
  fx?: FxRates;
  /** Business days: a reminder falling on a day off goes out on the business day before. */
  calendar: Pick<Calendar, "nextBusinessDay">;
  onOutbox: () => void;
  /** Endpoints told of each reminder (unset: none). */
  webhooks?: Webhooks;
}

export interface RenewalRun {
  /** Reminders due today and not sent before. */
  due: number;
  /** Reminders this run recorded (and posted, when there is a channel). */
  sent: number;
  /** Channel messages enqueued (each window's message and its thread's). */
  messages: number;
  /** A dry run: what would be sent, one line per window and per account. */
  lines: string[];
}

/** Largest ARR first (comparable across currencies), then by name. */
function byArr(fx: FxRates | undefined, day: string) {
  const size = (a: { arr: number; currency: string }) => comparableAmount(a.arr, a.currency, fx, day);
  return (a: RenewingAccount, b: RenewingAccount) => size(b) - size(a) || a.name.localeCompare(b.name);
}

/** A window's reminders in one transaction: it grows with the portfolio, past Prisma's 5 s default. */
const LARGE_TRANSACTION = { maxWait: 30_000, timeout: 10 * 60_000 };

/** A reminder due, with its account as `loadRenewingAccounts` read it. */
type Due = ReminderKey & { account: RenewingAccount };

/**
 * Today's renewal reminders: every account whose renewal falls in a window it has not been
 * reminded of, today or on the days off before the next business day (a reminder due on a
 * Saturday goes out on the Friday; the job runs Monday to Friday by default), one channel
 * message per window ("7 accounts enter the 60-day renewal window", largest ARR first, what does
 * not fit continued in its thread, at most LISTED_IN_THREAD accounts listed and the rest
 * counted). Each reminder is recorded in `renewal_reminders` in the transaction that enqueues
 * the message, so a rerun or a second replica sends nothing twice; the owners hear of theirs in
 * their "Your morning" DM (src/morning/). A dry run records and sends nothing and says what it
 * would send (every account).
 */
export async function runRenewalReminders(
  deps: RenewalDeps,
  today: Date,
  dryRun = false,
): Promise<RenewalRun> {
  const sql = driverOf(deps.prisma);
  // Today stands for itself and the days off after it: their reminders go out today.
  const through = addDays(deps.calendar.nextBusinessDay(today), -1);
  const horizon = addDays(through, Math.max(...deps.windows));
  const renewing = await loadRenewingAccounts(sql, today, horizon);
  const due: Due[] = renewing.flatMap((a) =>
    dueWindows(daysBetween(today, a.renewalDate), daysBetween(through, a.renewalDate), deps.windows).map(
      (windowDays) => ({ accountId: a.id, renewalDate: a.renewalDate, windowDays, account: a }),
    ),
  );
  const done = await recordedReminders(sql, due);
  const fresh = due.filter((d) => !done.has(reminderKeyOf(d)));
  const options = {
    today,
    model: deps.model,
    crmUrlTemplate: deps.crmUrlTemplate,
    locale: deps.locale ?? "en",
  };
  const lines = (windowDays: number, inWindow: readonly ReminderEntry[]) => [
    `${inWindow.length} entering the ${windowDays}-day window${deps.channel ? "" : " (no renewals channel: recorded for the owners' morning DM)"}:`,
    ...inWindow.map((e) => `  ${renewalLine(e)}`),
  ];
  const run: RenewalRun = { due: 0, sent: 0, messages: 0, lines: [] };
  const order = byArr(deps.fx, isoDay(today));
  // A window at a time, the most urgent first, each in a transaction of its own: a first morning
  // at a million accounts has ~240,000 reminders in all. Only the accounts a message lists are
  // read in full (their context: owner, paperwork…), unless a webhook endpoint follows reminders.
  for (const [windowDays, keys] of windowsOf(fresh)) {
    keys.sort((a, b) => order(a.account, b.account));
    run.due += keys.length;
    if (dryRun) {
      const entries = await loadReminderEntries(deps.prisma, keys, today);
      if (entries.length) run.lines.push(...lines(windowDays, entries));
      continue;
    }
    const result = await deps.prisma.$transaction(
      (tx) => remindWindow(tx, deps, today, windowDays, keys, options),
      LARGE_TRANSACTION,
    );
    run.sent += result.sent;
    run.messages += result.messages;
  }
  if (run.messages > 0 || run.sent > 0) deps.onOutbox();
  await refreshStatistics(deps.prisma, "renewal_reminders", run.sent, deps.logger);
  return run;
}

/** Reminders' contexts read (and webhook events written) this many at a time. */
const CONTEXTS_AT_ONCE = 5_000;

/**
 * Records one window's reminders (`keys`, in the order shown) and enqueues its message and
 * thread, in the caller's transaction. Returns how many this call recorded (a reminder another
 * run recorded first was sent there) and the messages enqueued.
 */
async function remindWindow(
  tx: Prisma.TransactionClient,
  deps: RenewalDeps,
  today: Date,
  windowDays: number,
  keys: Due[],
  options: Parameters<typeof buildWindowMessages>[2],
): Promise<{ sent: number; messages: number }> {
  const { recorded, firstId } = await recordReminders(tx, keys, today);
  const sent = keys.filter((k) => recorded.has(reminderKeyOf(k)));
  const followed = (deps.webhooks?.endpoints ?? []).some((e) => wants(e.events, "renewal.reminded"));
  if (followed)
    for (let i = 0; i < sent.length; i += CONTEXTS_AT_ONCE)
      for (const e of await loadReminderEntries(tx, sent.slice(i, i + CONTEXTS_AT_ONCE), today))
        await emitWebhookEvent(tx, deps.webhooks, {
          type: "renewal.reminded",
          key: `renewal:${e.context.id}:${isoDay(e.renewalDate)}:${e.windowDays}`,
          at: today,
          accountId: e.context.id,
          data: renewalEventData({ ...e.context, ...e }),
        });
  if (!deps.channel || sent.length === 0) return { sent: sent.length, messages: 0 };
  const listed = await loadReminderEntries(tx, sent.slice(0, LISTED_IN_THREAD), today);
  const { main, thread } = buildWindowMessages(windowDays, listed, options, {
    total: sent.length,
    red: sent.filter((k) => k.account.band === "red").length,
    yellow: sent.filter((k) => k.account.band === "yellow").length,
  });
  // The batch's first reminder id keys the message: a later run the same day that finds new
  // accounts (a late import) posts its own message, never the same one twice.
  const key = `renewals:${isoDay(today)}:${windowDays}:${firstId}`;
  const parentId = await enqueue(tx, {
    method: "chat.postMessage",
    channel: deps.channel,
    message: { ...main },
    dedupeKey: key,
  });
  for (const [i, part] of thread.entries())
    await enqueue(tx, {
      method: "chat.postMessage",
      channel: deps.channel,
      parentId,
      message: { ...part },
      dedupeKey: `${key}:${i + 1}`,
    });
  return { sent: sent.length, messages: 1 + thread.length };
}

/** Entries by window, the most urgent (smallest) window first, each keeping its order. */
function windowsOf<T extends { windowDays: number }>(entries: readonly T[]): [number, T[]][] {
  const by = new Map<number, T[]>();
  for (const e of entries) {
    const list = by.get(e.windowDays);
    if (list) list.push(e);
    else by.set(e.windowDays, [e]);
  }
  return [...by.entries()].sort(([a], [b]) => a - b);
}
