import { emitWebhookEvent } from "../webhooks/emit.js";
import { requestEventData } from "../webhooks/payloads.js";
import { announceSubmission } from "./announce.js";
import type { IntakeInput } from "./intake-form.js";
import {
  findRequest,
  findSubmission,
  insertEvent,
  insertRequest,
  isUniqueViolation,
  lockForm,
} from "./repository.js";
import type { RequestDetails } from "./request.js";
import { type ChangeResult, type ContractDeps, change } from "./service.js";
import { announceNeededBy } from "./sla-messages.js";
import { planSla } from "./sla-plan.js";
import { CS_OPS_STEP, resubmit } from "./state.js";

/**
 * Intake: a new request, or an edited one sent back. Slack may deliver one form more than once
 * (a double click, a replay, the user submitting again after a slow answer showed an error),
 * so each (re)submission carries its form's key, stored under a unique index with its audit
 * event: a second delivery finds the first and changes nothing.
 */

export interface Submitted {
  request: RequestDetails;
  /** This form had already been submitted: nothing new was stored or sent. */
  replay: boolean;
}

/** Stores a new request, posts it to the queue and tells the requester (all through the outbox). */
export async function submitRequest(
  deps: ContractDeps,
  input: IntakeInput,
  requesterId: string,
  viewKey?: string,
): Promise<Submitted> {
  const earlier = async (requestId: number | undefined): Promise<Submitted | undefined> => {
    const request = requestId ? await findRequest(deps.prisma, requestId) : undefined;
    return request ? { request, replay: true } : undefined;
  };
  const now = deps.clock();
  // The requester's DM is in their language: asked before the transaction (Slack may be slow).
  const requesterLocale = await deps.locales?.localeOf(requesterId);
  try {
    const stored = await deps.prisma.$transaction(async (tx) => {
      if (viewKey) await lockForm(tx, viewKey);
      const done = viewKey ? await findSubmission(tx, viewKey) : undefined;
      if (done) return { replayOf: done };
      const plan = planSla(input, now, deps.policy, deps.calendar);
      const request = await insertRequest(tx, input, requesterId, now, plan.dueAt);
      await insertEvent(tx, {
        requestId: request.id,
        actorId: requesterId,
        action: "submitted",
        toStatus: "submitted",
        viewKey,
      });
      await announceSubmission(tx, deps, request, now, requesterLocale);
      await announceNeededBy(tx, deps, request, plan);
      await emitWebhookEvent(tx, deps.webhooks, {
        type: "request.submitted",
        key: `request:${request.id}:submitted`,
        at: now,
        accountId: request.account.id,
        data: requestEventData(request, { actorId: requesterId }),
      });
      return { request };
    });
    if ("replayOf" in stored) {
      const found = await earlier(stored.replayOf);
      if (found) return found;
      throw new Error(`request ${stored.replayOf} vanished while its form was replayed`);
    }
    deps.onOutbox();
    await submissionTouchesHomes(deps, requesterId);
    return { request: stored.request, replay: false };
  } catch (error) {
    // Two deliveries of one form at once: the unique key let one in and rolled the other back.
    const found =
      viewKey && isUniqueViolation(error)
        ? await earlier(await findSubmission(deps.prisma, viewKey))
        : undefined;
    if (found) return found;
    throw error;
  }
}

/**
 * The requester's edited request, back in the queue with a fresh SLA (and so a fresh
 * escalation ladder) and no approvals. A needed-by date before the new SLA is flagged after
 * the change commits, once (the outbox's dedupe key).
 */
export async function resubmitRequest(
  deps: ContractDeps,
  id: number,
  actor: string,
  input: IntakeInput,
  viewKey?: string,
): Promise<ChangeResult> {
  const now = deps.clock();
  const plan = planSla(input, now, deps.policy, deps.calendar);
  const result = await change(deps, id, actor, (state) => resubmit(state, actor), {
    attempted: "resubmit",
    auditEveryRefusal: true,
    viewKey,
    resubmitted: { input, at: now, slaDueAt: plan.dueAt },
  });
  if (result.ok && !result.replay && plan.neededBy) {
    const { request } = result;
    await deps.prisma.$transaction((tx) => announceNeededBy(tx, deps, request, plan));
    deps.onOutbox();
  }
  return result;
}

/**
 * A new request is on every CS Ops approver's *Unassigned* list and the requester's own: their
 * App Home is republished. After the commit, so a failure here never undoes the submission.
 */
async function submissionTouchesHomes(deps: ContractDeps, requesterId: string): Promise<void> {
  if (!deps.onHomesTouched) return;
  const approvers = await deps.approvers.membersOf(CS_OPS_STEP).catch((error: unknown) => {
    deps.logger.warn(
      "App Home: the approvers could not be read; their Home is not republished:",
      (error as Error).message,
    );
    return [] as string[];
  });
  deps.onHomesTouched([...new Set([requesterId, ...approvers])]);
}
