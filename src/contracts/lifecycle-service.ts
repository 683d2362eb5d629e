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
import { findRequest, updateLifecycleIfUnchanged } from "./repository.js";
import type { LoadedRequest } from "./request.js";
import { type ContractDeps, commitChange, recordRefusal, replayOf } from "./service.js";
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

async function apply(
  deps: ContractDeps,
  id: number,
  actor: string,
  compute: (state: LoadedRequest) => LifecycleChange | Promise<LifecycleChange>,
  options: ApplyOptions,
): Promise<LifecycleResult> {
  const current = await findRequest(deps.prisma, id);
  if (!current) return { ok: false, reason: "that request no longer exists" };
  const earlier = await replayOf(deps, options.viewKey);
  if (earlier) return earlier;
  if (options.csOpsOnly && !(await deps.approvers.isApprover(actor))) {
    await recordRefusal(deps, id, actor, options.attempted);
    return { ok: false, reason: deps.approvers.refusal(actor) };
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
  // Read before the transaction (group members may come from Slack): who is asked to act.
  const members = await stepMembersFor(deps, [current]);
  // The requester's DM is in their language: asked before the transaction (Slack may be slow).
  const requesterLocale = await deps.locales?.localeOf(current.requesterId);
  const event = { action: change.action, actorId: actor, comment: change.comment };
  return commitChange(deps, {
    current,
    actor,
    event,
    toStatus: change.status,
    viewKey: options.viewKey,
    members,
    replay: () => replayOf(deps, options.viewKey),
    write: (tx, now) =>
      updateLifecycleIfUnchanged(tx, id, current.version, {
        status: change.status,
        assigneeId: change.assigneeId,
        ...(change.status !== current.status ? { closedAt: isClosed(change.status) ? now : null } : {}),
        ...(change.stage ? { stage: change.stage, stageChangedAt: now } : {}),
        ...(change.documentUrl ? { documentUrl: change.documentUrl } : {}),
        ...(change.withdrawnReason ? { withdrawnReason: change.withdrawnReason } : {}),
      }),
    announce: async (tx, updated, now) => {
      await announceLifecycle(tx, deps, updated, event, now, requesterLocale);
      // Who it waits on now is asked (a reassignment's new assignee); stale DMs lose their button.
      await announceWaiting(tx, deps, updated, event, now, { previous: current, members });
    },
  });
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
