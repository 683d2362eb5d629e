import { type AlertStatus, alertStatusSchema } from "../alerts/rules.js";
import { coverFor } from "../contracts/cover-repository.js";
import { waitingOn } from "../contracts/recipients.js";
import { listRequests } from "../contracts/repository.js";
import type { RequestDetails } from "../contracts/request.js";
import { WAITING_ON_CS_OPS } from "../contracts/state.js";
import { stepMembersFor, type WaitingDeps } from "../contracts/waiting.js";
import type { Prisma, PrismaClient } from "../db/database.js";
import { type CauseFacts, causeFactsSchema } from "../health/alert-reason.js";

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

/** Alerts not resolved whose owner (`owner`, or anyone) has not been told, on accounts with an owner. */
export async function loadUntoldAlerts(db: Db, owner?: string): Promise<UntoldAlert[]> {
  const rows = await db.alert.findMany({
    where: {
      ownerNotifiedAt: null,
      status: { not: "resolved" },
      account: { ownerSlackId: owner ?? { not: null } },
    },
    select: {
      id: true,
      version: true,
      status: true,
      reason: true,
      details: true,
      severity: true,
      accountId: true,
      account: { select: { ownerSlackId: true } },
    },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    status: alertStatusSchema.parse(r.status),
    reason: r.reason,
    causes: causesOf(r.details),
    severity: r.severity,
    accountId: r.accountId,
    ownerSlackId: r.account.ownerSlackId!,
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
 * ahead, on accounts with an owner.
 */
export async function loadUntoldReminders(db: Db, today: Date, owner?: string): Promise<UntoldReminder[]> {
  const rows = await db.renewalReminder.findMany({
    where: {
      ownerNotifiedAt: null,
      renewalDate: { gte: today },
      account: { ownerSlackId: owner ?? { not: null } },
    },
    select: {
      id: true,
      accountId: true,
      renewalDate: true,
      windowDays: true,
      account: { select: { ownerSlackId: true } },
    },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({
    id: r.id,
    accountId: r.accountId,
    renewalDate: r.renewalDate,
    windowDays: r.windowDays,
    ownerSlackId: r.account.ownerSlackId!,
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
  // A slice of ids a statement: an owner's first morning on a large portfolio covers tens of
  // thousands, past the database's limit on a statement's parameters.
  for (let i = 0; i < items.alertIds.length; i += MARK_SLICE)
    await tx.alert.updateMany({
      where: { id: { in: items.alertIds.slice(i, i + MARK_SLICE) }, ownerNotifiedAt: null },
      data: { ownerNotifiedAt: now },
    });
  for (let i = 0; i < items.reminderIds.length; i += MARK_SLICE)
    await tx.renewalReminder.updateMany({
      where: { id: { in: items.reminderIds.slice(i, i + MARK_SLICE) }, ownerNotifiedAt: null },
      data: { ownerNotifiedAt: now },
    });
}

/** Ids per statement when marking told. */
const MARK_SLICE = 10_000;
