import type { Prisma } from "../db/database.js";
import type { AccountContext } from "../health/context.js";
import type { ContextOptions } from "../health/context-view.js";
import type { Band } from "../health/model.js";
import type { Locale } from "../i18n/locale.js";
import { enqueue, findByKey } from "../slack/outbox.js";
import type { AlertRecord } from "./repository.js";
import { type AlertView, buildAlertMessage } from "./views.js";

/**
 * An alert's channel message: posted to the alerts channel when it is raised (within the
 * sweep's cap), then redrawn in place, with a line in its thread, as its state changes. Owners
 * hear of alerts in their "Your morning" DM, not one DM each.
 */

type Tx = Prisma.TransactionClient;

/** The account's health the message shows. */
export type AlertHealth = { score: number; band: Band };

/**
 * The outbox keys of an alert's messages: later changes find them by these. `dm` is the copy
 * DMed to the owner by Kuroko before the morning DM; old alerts may still have one.
 */
export const alertMessageKeys = (alertId: number) => ({
  channel: `alert:${alertId}:channel`,
  dm: `alert:${alertId}:dm`,
});

/**
 * The alert as its message shows it. `why`: the health explanation in the message's language;
 * without it, an English message shows the one recorded (in English), another none.
 */
export function viewOf(
  alert: AlertRecord,
  health: AlertHealth,
  context?: AccountContext,
  drawn: { locale?: Locale; why?: string } = {},
): AlertView {
  return {
    id: alert.id,
    version: alert.version,
    status: alert.status,
    reason: alert.reason,
    causes: alert.details.causes,
    account: alert.account,
    score: health.score,
    band: health.band,
    why: drawn.why ?? ((drawn.locale ?? "en") === "en" ? alert.details.why : undefined),
    context,
    acknowledgedBy: alert.acknowledgedBy,
    snoozedBy: alert.snoozedBy,
    snoozedUntil: alert.snoozedUntil,
    snoozeMovePoints: alert.details.snoozeMovePoints ?? null,
    resolution: alert.details.resolution,
    resolved: alert.details.resolved,
  };
}

/** What drawing an alert needs: the account's health, its context and how to draw it (`options.locale`: the channel's language). */
export interface AlertDrawing {
  health: AlertHealth;
  context?: AccountContext;
  options: ContextOptions;
  /** The health explanation in `options.locale` (the one recorded is English). */
  why?: string;
}

const drawn = (alert: AlertRecord, drawing: AlertDrawing) =>
  viewOf(alert, drawing.health, drawing.context, { locale: drawing.options.locale, why: drawing.why });

/** A new alert, to the alerts channel. */
export async function postAlert(tx: Tx, alert: AlertRecord, drawing: AlertDrawing, channel: string) {
  await enqueue(tx, {
    method: "chat.postMessage",
    channel,
    message: { ...buildAlertMessage(drawn(alert, drawing), drawing.options) },
    dedupeKey: alertMessageKeys(alert.id).channel,
  });
}

/**
 * Redraws an alert's channel message and threads `line` under it; an old alert's DM copy, if it
 * has one, is redrawn too. An alert never posted (past the cap, or no channel) has nothing to redraw.
 */
export async function announceChange(
  tx: Tx,
  alert: AlertRecord,
  drawing: AlertDrawing,
  line: string,
  channel: string | undefined,
): Promise<void> {
  const message = { ...buildAlertMessage(drawn(alert, drawing), drawing.options) };
  const key = alertMessageKeys(alert.id);
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

/** Where an alert's channel message is in Slack, once sent: to tell a click on it from one elsewhere. */
export async function channelMessageOf(
  tx: Pick<Tx, "outboxMessage">,
  alertId: number,
): Promise<{ channel: string; ts: string | null } | undefined> {
  const row = await tx.outboxMessage.findUnique({
    where: { dedupeKey: alertMessageKeys(alertId).channel },
    select: { channel: true, resolvedChannel: true, ts: true },
  });
  return row ? { channel: row.resolvedChannel ?? row.channel, ts: row.ts } : undefined;
}
