import { loadAccountContext } from "../health/context.js";
import { type Locale, translator } from "../i18n/index.js";
import { enqueue, findByKey } from "../slack/outbox.js";
import { todayIn } from "../time.js";
import { type Announcer, channelLocaleOf, queueKey } from "./announce.js";
import type { Tx } from "./repository.js";
import type { LoadedRequest } from "./request.js";
import { requiredSteps } from "./state.js";
import { buildLifecycleLine } from "./views/lifecycle.js";
import { buildQueueMessage } from "./views/queue-message.js";
import { buildRequesterLifecycleDm } from "./views/requester-dm.js";

/**
 * What a life-cycle change sends, written to the outbox in its transaction: the queue message
 * redrawn (its buttons follow the state), a line in its thread, the requester's DM and, on a
 * reassignment, the new assignee's. The DMs carry the request's new version in their dedupe
 * key: one change, one DM, whatever retries.
 */
export async function announceLifecycle(
  tx: Tx,
  to: Announcer,
  request: LoadedRequest,
  event: { action: string; actorId: string; comment?: string | null },
  now: Date,
  requesterLocale: Locale = "en",
): Promise<void> {
  const stages = to.policy.stages;
  const line = { ...event, status: request.status };
  const queueId = await findByKey(tx, queueKey(request.id));
  if (queueId) {
    const today = todayIn(to.timezone ?? "UTC", now);
    const context = await loadAccountContext(tx, request.account.id, today);
    const account = context && {
      context,
      options: { today, model: to.model, crmUrlTemplate: to.crmUrlTemplate },
    };
    const channel = to.queueChannel ?? "";
    const steps = requiredSteps(request, to.policy);
    await enqueue(tx, {
      method: "chat.update",
      channel,
      parentId: queueId,
      message: { ...buildQueueMessage(request, steps, now, account, stages, channelLocaleOf(to)) },
    });
    await enqueue(tx, {
      method: "chat.postMessage",
      channel,
      parentId: queueId,
      message: { ...buildLifecycleLine(request, line, stages, channelLocaleOf(to)) },
    });
  }
  const key = `cr:${request.id}:v${request.version}`;
  await enqueue(tx, {
    method: "chat.postMessage",
    channel: request.requesterId,
    message: { ...buildRequesterLifecycleDm(request, line, stages, translator(requesterLocale)) },
    dedupeKey: `${key}:requester`,
  });
  // The new assignee (on a reassignment) is asked by announceWaiting (announce.ts), once.
}
