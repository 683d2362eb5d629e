import { type AlertStatus, alertStatusSchema } from "../alerts/rules.js";
import { coverFor } from "../contracts/cover-repository.js";
import { waitingOn } from "../contracts/recipients.js";
import { listRequests } from "../contracts/repository.js";
import type { RequestDetails } from "../contracts/request.js";
import { WAITING_ON_CS_OPS } from "../contracts/state.js";
import { stepMembersFor, type WaitingDeps } from "../contracts/waiting.js";
import type { Prisma, PrismaClient, SqlQuery } from "../db/database.js";
import { type CauseFacts, causeFactsSchema } from "../health/alert-reason.js";
import { isoDay } from "../time.js";

/**
 * The morning DM's reads and its one write: what each person has not been told yet
 * (`owner_notified_at` IS NULL on alerts and renewal reminders), and marking it told.
 */

type Db = Pick<
  PrismaClient,
  "account" | "alert" | "renewalReminder" | "contractRequest" | "contractEvent" | "approverCover"
>;

export interface UntoldAlert {
  id: number;
  version: number;
  status: AlertStatus;
  reason: string;
  /** Why it was raised, as facts (`details.causes`): the DM says it in the recipient's language. */
  causes?: CauseFacts[];
  severity: number;
  accountId: number;
  ownerSlackId: string;
}

/** The facts an alert's details hold; none (the English reason is shown) if absent or unreadable. */
function causesOf(details: unknown): CauseFacts[] | undefined {
  const causes = (details as { causes?: unknown } | null)?.causes;
  const parsed = causeFactsSchema.array().safeParse(causes);
  return parsed.success && parsed.data.length ? parsed.data : undefined;
}

/**
 * The people with news they have not been told: owners of accounts with an untold alert (not
 * resolved) or an untold reminder of a renewal still ahead. Sorted, so that each run goes
 * through them in the same order.
 */
export async function untoldOwners(db: Db, today: Date): Promise<string[]> {
  const rows = await db.account.findMany({
    where: {
      ownerSlackId: { not: null },
      OR: [
        { alerts: { some: { ownerNotifiedAt: null, status: { not: "resolved" } } } },
        { renewalReminders: { some: { ownerNotifiedAt: null, renewalDate: { gte: today } } } },
      ],
    },
    distinct: ["ownerSlackId"],
    select: { ownerSlackId: true },
  });
  return rows.map((r) => r.ownerSlackId!).sort((a, b) => a.localeCompare(b));
}

/** What ranks an account's item before its context is read: its name and ARR. */
export interface UntoldAccount {
  name: string;
  arr: number;
  currency: string;
}

/**
 * Alerts not resolved whose owner (`owner`, or anyone) has not been told, on accounts with an
 * owner, with their account's name and ARR. Straight through the driver: an owner's first
 * morning on a large portfolio has tens of thousands.
 */
export async function loadUntoldAlerts(
  sql: SqlQuery,
  owner?: string,
): Promise<(UntoldAlert & { account: UntoldAccount })[]> {
  const rows = await sql<{
    id: number | string;
    version: number | string;
    status: string;
    reason: string;
    details: unknown;
    severity: number | string;
    account_id: number | string;
    owner_slack_id: string;
    name: string;
    arr: number | string;
    currency: string;
  }>(
    `SELECT al.id, al.version, al.status, al.reason, al.details, al.severity, al.account_id,
       a.owner_slack_id, a.name, a.arr::float8 AS arr, a.currency
     FROM alerts al JOIN accounts a ON a.id = al.account_id
     WHERE al.owner_notified_at IS NULL AND al.status <> 'resolved'
       AND ${owner === undefined ? "a.owner_slack_id IS NOT NULL" : "a.owner_slack_id = $1"}
     ORDER BY al.id`,
    owner === undefined ? [] : [owner],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    version: Number(r.version),
    status: alertStatusSchema.parse(r.status),
    reason: r.reason,
    causes: causesOf(r.details),
    severity: Number(r.severity),
    accountId: Number(r.account_id),
    ownerSlackId: r.owner_slack_id,
    account: { name: r.name, arr: Number(r.arr), currency: r.currency },
  }));
}

export interface UntoldReminder {
  id: number;
  accountId: number;
  renewalDate: Date;
  windowDays: number;
  ownerSlackId: string;
}

