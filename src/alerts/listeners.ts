import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from "@slack/bolt";
import { HEALTH_ACTIONS } from "../health/ids.js";
import { escapeMrkdwn } from "../slack/blocks.js";
import { idFrom } from "../slack/parse.js";
import type { ButtonClick, Registry } from "../slack/registry.js";
import { channelMessageOf } from "./messages.js";
import { findAlert } from "./repository.js";
import {
  type AlertAction,
  type AlertDeps,
  type AlertOutcome,
  actOnAlert,
  snoozeAccountAlerts,
} from "./service.js";
import { ALERT_ACTIONS, parseAlertButtonValue } from "./views.js";

type Click = SlackActionMiddlewareArgs<ButtonClick> & AllMiddlewareArgs;

/** The buttons on an alert, and what each does. */
const ALERT_BUTTONS: [string, AlertAction][] = [
  [ALERT_ACTIONS.ack, { kind: "ack" }],
  [ALERT_ACTIONS.snooze7, { kind: "snooze", days: 7 }],
  [ALERT_ACTIONS.snooze30, { kind: "snooze", days: 30 }],
  [ALERT_ACTIONS.snoozeMove, { kind: "snooze_move" }],
];

/** What a click that changed nothing says, privately. */
const SAID: Record<Exclude<AlertOutcome, "done">, string> = {
  resolved: "That alert is already resolved.",
  changed_meanwhile:
    "That alert had just changed (a double click, or someone else at the same moment): this click changed nothing. Its message shows what was done.",
};

const privately = (text: string) => ({ response_type: "ephemeral" as const, replace_original: false, text });

/** What a click did, said to the clicker when the message they clicked will not be redrawn. */
function didWhat(action: AlertAction, accountName: string, snoozeMovePoints: number): string {
  const on = `the alert on *${escapeMrkdwn(accountName)}*`;
  switch (action.kind) {
    case "ack":
      return `👀 You acknowledged ${on}.`;
    case "snooze":
      return `😴 You snoozed ${on} for ${action.days} days.`;
    case "snooze_move":
      return `😴 You snoozed ${on} until its score moves by ${snoozeMovePoints} points.`;
  }
}

/** The message a click came from: its channel and ts. */
function clickedMessage(body: Click["body"]): { channel?: string; ts?: string } {
  const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
  return {
    channel: body.channel?.id ?? container?.channel_id,
    ts: body.message?.ts ?? container?.message_ts,
  };
}

/** Acknowledge and Snooze on an alert (anyone may; the message says who did), and the card's Snooze. */
export function registerAlerts(
  registry: Registry,
  { alerts: deps, clock }: { alerts: AlertDeps; clock: () => Date },
): void {
  /**
   * One of the alert's buttons, on its channel message or anywhere else (the owner's morning DM):
   * the channel message changes to say who did what; a click elsewhere is also told privately,
   * since the message clicked is not redrawn.
   */
  const handleAlertButton =
    (what: AlertAction) =>
    async ({ ack, action, body, respond }: Click) => {
      await ack();
      const target = parseAlertButtonValue(action.value);
      if (!target) return;
      const outcome = await actOnAlert(deps, target, body.user.id, what, clock());
      if (!body.response_url) return;
      if (outcome !== "done") {
        await respond(privately(SAID[outcome]));
        return;
      }
      const own = await channelMessageOf(deps.prisma, target.id);
      const clicked = clickedMessage(body);
      if (own?.ts && own.ts === clicked.ts && own.channel === clicked.channel) return;
      const alert = await findAlert(deps.prisma, target.id);
      if (alert) await respond(privately(didWhat(what, alert.account.name, deps.rules.snoozeMovePoints)));
    };

  /** "Snooze alerts" on a health card: the account's open alerts, for 7 days. */
  async function handleSnoozeFromCard({ ack, action, body, respond }: Click) {
    await ack();
    const id = idFrom(action.value);
    if (!id) return;
    const snoozed = await snoozeAccountAlerts(deps, id, body.user.id, 7, clock());
    await respond(
      privately(
        snoozed
          ? `Snoozed ${snoozed} open alert${snoozed === 1 ? "" : "s"} on this account for 7 days.`
          : "This account has no open alert to snooze.",
      ),
    );
  }

  for (const [actionId, what] of ALERT_BUTTONS)
    registry.action<ButtonClick>(actionId, handleAlertButton(what));
  registry.action<ButtonClick>(HEALTH_ACTIONS.snooze, handleSnoozeFromCard);
}
