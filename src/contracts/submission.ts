import { enqueue } from "../slack/outbox.js";
import type { IntakeInput } from "./intake.js";
import {
  type ChangeResult,
  type ContractDeps,
  change,
  fieldsOf,
  findSubmission,
  isUniqueViolation,
  loadRequest,
  queueKey,
  toDetails,
  withAccount,
} from "./service.js";
import { requiredSteps, resubmit, slaDue } from "./state.js";
import { REQUEST_TYPES, requestLabel } from "./types.js";
import { buildQueueMessage, buildRequesterDm, type RequestDetails } from "./views.js";

/**
 * Intake: a new request, or an edited one sent back. Slack may deliver one form more than once
 * (a double click, a replay, the user submitting again after a slow answer showed an error),
 * so each (re)submission carries its form's key, stored under a unique index with its audit
 * event: a second delivery finds the first and changes nothing.
 */

/** The advisory-lock class of intake forms (two-key locks: apart from the migration lock's key). */
const INTAKE_LOCK_CLASS = 4_201;

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
    const request = requestId ? await loadRequest(deps.prisma, requestId) : undefined;
    return request ? { request, replay: true } : undefined;
  };
  const now = deps.clock();
  try {
    const stored = await deps.prisma.$transaction(async (tx) => {
      // Deliveries of one form queue here (PostgreSQL; PGlite runs transactions one at a time),
      // so the second finds the first instead of spending a CR number on a duplicate. The unique
      // index on the key stays the guarantee.
      if (viewKey)
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${INTAKE_LOCK_CLASS}::int4, hashtext(${viewKey}))`;
      const done = viewKey ? await findSubmission(tx, viewKey) : undefined;
      if (done) return { replayOf: done };
      const row = await tx.contractRequest.create({
        data: {
          ...fieldsOf(input),
          status: "submitted",
          requesterId,
          submittedAt: now,
          slaDueAt: slaDue(now, REQUEST_TYPES[input.type].slaDays),
        },
        include: withAccount,
      });
      const details = toDetails(row);
      await tx.contractEvent.create({
        data: {
          requestId: row.id,
          actorId: requesterId,
          action: "submitted",
          toStatus: "submitted",
          viewKey,
        },
      });
      let queueId: number | undefined;
      if (deps.queueChannel) {
        queueId = await enqueue(tx, {
          method: "chat.postMessage",
          channel: deps.queueChannel,
          message: { ...buildQueueMessage(details, requiredSteps(details, deps.policy), now) },
          dedupeKey: queueKey(row.id),
        });
      } else {
        deps.logger.warn(`${requestLabel(row.number)} was not posted: KUROKO_CONTRACTS_CHANNEL is not set`);
      }
      // The DM links to the queue message: the outbox sends that first and fills in its link.
      await enqueue(tx, {
        method: "chat.postMessage",
        channel: requesterId,
        message: {
          ...buildRequesterDm(
            details,
            { action: "submitted", actorId: requesterId },
            { queueLink: queueId !== undefined },
          ),
        },
        linkTo: queueId,
      });
      return { request: details };
    });
    if ("replayOf" in stored) {
      const found = await earlier(stored.replayOf);
      if (found) return found;
      throw new Error(`request ${stored.replayOf} vanished while its form was replayed`);
    }
    deps.onOutbox();
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

/** The requester's edited request, back in the queue with a fresh SLA and no approvals. */
export function resubmitRequest(
  deps: ContractDeps,
  id: number,
  actor: string,
  input: IntakeInput,
  viewKey?: string,
): Promise<ChangeResult> {
  const now = deps.clock();
  return change(deps, id, actor, (state) => resubmit(state, actor), {
    attempted: "resubmit",
    auditEveryRefusal: true,
    viewKey,
    extra: {
      ...fieldsOf(input),
      submittedAt: now,
      slaDueAt: slaDue(now, REQUEST_TYPES[input.type].slaDays),
      overdueFlaggedAt: null,
    },
  });
}
