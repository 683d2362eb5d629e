import { createHash } from "node:crypto";
import type { Prisma, PrismaClient, SqlQuery } from "../db/database.js";
import { KurokoError } from "../errors.js";
import type { Logger } from "../log.js";
import type { Approvers } from "../slack/approvers.js";
import { enqueue, findByKey } from "../slack/outbox.js";
import type { IntakeInput } from "./intake.js";
import {
  type Approval,
  type ApprovalPolicy,
  assign,
  type Decision,
  decide,
  isClosed,
  requiredSteps,
  STATUSES,
  type Status,
  type Transition,
} from "./state.js";
import { type Priority, type RequestType, requestLabel } from "./types.js";
import { buildQueueMessage, buildRequesterDm, buildThreadLine, type RequestDetails } from "./views.js";

/** What the contracts service works with; built once in createApp. */
export interface ContractDeps {
  prisma: PrismaClient;
  /** Raw reads for hot paths (the account typeahead). */
  sql: SqlQuery;
  /** The team's time zone: "today" for dates typed in forms. */
  timezone: string;
  policy: ApprovalPolicy;
  approvers: Approvers;
  clock: () => Date;
  logger: Logger;
  /** The CS Ops queue channel; unset, requests are stored and DMed but not posted. */
  queueChannel?: string;
  /** Called after a change committed messages to the outbox. */
  onOutbox: () => void;
}

export type ChangeResult =
  | {
      ok: true;
      request: RequestDetails;
      /** The same form delivered again: nothing changed, nothing was sent. */
      replay?: boolean;
    }
  | { ok: false; reason: string };

/** The dedupe key of a request's queue message in the outbox. */
export const queueKey = (id: number) => `cr:${id}:queue`;

type Row = Prisma.ContractRequestGetPayload<{ include: { account: { select: { id: true; name: true } } } }>;

export function toDetails(row: Row): RequestDetails {
  return {
    id: row.id,
    number: row.number,
    type: row.type as RequestType,
    status: row.status as Status,
    priority: row.priority as Priority,
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
    approvals: (row.approvals ?? []) as unknown as Approval[],
    slaDueAt: row.slaDueAt,
    account: row.account,
  };
}

type Tx = Prisma.TransactionClient;
export const withAccount = { account: { select: { id: true, name: true } } } as const;

/** A request as changes read it, with its optimistic-concurrency version. */
export type LoadedRequest = RequestDetails & { version: number };

export async function loadRequest(
  prisma: Pick<PrismaClient, "contractRequest">,
  id: number,
): Promise<LoadedRequest | undefined> {
  const row = await prisma.contractRequest.findUnique({ where: { id }, include: withAccount });
  return row ? { ...toDetails(row), version: row.version } : undefined;
}

