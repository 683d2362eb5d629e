import type { PrismaClient } from "../db/database.js";
import { postToChannelAndOwner } from "../slack/channel-and-owner.js";
import { addDays, daysBetween, isoDay } from "../time.js";
import { enqueuedKeys, loadRenewingAccounts } from "./repository.js";
import { buildRenewalReminder, renewalLine } from "./views.js";
import { dueWindow, reminderKey } from "./windows.js";

export interface RenewalDeps {
  prisma: PrismaClient;
  windows: readonly number[];
  /** The renewals channel; unset, reminders go to owners only. */
  channel?: string;
  onOutbox: () => void;
}

/**
 * Sends the reminders due today: every account whose renewal falls in a window, once per
 * window and renewal date (the outbox's dedupe key is the record), to the renewals channel and
 * the owner. Returns what it sent, or would send on a dry run.
 */
export async function runRenewalReminders(
  deps: RenewalDeps,
  today: Date,
  dryRun = false,
): Promise<{ due: number; sent: number; lines: string[] }> {
  const horizon = addDays(today, Math.max(...deps.windows));
  const accounts = await loadRenewingAccounts(deps.prisma, today, horizon);
  const due = accounts.flatMap((account) => {
    const daysLeft = daysBetween(today, account.renewalDate);
    const window = dueWindow(daysLeft, deps.windows);
    return window === undefined
      ? []
      : [{ account, daysLeft, key: reminderKey(account.id, isoDay(account.renewalDate), window) }];
  });
  const keys = (key: string) => ({ channel: `${key}:channel`, owner: `${key}:owner` });
  // Which reminders went out already: either copy enqueued means the reminder was sent.
  const enqueued = await enqueuedKeys(
    deps.prisma,
    due.flatMap((d) => Object.values(keys(d.key))),
  );
  const lines: string[] = [];
  let sent = 0;
  for (const { account, daysLeft, key } of due) {
    const copies = keys(key);
    if (enqueued.has(copies.channel) || enqueued.has(copies.owner)) continue;
    lines.push(renewalLine(account, daysLeft));
    if (dryRun) continue;
    const message = buildRenewalReminder(account, daysLeft);
    await deps.prisma.$transaction((tx) =>
      postToChannelAndOwner(tx, message, {
        channel: { id: deps.channel, dedupeKey: copies.channel },
        owner: { id: account.ownerSlackId, dedupeKey: copies.owner },
      }),
    );
    sent++;
  }
  if (sent > 0) deps.onOutbox();
  return { due: lines.length, sent, lines };
}
