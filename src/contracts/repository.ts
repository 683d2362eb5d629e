import { z } from "zod";
import type { Prisma, PrismaClient } from "../db/database.js";
import { latestSnapshotSql } from "../health/repository.js";
import { isoDay } from "../time.js";
import type { IntakeInput } from "./intake-form.js";
import type { LoadedRequest, RequestDetails, Versioned } from "./request.js";
import {
  type Approval,
  approvalsSchema,
  OPEN_STATUSES,
  type Status,
  statusSchema,
  WAITING_ON_CS_OPS,
} from "./state.js";
import { prioritySchema, requestTypeSchema } from "./types.js";

/**
 * Contracts' reads and writes. Every row comes back checked: a status, type or priority the
 * code does not know, or an `approvals` or event `data` column of another shape, is an error
 * that names the row, never a wrong answer.
 */

/** The client or a transaction's: writes here compose into a caller's transaction. */
export type Db = Pick<PrismaClient, "contractRequest" | "contractEvent">;
/** A transaction: a change's rows and the messages it sends (the outbox) commit together. */
export type Tx = Prisma.TransactionClient;

const withAccount = { account: { select: { id: true, name: true } } } as const;
type Row = Prisma.ContractRequestGetPayload<{ include: typeof withAccount }>;
/** A change also reads which (re)submission the request is at: its latest such audit event. */
const forChange = {
  ...withAccount,
  events: {
    where: { action: { in: ["submitted", "resubmitted"] } },
    orderBy: { id: "desc" },
    take: 1,
    select: { id: true },
  },
} as const satisfies Prisma.ContractRequestInclude;

/** A row Kuroko cannot read: stored by something else, or by an older Kuroko. */
export class UnreadableRow extends Error {
  override name = "UnreadableRow";
}

function column<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new UnreadableRow(
    `${where} holds ${String(JSON.stringify(value)).slice(0, 80)}, which Kuroko cannot read`,
  );
}

/** A contract_events row's `data`: why a refusal was refused, when it says. */
export const eventDataSchema = z.object({ reason: z.string().optional() }).nullable();
export type EventData = z.output<typeof eventDataSchema>;

/** Only what the views show: `listRequests`' answer is printed as JSON by `kuroko requests`. */
function toDetails(row: Row): RequestDetails {
  const where = (name: string) => `contract request ${row.id}'s ${name}`;
  return {
    id: row.id,
    number: row.number,
    type: column(requestTypeSchema, row.type, where("type")),
    status: column(statusSchema, row.status, where("status")),
    priority: column(prioritySchema, row.priority, where("priority")),
    amount: row.amount?.toNumber() ?? null,
    currency: row.currency,
    termMonths: row.termMonths,
    startDate: row.startDate,
    endDate: row.endDate,
    dueDate: row.dueDate,
    links: row.links,
    notes: row.notes,
    requesterId: row.requesterId,
    assigneeId: row.assigneeId,
    approvals: column(approvalsSchema, row.approvals, where("approvals")),
    slaDueAt: row.slaDueAt,
    submittedAt: row.submittedAt,
    account: row.account,
    stage: row.stage,
    documentUrl: row.documentUrl,
    withdrawnReason: row.withdrawnReason,
  };
}

const toVersioned = (row: Row): Versioned => ({ ...toDetails(row), version: row.version });

export async function findRequest(db: Db, id: number): Promise<LoadedRequest | undefined> {
  const row = await db.contractRequest.findUnique({ where: { id }, include: forChange });
  return row ? { ...toVersioned(row), submission: row.events[0]?.id ?? 0 } : undefined;
}

export async function requestExists(db: Db, id: number): Promise<boolean> {
  return (await db.contractRequest.count({ where: { id } })) > 0;
}

export interface RequestFilter {
  statuses?: Status[];
  requesterId?: string;
  assigneeId?: string | null;
  overdueAt?: Date;
  limit?: number;
}

/** Requests, soonest SLA first (500 at most unless `limit` says otherwise). */
export async function listRequests(db: Db, filter: RequestFilter = {}): Promise<RequestDetails[]> {
  const rows = await db.contractRequest.findMany({
    where: {
      ...(filter.statuses ? { status: { in: filter.statuses } } : {}),
      ...(filter.requesterId ? { requesterId: filter.requesterId } : {}),
      ...(filter.assigneeId !== undefined ? { assigneeId: filter.assigneeId } : {}),
      ...(filter.overdueAt ? { slaDueAt: { lt: filter.overdueAt } } : {}),
    },
    include: withAccount,
    orderBy: [{ slaDueAt: "asc" }, { number: "asc" }],
    take: filter.limit ?? 500,
  });
  return rows.map(toDetails);
}