/**
 * Renewal reminders recorded but not told to the owner (`owner`, or anyone), for renewals still
 * ahead, on accounts with an owner, with their account's name and ARR (through the driver).
 */
export async function loadUntoldReminders(
  sql: SqlQuery,
  today: Date,
  owner?: string,
): Promise<(UntoldReminder & { account: UntoldAccount })[]> {
  const rows = await sql<{
    id: number | string;
    account_id: number | string;
    renewal_date: string;
    window_days: number | string;
    owner_slack_id: string;
    name: string;
    arr: number | string;
    currency: string;
  }>(
    `SELECT r.id, r.account_id, to_char(r.renewal_date, 'YYYY-MM-DD') AS renewal_date, r.window_days,
       a.owner_slack_id, a.name, a.arr::float8 AS arr, a.currency
     FROM renewal_reminders r JOIN accounts a ON a.id = r.account_id
     WHERE r.owner_notified_at IS NULL AND r.renewal_date >= $1::date
       AND ${owner === undefined ? "a.owner_slack_id IS NOT NULL" : "a.owner_slack_id = $2"}
     ORDER BY r.id`,
    owner === undefined ? [isoDay(today)] : [isoDay(today), owner],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    accountId: Number(r.account_id),
    renewalDate: new Date(`${r.renewal_date}T00:00:00Z`),
    windowDays: Number(r.window_days),
    ownerSlackId: r.owner_slack_id,
    account: { name: r.name, arr: Number(r.arr), currency: r.currency },
  }));
}

/**
 * Requests waiting on someone, by the contracts' one rule (recipients.ts): changes requested on
 * the requester; in review on the assignee; a later approval step on whoever may give it; an away
 * approver's share on their delegate. Without `waiting` (no approvers to ask): assignees only.
 */
export async function loadWaitingRequests(
  db: Db,
  today: Date,
  waiting?: WaitingDeps,
): Promise<{ request: RequestDetails; waiting: "yours" | "review"; person: string }[]> {
  const [changes, review] = await Promise.all([
    listRequests(db, { statuses: ["changes_requested"] }),
    listRequests(db, { statuses: [...WAITING_ON_CS_OPS] }),
  ]);
  if (!waiting)
    return [
      ...changes.map((request) => ({ request, waiting: "yours" as const, person: request.requesterId })),
      ...review.flatMap((request) =>
        request.assigneeId ? [{ request, waiting: "review" as const, person: request.assigneeId }] : [],
      ),
    ];
  const requests = [...changes, ...review];
  const members = await stepMembersFor(waiting, requests);
  const uncovered = requests.flatMap((r) => waitingOn(r, waiting.policy, members)?.userIds ?? []);
  const cover = await coverFor(db, uncovered, today);
  return requests.flatMap((request) => {
    const on = waitingOn(request, waiting.policy, members, cover);
    if (!on) return [];
    const kind = on.action === "edit" ? ("yours" as const) : ("review" as const);
    return on.userIds.map((person) => ({ request, waiting: kind, person }));
  });
}

/** Marks these alerts and reminders told (in the transaction that enqueues the DM). */
export async function markTold(
  tx: Prisma.TransactionClient,
  items: { alertIds: number[]; reminderIds: number[] },
  now: Date,
): Promise<void> {
  // The ids as one array parameter a slice, in order: an owner's first morning on a large
  // portfolio covers tens of thousands, past the database's limit on a statement's parameters
  // (one each). `= ANY(array)` walks the primary key once in order, where `IN (SELECT ...)` of
  // the same ids probed it once each (a fifth more time, and a nested loop when misplanned).
  for (const [table, ids] of [
    ["alerts", [...items.alertIds].sort((a, b) => a - b)],
    ["renewal_reminders", [...items.reminderIds].sort((a, b) => a - b)],
  ] as const)
    for (let i = 0; i < ids.length; i += MARK_SLICE)
      await tx.$executeRawUnsafe(
        `UPDATE ${table} SET owner_notified_at = $1::timestamp
         WHERE owner_notified_at IS NULL AND id = ANY($2::int[])`,
        now.toISOString(),
        ids.slice(i, i + MARK_SLICE),
      );
}

/** Ids per statement when marking told. */
const MARK_SLICE = 50_000;
