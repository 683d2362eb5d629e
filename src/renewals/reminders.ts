import type { Calendar } from "../calendar/business-days.js";
import type { Prisma, PrismaClient } from "../db/database.js";
import type { HealthModel } from "../health/model.js";
import type { Locale } from "../i18n/locale.js";
import { comparableAmount, type FxRates } from "../money.js";
import { enqueue } from "../slack/outbox.js";
import { addDays, daysBetween, isoDay } from "../time.js";
import { emitWebhookEvent, type Webhooks } from "../webhooks/emit.js";
import { renewalEventData } from "../webhooks/payloads.js";
import {
  loadReminderEntries,
  loadRenewingAccounts,
  type ReminderKey,
  recordedReminders,
  recordReminders,
  reminderKeyOf,
} from "./repository.js";
import { buildWindowMessages, type ReminderEntry, renewalLine } from "./views.js";
import { dueWindows } from "./windows.js";

export interface RenewalDeps {
  prisma: PrismaClient;
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
  /** What was or would be sent, one line per window and per account. */
  lines: string[];
}

/** Largest ARR first (comparable across currencies), then by name. */
function byArr(fx: FxRates | undefined, day: string) {
  const size = (e: ReminderEntry) => comparableAmount(e.context.arr, e.context.currency, fx, day);
  return (a: ReminderEntry, b: ReminderEntry) =>
    size(b) - size(a) || a.context.name.localeCompare(b.context.name);
}

/**
 * Today's renewal reminders: every account whose renewal falls in a window it has not been
 * reminded of, today or on the days off before the next business day (a reminder due on a
 * Saturday goes out on the Friday; the job runs Monday to Friday by default), one channel message per window ("7 accounts enter the 60-day renewal window",
 * largest ARR first, what does not fit continued in its thread). Each reminder is recorded in
 * `renewal_reminders` in the transaction that enqueues the message, so a rerun or a second
 * replica sends nothing twice; the owners hear of theirs in their "Your morning" DM
 * (src/morning/). A dry run records and sends nothing and says what it would send.
 */
/** A window's reminders in one transaction: it grows with the portfolio, past Prisma's 5 s default. */
const LARGE_TRANSACTION = { maxWait: 30_000, timeout: 10 * 60_000 };

export async function runRenewalReminders(
  deps: RenewalDeps,
  today: Date,
  dryRun = false,
): Promise<RenewalRun> {
  // Today stands for itself and the days off after it: their reminders go out today.
  const through = addDays(deps.calendar.nextBusinessDay(today), -1);
  const horizon = addDays(through, Math.max(...deps.windows));
  const renewing = await loadRenewingAccounts(deps.prisma, today, horizon);
  const due: ReminderKey[] = renewing.flatMap((a) =>
    dueWindows(daysBetween(today, a.renewalDate), daysBetween(through, a.renewalDate), deps.windows).map(
      (windowDays) => ({ accountId: a.id, renewalDate: a.renewalDate, windowDays }),
    ),
  );
  const done = await recordedReminders(deps.prisma, due);
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
  // A window at a time, the most urgent first, each in a transaction of its own: what is held is
  // one window's reminders with their accounts (a first morning at a million accounts has
  // ~240,000 reminders in all). A window's message and its record commit together.
  for (const [windowDays, keys] of windowsOf(fresh)) {
    const entries = (await loadReminderEntries(deps.prisma, keys, today)).sort(byArr(deps.fx, isoDay(today)));
    run.due += entries.length;
    if (dryRun) {
      if (entries.length) run.lines.push(...lines(windowDays, entries));
      continue;
    }
    const result = await deps.prisma.$transaction(
      (tx) => remindWindow(tx, deps, today, windowDays, entries, options),
      LARGE_TRANSACTION,
    );
    run.sent += result.sent.length;
    run.messages += result.messages;
    if (result.sent.length) run.lines.push(...lines(windowDays, result.sent));
  }
  if (run.messages > 0 || run.sent > 0) deps.onOutbox();
  return run;
}

/** Records one window's reminders and enqueues its message and thread, in the caller's transaction. */
async function remindWindow(
  tx: Prisma.TransactionClient,
  deps: RenewalDeps,
  today: Date,
  windowDays: number,
  entries: ReminderEntry[],
  options: Parameters<typeof buildWindowMessages>[2],
): Promise<{ sent: ReminderEntry[]; messages: number }> {
  const { recorded, firstId } = await recordReminders(
    tx,
    entries.map((e) => ({ accountId: e.context.id, renewalDate: e.renewalDate, windowDays: e.windowDays })),
    today,
  );
  const sent = entries.filter((e) => recorded.has(reminderKeyOf({ accountId: e.context.id, windowDays })));
  for (const e of sent)
    await emitWebhookEvent(tx, deps.webhooks, {
      type: "renewal.reminded",
      key: `renewal:${e.context.id}:${isoDay(e.renewalDate)}:${e.windowDays}`,
      at: today,
      accountId: e.context.id,
      data: renewalEventData({ ...e.context, ...e }),
    });
  if (!deps.channel || sent.length === 0) return { sent, messages: 0 };
  const { main, thread } = buildWindowMessages(windowDays, sent, options);
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
  return { sent, messages: 1 + thread.length };
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