/** Requests waiting on CS Ops whose SLA ran out and whose queue message is not flagged yet. */
export async function findUnflaggedOverdue(db: Db, now: Date, limit: number): Promise<Versioned[]> {
  const rows = await db.contractRequest.findMany({
    where: { status: { in: [...WAITING_ON_CS_OPS] }, slaDueAt: { lt: now }, overdueFlaggedAt: null },
    include: withAccount,
    orderBy: { slaDueAt: "asc" },
    take: limit,
  });
  return rows.map(toVersioned);
}

/** Marks a request's queue message flagged, if nobody changed or flagged it since `version`. */
export async function markOverdueFlagged(db: Db, request: Versioned, now: Date): Promise<boolean> {
  const { count } = await db.contractRequest.updateMany({
    where: { id: request.id, version: request.version, overdueFlaggedAt: null },
    data: { overdueFlaggedAt: now },
  });
  return count > 0;
}

/** A request's columns as the intake form fills them. */
export function formColumns(input: IntakeInput) {
  return {
    accountId: input.accountId,
    type: input.type,
    priority: input.priority,
    amount: input.amount,
    currency: input.currency,
    termMonths: input.termMonths,
    startDate: input.startDate,
    endDate: input.endDate,
    dueDate: input.dueDate,
    links: input.links,
    notes: input.notes,
  };
}

/** A new request, submitted now, with its SLA. */
export async function insertRequest(
  db: Db,
  input: IntakeInput,
  requesterId: string,
  now: Date,
  slaDueAt: Date,
): Promise<RequestDetails> {
  const row = await db.contractRequest.create({
    data: { ...formColumns(input), status: "submitted", requesterId, submittedAt: now, slaDueAt },
    include: withAccount,
  });
  return toDetails(row);
}

/** What a transition writes: its outcome, and for a resubmission the edited form and a new SLA. */
export interface RequestUpdate {
  status: Status;
  approvals: Approval[];
  assigneeId: string | null;
  closedAt: Date | null;
  resubmitted?: { input: IntakeInput; at: Date; slaDueAt: Date };
}

/**
 * Writes a transition only if nobody changed the request since `version` was read (optimistic
 * concurrency): false when someone did.
 */
export async function updateIfUnchanged(
  db: Db,
  id: number,
  version: number,
  update: RequestUpdate,
): Promise<boolean> {
  const { resubmitted } = update;
  const { count } = await db.contractRequest.updateMany({
    where: { id, version },
    data: {
      ...(resubmitted
        ? {
            ...formColumns(resubmitted.input),
            submittedAt: resubmitted.at,
            slaDueAt: resubmitted.slaDueAt,
            overdueFlaggedAt: null,
          }
        : {}),
      status: update.status,
      approvals: update.approvals,
      assigneeId: update.assigneeId,
      version: { increment: 1 },
      closedAt: update.closedAt,
    },
  });
  return count > 0;
}

/** One line of a request's audit trail. */
export interface NewEvent {
  requestId: number;
  actorId: string;
  action: string;
  fromStatus?: Status;
  toStatus?: Status;
  comment?: string | null;
  data?: EventData;
  /** The form a (re)submission came from: unique, so one form makes one change. */
  viewKey?: string;
  /** Delegation: the away approver the actor stood in for. */
  onBehalfOf?: string;
}

export async function insertEvent(db: Db, event: NewEvent): Promise<void> {
  const { data, ...columns } = event;
  await db.contractEvent.create({ data: { ...columns, ...(data ? { data } : {}) } });
}

/** The request a form (see ContractEvent.viewKey) already submitted or resubmitted, if any. */
export async function findSubmission(db: Db, viewKey: string): Promise<number | undefined> {
  return (await db.contractEvent.findUnique({ where: { viewKey }, select: { requestId: true } }))?.requestId;
}

/** A unique index refused the row: here, the form's key was stored by a concurrent delivery. */
export const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && "code" in error && error.code === "P2002";

/** The advisory-lock class of intake forms (two-key locks: apart from the migration lock's key). */
const INTAKE_LOCK_CLASS = 4_201;

/**
 * Deliveries of one form queue here until the transaction ends (PostgreSQL; PGlite runs
 * transactions one at a time), so the second finds the first instead of spending a CR number
 * on a duplicate. The unique index on the form's key stays the guarantee.
 */
export async function lockForm(db: Pick<PrismaClient, "$executeRaw">, viewKey: string): Promise<void> {
  await db.$executeRaw`SELECT pg_advisory_xact_lock(${INTAKE_LOCK_CLASS}::int4, hashtext(${viewKey}))`;
}

