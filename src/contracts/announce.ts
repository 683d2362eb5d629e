import { loadAccountContext } from "../health/context.js";
import type { HealthModel } from "../health/model.js";
import type { Logger } from "../log.js";
import { enqueue, findByKey } from "../slack/outbox.js";
import { todayIn } from "../time.js";
import type { Tx } from "./repository.js";
import type { RequestDetails } from "./request.js";
import { type ApprovalPolicy, requiredSteps } from "./state.js";
import { requestLabel } from "./types.js";
import {
  buildOverdueLine,
  buildQueueMessage,
  buildRequesterDm,
  buildThreadLine,
} from "./views/queue-message.js";

/**
 * What contracts send, written to the outbox in the transaction that made the change: the
 * request's queue message (posted once, then edited in place), lines in its thread, and the
 * requester's DMs.
 */

export interface Announcer {
  policy: ApprovalPolicy;
  logger: Logger;
  /** The CS Ops queue channel; unset, requests are stored and DMed but not posted. */
  queueChannel?: string;
  /** The team's time zone: the day the account's context is read for (default UTC). */
  timezone?: string;
  /** The health model's bands: the context's band in words, with its hysteresis. */
  model?: Pick<HealthModel, "bands">;
  /** KUROKO_CRM_URL_TEMPLATE: the context links to the account's CRM record (unset: no link). */
  crmUrlTemplate?: string;
}

/**
 * The queue message, with the account's context as of the change (read in its transaction:
 * the paperwork it lists includes the change itself).
 */
async function queueMessage(tx: Tx, to: Announcer, request: RequestDetails, now: Date) {
  const today = todayIn(to.timezone ?? "UTC", now);
  const context = await loadAccountContext(tx, request.account.id, today);
  const account = context && {
    context,
    options: { today, model: to.model, crmUrlTemplate: to.crmUrlTemplate },
  };
  return buildQueueMessage(request, requiredSteps(request, to.policy), now, account);
}

/** The dedupe key of a request's queue message in the outbox. */
export const queueKey = (id: number) => `cr:${id}:queue`;

/** A new request: posted to the queue, and the requester told with a link to it. */
export async function announceSubmission(
  tx: Tx,
  to: Announcer,
  request: RequestDetails,
  now: Date,
): Promise<void> {
  let queueId: number | undefined;
  if (to.queueChannel) {
    queueId = await enqueue(tx, {
      method: "chat.postMessage",
      channel: to.queueChannel,
      message: { ...(await queueMessage(tx, to, request, now)) },
      dedupeKey: queueKey(request.id),
    });
  } else {
    to.logger.warn(`${requestLabel(request.number)} was not posted: KUROKO_CONTRACTS_CHANNEL is not set`);
  }
  // The DM links to the queue message: the outbox sends that first and fills in its link.
  await enqueue(tx, {
    method: "chat.postMessage",
    channel: request.requesterId,
    message: {
      ...buildRequesterDm(
        request,
        { action: "submitted", actorId: request.requesterId },
        { queueLink: queueId !== undefined },
      ),
    },
    linkTo: queueId,
  });
}

/** A change: the queue message edited, a thread line, the requester told (unless they made it). */
export async function announceChange(
  tx: Tx,
  to: Announcer,
  request: RequestDetails,
  event: { action: string; actorId: string; comment?: string | null },
  now: Date,
): Promise<void> {
  const queueId = await findByKey(tx, queueKey(request.id));
  if (queueId) {
    await enqueue(tx, {
      method: "chat.update",
      channel: to.queueChannel ?? "",
      parentId: queueId,
      message: { ...(await queueMessage(tx, to, request, now)) },
    });
    await enqueue(tx, {
      method: "chat.postMessage",
      channel: to.queueChannel ?? "",
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

/** A request past its SLA: its queue message redrawn with the mark, and a line in its thread. */
export async function announceOverdue(
  tx: Tx,
  to: Announcer,
  request: RequestDetails,
  now: Date,
): Promise<void> {
  const queueId = await findByKey(tx, queueKey(request.id));
  if (!queueId) return;
  const channel = to.queueChannel ?? "";
  await enqueue(tx, {
    method: "chat.update",
    channel,
    parentId: queueId,
    message: { ...(await queueMessage(tx, to, request, now)) },
  });
  await enqueue(tx, {
    method: "chat.postMessage",
    channel,
    parentId: queueId,
    message: { ...buildOverdueLine(request) },
  });
}
