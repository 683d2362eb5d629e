import { z } from "zod";
import { coveringRequest } from "../contracts/renewal-cover.js";
import type { Prisma, PrismaClient, SqlQuery } from "../db/database.js";
import { jsonRows } from "../db/json-rows.js";
import { loadAccountContexts } from "../health/context.js";
import { type Band, checkedBand } from "../health/model.js";
import { latestSnapshotSql } from "../health/repository.js";
import { memoized } from "../memo.js";
import { daysBetween, isoDay, utcDay } from "../time.js";
import type { ReminderEntry } from "./views.js";

/**
 * Renewals' reads and writes: the accounts coming up for renewal, and `renewal_reminders`, the
 * record of each reminder sent (one row per account, renewal date and window: the row is the
 * proof it was sent, written in the transaction that enqueues the message).
 */

type Db = Pick<PrismaClient, "$queryRawUnsafe">;

/** A reminder as `renewal_reminders` keys it. */
export interface ReminderKey {
  accountId: number;
  renewalDate: Date;
  windowDays: number;
}

/** An account renewing soon, with what orders and counts its window's message (no context yet). */
export interface RenewingAccount {
  id: number;
  renewalDate: Date;
  name: string;
  arr: number;
  currency: string;
  /** Its band on its latest snapshot on or before today (null: never scored). */
  band: Band | null;
}

/**
 * Accounts renewing from `today` to `horizon` (inclusive), with name, ARR and band: enough to
 * order and count each window's accounts before any context is read. Straight through the
 * driver: a first morning on a million accounts reads ~240,000 of them.
 */
export async function loadRenewingAccounts(
  sql: SqlQuery,
  today: Date,
  horizon: Date,
): Promise<RenewingAccount[]> {
  const renewing = await jsonRows(
    sql,
    // Sorted after the snapshot look-ups, not before (OFFSET 0 keeps the planner from sorting
    // first): the look-ups then go through the snapshots' index in the accounts' order rather
    // than in renewal-date order, all over it (240,000 look-ups: 3.4 s -> 1.5 s). One JSON text
    // of [id, renewal day, name, ARR, currency, band] per account, parsed at once (days as JSON
    // are 'YYYY-MM-DD' whatever the DateStyle).
    `SELECT json_agg(json_build_array(r.id, r.renews, r.name, r.arr, r.currency, r.band) ORDER BY r.renews, r.id)::text
       AS rows
     FROM (
       SELECT a.id, a.renewal_date AS renews, a.name, a.arr::float8 AS arr, a.currency, s.band
       FROM accounts a LEFT JOIN LATERAL ${latestSnapshotSql("a.id", "$1::date", "band")} s ON true
       WHERE a.renewal_date BETWEEN $1::date AND $2::date OFFSET 0) r`,
    [isoDay(today), isoDay(horizon)],
  );
  // One Date per renewal day (nothing changes a Date in place).
  const dayOf = memoized(utcDay);
  return renewing.map((raw) => {
    const [id, renews, name, arr, currency, band] = raw;
    if (
      typeof id !== "number" ||
      typeof renews !== "string" ||
      typeof name !== "string" ||
      typeof arr !== "number"
    )
      throw new Error(`renewals: account ${String(id)} is not of the expected shape`);
    const renewalDate = dayOf(renews);
    return {
      id,
      renewalDate,
      name,
      arr,
      currency: String(currency),
      band: band === null ? null : checkedBand(band, `renewals: account ${id}`),
    };
  });
}

const keyRow = z.object({
  id: z.number().int(),
  account_id: z.number().int(),
  window_days: z.number().int(),
});

const keyOf = (k: { accountId: number; windowDays: number }) => `${k.accountId}:${k.windowDays}`;

/** Which of these reminders are recorded already (sent, or sent by another run): keys "account:window". */
export async function recordedReminders(sql: SqlQuery, due: readonly ReminderKey[]): Promise<Set<string>> {
  if (!due.length) return new Set();
  const rows = await sql<{ account_id: number | string; window_days: number | string }>(
    `SELECT r.account_id, r.window_days FROM renewal_reminders r
     JOIN jsonb_to_recordset($1::jsonb) AS d(account_id int, renewal_date date, window_days int)
       ON r.account_id = d.account_id AND r.renewal_date = d.renewal_date AND r.window_days = d.window_days`,
    // As JSON: the embedded database's driver passes scalars only.
    [
      JSON.stringify(
        due.map((d) => ({
          account_id: d.accountId,
          renewal_date: isoDay(d.renewalDate),
          window_days: d.windowDays,
        })),
      ),
    ],
  );
  return new Set(
    rows.map((r) => keyOf({ accountId: Number(r.account_id), windowDays: Number(r.window_days) })),
  );
}

