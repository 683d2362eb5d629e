import type { Prisma } from "../db/database.js";
import type { Band } from "../health/model.js";
import { postToChannelAndOwner } from "../slack/channel-and-owner.js";
import { enqueue, findByKey } from "../slack/outbox.js";
import type { AlertRecord } from "./repository.js";
import { type AlertView, buildAlertMessage } from "./views.js";

/**
 * An alert's messages: posted to the alerts channel and DMed to the owner when it is raised,
 * then redrawn in place (with a line in the channel message's thread) as its state changes.
 */

type Tx = Prisma.TransactionClient;

/** The account's health the message shows. */
export type AlertHealth = { score: number; band: Band };

/** The outbox keys of an alert's two messages: later changes find them by these. */
const keys = (alertId: number) => ({ channel: `alert:${alertId}:channel`, dm: `alert:${alertId}:dm` });

export function viewOf(alert: AlertRecord, health: AlertHealth): AlertView {
  return {
    id: alert.id,
    version: alert.version,
    status: alert.status,
    reason: alert.reason,
    account: alert.account,
    score: health.score,
    band: health.band,
    why: alert.details.why,
    acknowledgedBy: alert.acknowledgedBy,
    snoozedBy: alert.snoozedBy,
    snoozedUntil: alert.snoozedUntil,
    snoozeMovePoints: alert.details.snoozeMovePoints ?? null,
  };
}

/** A new alert: to the alerts channel (if one is set) and to the account's owner. */
export async function postAlert(
  tx: Tx,
  alert: AlertRecord,
  health: AlertHealth,
  channel: string | undefined,
): Promise<void> {
  const key = keys(alert.id);
  await postToChannelAndOwner(tx, buildAlertMessage(viewOf(alert, health)), {
    channel: { id: channel, dedupeKey: key.channel },
    owner: { id: alert.account.ownerSlackId, dedupeKey: key.dm },
  });
}

/** Redraws an alert's channel message and DM, and threads `line` under the channel message. */
export async function announceChange(
  tx: Tx,
  alert: AlertRecord,
  health: AlertHealth,
  line: string,
  channel: string | undefined,
): Promise<void> {
  const message = { ...buildAlertMessage(viewOf(alert, health)) };
  const key = keys(alert.id);
  const copies = [
    { key: key.channel, to: channel ?? "", thread: true },
    { key: key.dm, to: alert.account.ownerSlackId ?? "", thread: false },
  ];
  for (const copy of copies) {
    const parentId = await findByKey(tx, copy.key);
    if (!parentId) continue;
    await enqueue(tx, { method: "chat.update", channel: copy.to, parentId, message });
    if (copy.thread)
      await enqueue(tx, { method: "chat.postMessage", channel: copy.to, parentId, message: { text: line } });
  }
}