/** An account as the intake form shows it, if it exists. */
export async function findAccountForForm(db: Pick<PrismaClient, "account">, id: number) {
  const select = { id: true, name: true, currency: true, arr: true } as const;
  return (await db.account.findUnique({ where: { id }, select })) ?? undefined;
}

/** An audit event as `kuroko audit` prints it (the columns in the table's order). */
export type AuditEvent = ReturnType<typeof toEvent>;

function toEvent(row: Prisma.ContractEventGetPayload<Record<string, never>>) {
  const where = (name: string) => `contract event ${row.id}'s ${name}`;
  const status = statusSchema.nullable();
  return {
    id: row.id,
    requestId: row.requestId,
    actorId: row.actorId,
    action: row.action,
    fromStatus: column(status, row.fromStatus, where("from_status")),
    toStatus: column(status, row.toStatus, where("to_status")),
    comment: row.comment,
    data: column(eventDataSchema, row.data, where("data")),
    viewKey: row.viewKey,
    onBehalfOf: row.onBehalfOf,
    createdAt: row.createdAt,
  };
}

/** The id of request CR-`number`, if there is one. */
export async function findRequestId(db: Db, number: number): Promise<number | undefined> {
  return (await db.contractRequest.findUnique({ where: { number }, select: { id: true } }))?.id;
}

/** One request's audit trail, oldest first. */
export async function listEvents(db: Db, requestId: number): Promise<AuditEvent[]> {
  const rows = await db.contractEvent.findMany({
    where: { requestId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toEvent);
}

/** Every audit event in [from, to), with its request's number, type and account: for the CSV export. */
export async function listEventsBetween(db: Db, from: Date, to: Date) {
  const rows = await db.contractEvent.findMany({
    where: { createdAt: { gte: from, lt: to } },
    include: { request: { select: { number: true, type: true, account: { select: { name: true } } } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(({ request, ...row }) => ({
    ...toEvent(row),
    request: {
      number: request.number,
      type: column(requestTypeSchema, request.type, `contract event ${row.id}'s request type`),
      account: request.account,
    },
  }));
}

/** An account's score on a day: its latest snapshot on or before it (the review's 30-day change). */
export async function findScoreOn(
  db: Pick<PrismaClient, "$queryRawUnsafe">,
  accountId: number,
  day: Date,
): Promise<{ score: number; day: Date } | undefined> {
  const [row] = await db.$queryRawUnsafe<unknown[]>(
    `SELECT s.score, s.date FROM ${latestSnapshotSql("$1::int", "$2::date", "score, date")} s`,
    accountId,
    isoDay(day),
  );
  if (row === undefined) return undefined;
  const parsed = column(
    z.object({ score: z.number().int(), date: z.date() }),
    row,
    `account ${accountId}'s snapshot`,
  );
  return { score: parsed.score, day: parsed.date };
}

/** An account's other requests: open ones, and any submitted since `since` (newest first). */
export async function listAccountRequests(
  db: Db,
  accountId: number,
  since: Date,
  options: { except: number; limit: number },
): Promise<{ number: number; type: RequestDetails["type"]; status: Status; submittedAt: Date }[]> {
  const rows = await db.contractRequest.findMany({
    where: {
      accountId,
      id: { not: options.except },
      OR: [{ status: { in: [...OPEN_STATUSES] } }, { submittedAt: { gte: since } }],
    },
    select: { id: true, number: true, type: true, status: true, submittedAt: true },
    orderBy: [{ submittedAt: "desc" }, { id: "desc" }],
    take: options.limit,
  });
  return rows.map((r) => ({
    number: r.number,
    type: column(requestTypeSchema, r.type, `contract request ${r.id}'s type`),
    status: column(statusSchema, r.status, `contract request ${r.id}'s status`),
    submittedAt: r.submittedAt,
  }));
}

/** What a life-cycle change (withdraw, reassign, unassign, a stage) writes; undefined: unchanged. */
export interface LifecycleUpdate {
  status: Status;
  assigneeId: string | null;
  closedAt?: Date | null;
  stage?: string;
  stageChangedAt?: Date;
  documentUrl?: string;
  withdrawnReason?: string;
}

/** Writes a life-cycle change only if nobody changed the request since `version`: false when someone did. */
export async function updateLifecycleIfUnchanged(
  db: Db,
  id: number,
  version: number,
  update: LifecycleUpdate,
): Promise<boolean> {
  const { count } = await db.contractRequest.updateMany({
    where: { id, version },
    data: { ...update, version: { increment: 1 } },
  });
  return count > 0;
}
