import type { Calendar } from "../calendar/business-days.js";
import type { PrismaClient } from "../db/database.js";
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
/** Every reminder due today in one transaction: it grows with the portfolio, past Prisma's 5 s default. */
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
  const entries = (await loadReminderEntries(deps.prisma, fresh, today)).sort(byArr(deps.fx, isoDay(today)));
  const options = {
    today,
    model: deps.model,
    crmUrlTemplate: deps.crmUrlTemplate,
    locale: deps.locale ?? "en",
  };
  const lines = (list: readonly ReminderEntry[]) =>
    windowsOf(list).flatMap(([windowDays, inWindow]) => [
      `${inWindow.length} entering the ${windowDays}-day window${deps.channel ? "" : " (no renewals channel: recorded for the owners' morning DM)"}:`,
      ...inWindow.map((e) => `  ${renewalLine(e)}`),
    ]);
  if (dryRun) return { due: entries.length, sent: 0, messages: 0, lines: lines(entries) };

  const day = isoDay(today);
  const result = await deps.prisma.$transaction(async (tx) => {
    const { recorded, firstId } = await recordReminders(
      tx,
      entries.map((e) => ({ accountId: e.context.id, renewalDate: e.renewalDate, windowDays: e.windowDays })),
      today,
    );
    const sent = entries.filter((e) =>
      recorded.has(reminderKeyOf({ accountId: e.context.id, windowDays: e.windowDays })),
    );
    for (const e of sent)
      await emitWebhookEvent(tx, deps.webhooks, {
        type: "renewal.reminded",
        key: `renewal:${e.context.id}:${isoDay(e.renewalDate)}:${e.windowDays}`,
        at: today,
        accountId: e.context.id,
        data: renewalEventData({ ...e.context, ...e }),
      });
    let messages = 0;
    if (deps.channel) {
      for (const [windowDays, inWindow] of windowsOf(sent)) {
        const { main, thread } = buildWindowMessages(windowDays, inWindow, options);
        // The batch's first reminder id keys the message: a later run the same day that finds
        // new accounts (a late import) posts its own message, never the same one twice.
        const key = `renewals:${day}:${windowDays}:${firstId}`;
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
        messages += 1 + thread.length;
      }
    }
    return { sent, messages };
  }, LARGE_TRANSACTION);
  if (result.messages > 0 || result.sent.length > 0) deps.onOutbox();
  return {
    due: entries.length,
    sent: result.sent.length,
    messages: result.messages,
    lines: lines(result.sent),
  };
}

/** Entries by window, the most urgent (smallest) window first, each keeping its order. */
function windowsOf(entries: readonly ReminderEntry[]): [number, ReminderEntry[]][] {
  const by = new Map<number, ReminderEntry[]>();
  for (const e of entries) {
    const list = by.get(e.windowDays);
    if (list) list.push(e);
    else by.set(e.windowDays, [e]);
  }
  return [...by.entries()].sort(([a], [b]) => a - b);
}
