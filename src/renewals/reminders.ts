import { CONTRACT_ACTIONS } from "../contracts/ids.js";
import type { PrismaClient } from "../db/database.js";
import { formatMoney } from "../format.js";
import { BAND_EMOJI } from "../health/band.js";
import { HEALTH_ACTIONS } from "../health/ids.js";
import type { Band } from "../health/model.js";
import { button, escapeMrkdwn, type SlackMessage } from "../slack/blocks.js";
import { enqueue } from "../slack/outbox.js";
import { addDays, daysBetween, isoDay } from "../time.js";
import { dueWindow, reminderKey } from "./windows.js";

export interface RenewalDeps {
  prisma: PrismaClient;
  windows: readonly number[];
  /** The renewals channel; unset, reminders go to owners only. */
  channel?: string;
  onOutbox: () => void;
}

export interface RenewalSubject {
  id: number;
  name: string;
  arr: number;
  currency: string;
  renewalDate: Date;
  ownerSlackId: string | null;
  score: number | null;
  band: Band | null;
}

/** The reminder: health up front (an at-risk renewal stands out), and the paperwork one click away. */
export function buildRenewalReminder(a: RenewalSubject, daysLeft: number): SlackMessage {
  const atRisk = a.band === "red" || a.band === "yellow";
  const health =
    a.band && a.score !== null
      ? `${BAND_EMOJI[a.band]} health ${a.score}/100${atRisk ? " · *at risk*" : ""}`
      : "no health score yet";
  const text = `${atRisk ? "⚠️ " : ""}${a.name} renews in ${daysLeft} days (${isoDay(a.renewalDate)}), ${formatMoney(a.arr, a.currency)}.`;
  const paperwork = JSON.stringify({ accountId: a.id, type: "renewal", startDate: isoDay(a.renewalDate) });
  return {
    text,
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `${atRisk ? "⚠️ " : "📅 "}*${escapeMrkdwn(a.name)}* renews in *${daysLeft} days* (${isoDay(a.renewalDate)}) · ${formatMoney(a.arr, a.currency)}\n${health}${a.ownerSlackId ? ` · owner <@${a.ownerSlackId}>` : ""}`,
        },
      },
      {
        type: "actions",
        elements: [
          button(CONTRACT_ACTIONS.open, "Start renewal paperwork", paperwork, "primary"),
          button(HEALTH_ACTIONS.show, "Health card", String(a.id)),
        ],
      },
    ],
  };
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
  const rows = await deps.prisma.$queryRawUnsafe<
    {
      id: number;
      name: string;
      arr: number;
      currency: string;
      renewal_date: Date;
      owner_slack_id: string | null;
      score: number | null;
      band: Band | null;
    }[]
  >(
    `SELECT a.id, a.name, a.arr::float8 AS arr, a.currency, a.renewal_date, a.owner_slack_id, s.score, s.band
     FROM accounts a
     LEFT JOIN LATERAL (SELECT score, band FROM health_snapshots h WHERE h.account_id = a.id AND h.date <= $1::date
                        ORDER BY h.date DESC LIMIT 1) s ON true
     WHERE a.renewal_date BETWEEN $1::date AND $2::date ORDER BY a.renewal_date, a.id`,
    isoDay(today),
    isoDay(horizon),
  );
  const due = rows.flatMap((row) => {
    const daysLeft = daysBetween(today, row.renewal_date);
    const window = dueWindow(daysLeft, deps.windows);
    return window === undefined
      ? []
      : [{ row, daysLeft, key: reminderKey(row.id, isoDay(row.renewal_date), window) }];
  });
  // Which reminders went out already: one query per thousand, not one per account.
  const done = new Set<string>();
  for (let i = 0; i < due.length; i += 1_000) {
    const keys = due.slice(i, i + 1_000).flatMap((d) => [`${d.key}:channel`, `${d.key}:owner`]);
    const found = await deps.prisma.outboxMessage.findMany({
      where: { dedupeKey: { in: keys } },
      select: { dedupeKey: true },
    });
    for (const f of found) done.add(f.dedupeKey!.replace(/:(channel|owner)$/, ""));
  }
  const lines: string[] = [];
  let sent = 0;
  for (const { row, daysLeft, key } of due.filter((d) => !done.has(d.key))) {
    const message = buildRenewalReminder(
      {
        id: row.id,
        name: row.name,
        arr: Number(row.arr),
        currency: row.currency,
        renewalDate: row.renewal_date,
        ownerSlackId: row.owner_slack_id,
        score: row.score,
        band: row.band,
      },
      daysLeft,
    );
    lines.push(message.text);
    if (dryRun) continue;
    await deps.prisma.$transaction(async (tx) => {
      if (deps.channel)
        await enqueue(tx, {
          method: "chat.postMessage",
          channel: deps.channel,
          message: { ...message },
          dedupeKey: `${key}:channel`,
        });
      if (row.owner_slack_id)
        await enqueue(tx, {
          method: "chat.postMessage",
          channel: row.owner_slack_id,
          message: { ...message },
          dedupeKey: `${key}:owner`,
        });
    });
    sent++;
  }
  if (sent > 0) deps.onOutbox();
  return { due: lines.length, sent, lines };
}
