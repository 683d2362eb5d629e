import { NOT_AN_APPROVER } from "../slack/approvers.js";
import { announceWaiting } from "./announce.js";
import {
  advanceStage,
  type LifecycleChange,
  type LifecycleField,
  reassign,
  unassign,
  withdraw,
} from "./lifecycle.js";
import { announceLifecycle } from "./lifecycle-announce.js";
import {
  findRequest,
  findSubmission,
  insertEvent,
  isUniqueViolation,
  updateLifecycleIfUnchanged,
} from "./repository.js";
import type { LoadedRequest } from "./request.js";
import { type ContractDeps, homesTouched, recordRefusal } from "./service.js";
import { isClosed, STATUSES } from "./state.js";
import { stepMembersFor } from "./waiting.js";

/**
 * The life cycle's changes (withdraw, reassign, unassign, the stages after approval), each
 * written once: conditioned on the request's version (two clicks, two replicas: one change),
 * audited, and announced (the queue message redrawn, the requester told) in its transaction.
 */

export type LifecycleResult =
  | { ok: true; request: LoadedRequest; replay?: boolean }
  | { ok: false; reason: string; field?: LifecycleField };

interface ApplyOptions {
  /** What the actor attempted, as a refusal is audited. */
  attempted: string;
  /** The version the actor's modal showed: changed since, the form is out of date. */
  version?: number;
  /** The form it came from: delivered again, it changes nothing and succeeds. */
  viewKey?: string;
  /** CS Ops only: anyone else is refused, and the attempt audited. */
  csOpsOnly?: boolean;
}

class MovedOn extends Error {}

async function apply(
  deps: ContractDeps,
  id: number,
  actor: string,
  compute: (state: LoadedRequest) => LifecycleChange | Promise<LifecycleChange>,
  options: ApplyOptions,
): Promise<LifecycleResult> {
  const replay = async (): Promise<LifecycleResult | undefined> => {
    const done = options.viewKey ? await findSubmission(deps.prisma, options.viewKey) : undefined;
    const request = done ? await findRequest(deps.prisma, done) : undefined;
    return request ? { ok: true, request, replay: true } : undefined;
  };
  const current = await findRequest(deps.prisma, id);
  if (!current) return { ok: false, reason: "that request no longer exists" };
  const earlier = await replay();
  if (earlier) return earlier;
  if (options.csOpsOnly && !(await deps.approvers.isApprover(actor))) {
    await recordRefusal(deps, id, actor, options.attempted);
    return { ok: false, reason: NOT_AN_APPROVER };
  }
  if (options.version !== undefined && options.version !== current.version)
    return {
      ok: false,
      reason: `it changed since you opened this form: it is now ${STATUSES[current.status].toLowerCase()}`,
    };
  const change = await compute(current);
  if (!change.ok) {
    if (change.forbidden) await recordRefusal(deps, id, actor, options.attempted, change.reason);
    return change.field
      ? { ok: false, reason: change.reason, field: change.field }
      : { ok: false, reason: change.reason };
  }
  const now = deps.clock();
  // Read before the transaction (group members may come from Slack): who is asked to act.
  const members = await stepMembersFor(deps, [current]);
  try {
    const request = await deps.prisma.$transaction(async (tx) => {
      const written = await updateLifecycleIfUnchanged(tx, id, current.version, {
        status: change.status,
        assigneeId: change.assigneeId,
        ...(change.status !== current.status ? { closedAt: isClosed(change.status) ? now : null } : {}),
        ...(change.stage ? { stage: change.stage, stageChangedAt: now } : {}),
        ...(change.documentUrl ? { documentUrl: change.documentUrl } : {}),
        ...(change.withdrawnReason ? { withdrawnReason: change.withdrawnReason } : {}),
      });
      if (!written) throw new MovedOn();
      await insertEvent(tx, {
        requestId: id,
        actorId: actor,
        action: change.action,
        fromStatus: current.status,
        toStatus: change.status,
        comment: change.comment,
        viewKey: options.viewKey,
      });
      const updated = await findRequest(tx, id);
      if (!updated) throw new Error(`request ${id} vanished inside its own change`);
      const event = { action: change.action, actorId: actor, comment: change.comment };
      await announceLifecycle(tx, deps, updated, event, now);
      // Who it waits on now is asked (a reassignment's new assignee); stale DMs lose their button.
      await announceWaiting(tx, deps, updated, event, now, { previous: current, members });
      return updated;
    });
    deps.onOutbox();
    await homesTouched(deps, current, request, members, actor);
    return { ok: true, request };
  } catch (error) {
    if (!(error instanceof MovedOn) && !(options.viewKey && isUniqueViolation(error))) throw error;
    const concurrent = await replay();
    if (concurrent) return concurrent;
    if (!(error instanceof MovedOn)) throw error;
    const latest = await findRequest(deps.prisma, id);
    return {
      ok: false,
      reason: `it has already moved on: it is now ${STATUSES[latest?.status ?? "submitted"].toLowerCase()}`,
    };
  }
}

/** The requester withdraws a request (with a reason) while nothing is decided. */
export function withdrawRequest(
  deps: ContractDeps,
  id: number,
  actor: string,
  reason: string,
  form: { version?: number; viewKey?: string } = {},
): Promise<LifecycleResult> {
  return apply(deps, id, actor, (state) => withdraw(state, { actor, reason }), {
    attempted: "withdraw",
    ...form,
  });
}

/** CS Ops hand a waiting request to another CS Ops approver. */
export function reassignRequest(
  deps: ContractDeps,
  id: number,
  actor: string,
  to: string,
  form: { version?: number; viewKey?: string } = {},
): Promise<LifecycleResult> {
  return apply(
    deps,
    id,
    actor,
    async (state) => reassign(state, { actor, to, toIsApprover: await deps.approvers.isApprover(to) }),
    { attempted: "reassign", csOpsOnly: true, ...form },
  );
}

/** CS Ops put a waiting request back in the pool. */
export function unassignRequest(deps: ContractDeps, id: number, actor: string): Promise<LifecycleResult> {
  return apply(deps, id, actor, (state) => unassign(state), { attempted: "unassign", csOpsOnly: true });
}

/** CS Ops move an approved request to the stage `to` (the next one); a document stage needs its link. */
export function advanceRequestStage(
  deps: ContractDeps,
  id: number,
  actor: string,
  to: string,
  form: { documentUrl?: string; version?: number; viewKey?: string } = {},
): Promise<LifecycleResult> {
  const { documentUrl, ...rest } = form;
  return apply(
    deps,
    id,
    actor,
    (state) => advanceStage(state, { to, stages: deps.policy.stages, documentUrl }),
    { attempted: `stage: ${to}`, csOpsOnly: true, ...rest },
  );
}