/**
 * Records these reminders as sent on `day`, inside the caller's transaction; returns the ones
 * this call recorded (a reminder another run recorded first is not returned: it was sent there).
 * Two replicas or a rerun therefore send each reminder once.
 */
export async function recordReminders(
  tx: Prisma.TransactionClient,
  due: readonly ReminderKey[],
  day: Date,
): Promise<{ recorded: Set<string>; firstId?: number }> {
  if (!due.length) return { recorded: new Set() };
  // Written in the accounts' order: each row's index entries and foreign-key check then land
  // next to the last one's rather than all over (a first morning records ~240,000).
  const ordered = [...due].sort((a, b) => a.accountId - b.accountId || a.windowDays - b.windowDays);
  const rows = await tx.$queryRawUnsafe<unknown[]>(
    `INSERT INTO renewal_reminders (account_id, renewal_date, window_days, day)
     SELECT d.account_id, d.renewal_date, d.window_days, $4::date
     FROM unnest($1::int[], $2::date[], $3::int[]) AS d(account_id, renewal_date, window_days)
     ON CONFLICT (account_id, renewal_date, window_days) DO NOTHING
     RETURNING id, account_id, window_days`,
    ordered.map((d) => d.accountId),
    ordered.map((d) => isoDay(d.renewalDate)),
    ordered.map((d) => d.windowDays),
    isoDay(day),
  );
  const parsed = rows.map((raw) => keyRow.parse(raw));
  return {
    recorded: new Set(parsed.map((r) => keyOf({ accountId: r.account_id, windowDays: r.window_days }))),
    // Not Math.min(...ids): a first morning on a large portfolio records hundreds of thousands
    // (past the call stack's limit on arguments).
    firstId: parsed.length ? parsed.reduce((min, r) => Math.min(min, r.id), parsed[0]!.id) : undefined,
  };
}

export const reminderKeyOf = keyOf;

const requestIdRow = z.object({ id: z.number().int(), number: z.number().int() });

/** The ids of contract requests by their numbers (the buttons that open a request carry its id). */
async function requestIds(db: Db, numbers: readonly number[]): Promise<Map<number, number>> {
  if (!numbers.length) return new Map();
  const rows = await db.$queryRawUnsafe<unknown[]>(
    "SELECT id, number FROM contract_requests WHERE number = ANY($1::int[])",
    [...new Set(numbers)],
  );
  return new Map(rows.map((raw) => requestIdRow.parse(raw)).map((r) => [r.number, r.id]));
}

/**
 * These reminders with what they show: each account's context as of `today` (ARR, band, owner,
 * paperwork, CRM id) and the renewal request already covering the renewal, if any. Two
 * queries for any number of reminders. Accounts gone since are left out.
 */
export async function loadReminderEntries(
  db: Db,
  reminders: readonly ReminderKey[],
  today: Date,
): Promise<ReminderEntry[]> {
  const contexts = await loadAccountContexts(
    db,
    reminders.map((r) => r.accountId),
    today,
  );
  const found = reminders.flatMap((r) => {
    const context = contexts.get(r.accountId);
    return context ? [{ r, context, covering: coveringRequest(context.paperwork, r.renewalDate) }] : [];
  });
  const ids = await requestIds(
    db,
    found.flatMap((f) => (f.covering ? [f.covering.number] : [])),
  );
  return found.map(({ r, context, covering }): ReminderEntry => {
    const id = covering ? ids.get(covering.number) : undefined;
    return {
      context,
      renewalDate: r.renewalDate,
      windowDays: r.windowDays,
      daysLeft: daysBetween(today, r.renewalDate),
      ...(covering && id !== undefined ? { cover: { id, paperwork: covering } } : {}),
    };
  });
}
