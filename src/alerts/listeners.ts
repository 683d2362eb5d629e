import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from "@slack/bolt";
import { HEALTH_ACTIONS } from "../health/ids.js";
import type { Locale } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";
import { escapeMrkdwn } from "../slack/blocks.js";
import { fixedLocale, type LocaleResolver } from "../slack/locale.js";
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
const said = (outcome: Exclude<AlertOutcome, "done">, locale: Locale): string =>
  outcome === "resolved" ? t(locale, "alert.said.resolved") : t(locale, "alert.said.changedMeanwhile");

const privately = (text: string) => ({ response_type: "ephemeral" as const, replace_original: false, text });

/** What a click did, said to the clicker when the message they clicked will not be redrawn. */
function didWhat(action: AlertAction, accountName: string, snoozeMovePoints: number, locale: Locale): string {
  const name = escapeMrkdwn(accountName);
  switch (action.kind) {
    case "ack":
      return t(locale, "alert.did.ack", { name });
    case "snooze":
      return t(locale, "alert.did.snooze", { name, days: action.days });
    case "snooze_move":
      return t(locale, "alert.did.snoozeMove", { name, points: snoozeMovePoints });
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
  {
    alerts: deps,
    clock,
    locales,
  }: {
    alerts: AlertDeps;
    clock: () => Date;
    /** Each clicker's language (src/slack/locale.ts); unset: the alerts' channel language. */
    locales?: LocaleResolver;
  },
): void {
  // What a click tells the clicker privately is in their own language.
  const readers = locales ?? fixedLocale(deps.locale ?? "en");
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
        await respond(privately(said(outcome, await readers.localeOf(body.user.id))));
        return;
      }
      const own = await channelMessageOf(deps.prisma, target.id);
      const clicked = clickedMessage(body);
      if (own?.ts && own.ts === clicked.ts && own.channel === clicked.channel) return;
      const alert = await findAlert(deps.prisma, target.id);
      if (alert)
        await respond(
          privately(
            didWhat(
              what,
              alert.account.name,
              deps.rules.snoozeMovePoints,
              await readers.localeOf(body.user.id),
            ),
          ),
        );
    };

  /** "Snooze alerts" on a health card: the account's open alerts, for 7 days. */
  async function handleSnoozeFromCard({ ack, action, body, respond }: Click) {
    await ack();
    const id = idFrom(action.value);
    if (!id) return;
    const [snoozed, locale] = await Promise.all([
      snoozeAccountAlerts(deps, id, body.user.id, 7, clock()),
      readers.localeOf(body.user.id),
    ]);
    await respond(
      privately(
        snoozed ? t(locale, "alert.cardSnooze.done", { n: snoozed }) : t(locale, "alert.cardSnooze.none"),
      ),
    );
  }

  for (const [actionId, what] of ALERT_BUTTONS)
    registry.action<ButtonClick>(actionId, handleAlertButton(what));
  registry.action<ButtonClick>(HEALTH_ACTIONS.snooze, handleSnoozeFromCard);
}