export function fieldsOf(input: IntakeInput) {
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

/** Messages a change sends: the queue message edited, a thread line, the requester told. */
async function announce(
  tx: Tx,
  deps: ContractDeps,
  request: RequestDetails,
  event: { action: string; actorId: string; comment?: string | null },
  now: Date,
): Promise<void> {
  const queueId = await findByKey(tx, queueKey(request.id));
  const steps = requiredSteps(request, deps.policy);
  if (queueId) {
    await enqueue(tx, {
      method: "chat.update",
      channel: deps.queueChannel ?? "",
      parentId: queueId,
      message: { ...buildQueueMessage(request, steps, now) },
    });
    await enqueue(tx, {
      method: "chat.postMessage",
      channel: deps.queueChannel ?? "",
      parentId: queueId,
      message: { ...buildThreadLine({ ...event, status: request.status }) },
    });
  }
  if (event.actorId !== request.requesterId || event.action === "resubmitted") {
    await enqueue(tx, {
      method: "chat.postMessage",
      channel: request.requesterId,
      message: { ...buildRequesterDm(request, event) },
    });
  }
}

class MovedOn extends Error {}

/** The request a form (see ContractEvent.viewKey) already submitted or resubmitted, if any. */
export async function findSubmission(
  prisma: Pick<PrismaClient, "contractEvent">,
  viewKey: string,
): Promise<number | undefined> {
  return (await prisma.contractEvent.findUnique({ where: { viewKey }, select: { requestId: true } }))
    ?.requestId;
}

/** A unique index refused the row: here, the form's key was stored by a concurrent delivery. */
export const isUniqueViolation = (error: unknown) => (error as { code?: unknown })?.code === "P2002";

export interface ChangeOptions {
  /** What the actor attempted, as a refusal is audited: "decide: approve", "resubmit". */
  attempted: string;
  /** Audit every refusal; otherwise only those on who the actor is (Transition.forbidden). */
  auditEveryRefusal?: boolean;
  /** Columns written with the transition (a resubmission's edited fields). */
  extra?: Prisma.ContractRequestUncheckedUpdateManyInput;
  /** The form the change came from: delivered again, it changes nothing and succeeds. */
  viewKey?: string;
}

/**
 * Applies a transition with optimistic concurrency: the row is updated only if nobody changed
 * it since it was read, so two approvers deciding at once give one decision; the other is told
 * the request has already moved on. A refusal on who the actor is gets audited.
 */
export async function change(
  deps: ContractDeps,
  id: number,
  actor: string,
  compute: (state: LoadedRequest) => Transition,
  options: ChangeOptions,
): Promise<ChangeResult> {
  const replay = async (): Promise<ChangeResult | undefined> => {
    const done = options.viewKey ? await findSubmission(deps.prisma, options.viewKey) : undefined;
    const request = done ? await loadRequest(deps.prisma, done) : undefined;
    return request ? { ok: true, request, replay: true } : undefined;
  };
  const current = await loadRequest(deps.prisma, id);
  if (!current) return { ok: false, reason: "that request no longer exists" };
  const earlier = await replay();
  if (earlier) return earlier;
  const transition = compute(current);
  if (!transition.ok) {
    if (transition.forbidden || options.auditEveryRefusal)
      await recordRefusal(deps.prisma, id, actor, options.attempted, transition.reason);
    return { ok: false, reason: transition.reason };
  }
  const now = deps.clock();
  try {
    const request = await deps.prisma.$transaction(async (tx) => {
      const { count } = await tx.contractRequest.updateMany({
        where: { id, version: current.version },
        data: {
          ...options.extra,
          status: transition.status,
          approvals: transition.approvals as unknown as Prisma.InputJsonValue,
          assigneeId: transition.assigneeId,
          version: { increment: 1 },
          closedAt: isClosed(transition.status) ? now : null,
        },
      });
      if (count === 0) throw new MovedOn();
      await tx.contractEvent.create({
        data: {
          requestId: id,
          actorId: actor,
          action: transition.action,
          fromStatus: current.status,
          toStatus: transition.status,
          comment: transition.comment,
          viewKey: options.viewKey,
        },
      });
      const updated = (await loadRequest(tx, id))!;
      await announce(
        tx,
        deps,
        updated,
        { action: transition.action, actorId: actor, comment: transition.comment },
        now,
      );
      return updated;
    });
    deps.onOutbox();
    return { ok: true, request };
  } catch (error) {
    if (!(error instanceof MovedOn) && !(options.viewKey && isUniqueViolation(error))) throw error;
    // The same form, delivered twice at once: the other delivery made the change.
    const concurrent = await replay();
    if (concurrent) return concurrent;
    if (!(error instanceof MovedOn)) throw error;
    const latest = await loadRequest(deps.prisma, id);
    return {
      ok: false,
      reason: `it has already moved on: it is now ${STATUSES[latest?.status ?? "submitted"].toLowerCase()}`,
    };
  }
}

export function assignRequest(deps: ContractDeps, id: number, actor: string): Promise<ChangeResult> {
  return change(deps, id, actor, (state) => assign(state, actor), { attempted: "assign" });
}

/**
 * What a reviewer is shown of a request, as a short digest: the review modal carries it, so a
 * request edited and resubmitted while the modal was open is not decided unseen.
 */
export function requestDigest(r: RequestDetails): string {
  const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
  const shown = [
    r.account.id,
    r.type,
    r.amount,
    r.currency,
    r.termMonths,
    day(r.startDate),
    day(r.endDate),
    day(r.dueDate),
    r.priority,
    r.links,
    r.notes,
  ];
  return createHash("sha256").update(JSON.stringify(shown)).digest("hex").slice(0, 16);
}

/** A reviewer's decision; `reviewed` is the requestDigest of what their modal showed. */
export async function decideRequest(
  deps: ContractDeps,
  id: number,
  actor: string,
  decision: Decision,
  comment: string,
  reviewed?: string,
): Promise<ChangeResult> {
  const current = await loadRequest(deps.prisma, id);
  if (!current) return { ok: false, reason: "that request no longer exists" };
  const actorSteps = await deps.approvers.stepsOf(actor, requiredSteps(current, deps.policy));
  return change(
    deps,
    id,
    actor,
    (state) =>
      reviewed && requestDigest(state) !== reviewed
        ? {
            ok: false,
            reason: "it was edited and resubmitted after you opened it: open Review again to see it",
          }
        : decide(state, { actor, decision, comment, actorSteps, policy: deps.policy, now: deps.clock() }),
    { attempted: `decide: ${decision}` },
  );
}

/** Someone who may not do a thing tried: it is audited (what they attempted, and why it was refused). */
export async function recordRefusal(
  prisma: PrismaClient,
  id: number,
  actor: string,
  attempted: string,
  reason?: string,
): Promise<void> {
  // A click on a request that no longer exists has nothing to be audited against.
  if ((await prisma.contractRequest.count({ where: { id } })) === 0) return;
  await prisma.contractEvent.create({
    data: {
      requestId: id,
      actorId: actor,
      action: "refused",
      comment: attempted,
      ...(reason ? { data: { reason } } : {}),
    },
  });
}

export interface RequestFilter {
  statuses?: Status[];
  requesterId?: string;
  assigneeId?: string | null;
  overdueAt?: Date;
  limit?: number;
}

export async function listRequests(
  prisma: PrismaClient,
  filter: RequestFilter = {},
): Promise<RequestDetails[]> {
  const rows = await prisma.contractRequest.findMany({
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

export class UnknownRequest extends KurokoError {}

/** The audit trail of one request, oldest first. */
export async function auditTrail(prisma: PrismaClient, number: number) {
  const request = await prisma.contractRequest.findUnique({ where: { number }, select: { id: true } });
  if (!request) throw new UnknownRequest(`There is no ${requestLabel(number)}.`);
  return prisma.contractEvent.findMany({
    where: { requestId: request.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/** Every audit event in [from, to), with its request's number: for the CSV export. */
export async function auditEvents(prisma: PrismaClient, from: Date, to: Date) {
  return prisma.contractEvent.findMany({
    where: { createdAt: { gte: from, lt: to } },
    include: { request: { select: { number: true, type: true, account: { select: { name: true } } } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}
