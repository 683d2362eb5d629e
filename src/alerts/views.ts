import { CONTRACT_ACTIONS } from "../contracts/ids.js";
import { BAND_EMOJI, BAND_MEANING, describeBand } from "../health/band.js";
import type { AccountContext } from "../health/context.js";
import { type ContextOptions, contextLine } from "../health/context-view.js";
import { HEALTH_ACTIONS } from "../health/ids.js";
import type { Band } from "../health/model.js";
import { button, escapeMrkdwn, type SlackMessage, slackTime } from "../slack/blocks.js";
import { idFrom } from "../slack/parse.js";
import { clip } from "../text.js";
import type { AlertStatus } from "./rules.js";

export const ALERT_ACTIONS = {
  ack: "alert_ack",
  snooze7: "alert_snooze_7",
  snooze30: "alert_snooze_30",
  snoozeMove: "alert_snooze_move",
} as const;

/**
 * What an alert's buttons carry: the alert and the version its message shows. A click on a
 * message that no longer shows the alert as it is (the second click of a double click, say)
 * then changes nothing. Messages from before versions carry the id alone.
 */
export const alertButtonValue = (id: number, version: number) => `${id}:${version}`;

/** An alert button's value, checked: the alert's id, and the version its message showed if any. */
export function parseAlertButtonValue(value: unknown): { id: number; version?: number } | undefined {
  const match = typeof value === "string" ? /^([^:]{1,12})(?::(\d{1,9}))?$/.exec(value) : null;
  const id = match ? idFrom(match[1]) : undefined;
  if (!match || id === undefined) return undefined;
  return match[2] === undefined ? { id } : { id, version: Number(match[2]) };
}

/** An alert as its message shows it. */
export interface AlertView {
  id: number;
  /** Its optimistic-concurrency version: what the buttons carry. */
  version: number;
  status: AlertStatus;
  reason: string;
  account: { id: number; name: string; ownerSlackId: string | null };
  score: number;
  band: Band;
  /** The health explanation ("−18 in 7 days: usage −12 …"). */
  why?: string;
  /** The account at a glance (ARR, renewal, band, owner, paperwork, CRM link). */
  context?: AccountContext;
  acknowledgedBy?: string | null;
  snoozedBy?: string | null;
  snoozedUntil?: Date | null;
  snoozeMovePoints?: number | null;
  /** Resolved: why ("not red, no decline over 7 or 30 days, no renewal at risk"). */
  resolution?: string;
}

function stateLine(a: AlertView): string {
  switch (a.status) {
    case "acknowledged":
      return `👀 <@${a.acknowledgedBy}> has it in hand.`;
    case "snoozed":
      return a.snoozedUntil
        ? `😴 Snoozed until ${slackTime(a.snoozedUntil)} by <@${a.snoozedBy}>.`
        : `😴 Snoozed by <@${a.snoozedBy}> until the score moves by ${a.snoozeMovePoints} points.`;
    case "resolved":
      return `✅ Resolved: ${a.resolution ?? "the account recovered"}.`;
    default:
      return a.account.ownerSlackId ? `Owner: <@${a.account.ownerSlackId}>` : "No owner on record.";
  }
}

/**
 * The alert message, posted to the alerts channel and edited as its state changes (the owner
 * hears of it in their "Your morning" DM). `options` draws the account's context line.
 */
export function buildAlertMessage(a: AlertView, options?: ContextOptions): SlackMessage {
  const title = clip(`${BAND_EMOJI[a.band]} ${a.account.name}: ${BAND_MEANING[a.band]}`, 150);
  const glance =
    a.context && options
      ? contextLine(a.context, options, { owner: a.status === "open" })
      : `health ${describeBand(a.score, a.band, options?.model)}`;
  const body = `*${escapeMrkdwn(a.reason)}*${a.why ? `\n${escapeMrkdwn(a.why)}` : ""}`;
  const blocks: SlackMessage["blocks"] = [
    { type: "header", text: { type: "plain_text", text: title } },
    { type: "section", text: { type: "mrkdwn", text: clip(body, 3_000) } },
    { type: "context", elements: [{ type: "mrkdwn", text: clip(glance, 3_000) }] },
    { type: "context", elements: [{ type: "mrkdwn", text: stateLine(a) }] },
  ];
  const id = alertButtonValue(a.id, a.version);
  const account = String(a.account.id);
  blocks.push({
    type: "actions",
    block_id: `alert_${a.id}`,
    elements: [
      ...(a.status === "resolved"
        ? []
        : [
            ...(a.status === "open" ? [button(ALERT_ACTIONS.ack, "Acknowledge", id, "primary")] : []),
            button(ALERT_ACTIONS.snooze7, "Snooze 7 days", id),
            button(ALERT_ACTIONS.snooze30, "Snooze 30 days", id),
            button(ALERT_ACTIONS.snoozeMove, "Snooze until the score moves", id),
          ]),
      button(HEALTH_ACTIONS.show, "Health card", account),
      button(CONTRACT_ACTIONS.open, "Log contract request", account),
    ],
  });
  return {
    // The fallback is mrkdwn too (notifications): a name must not mention anyone or link anywhere.
    text: clip(
      `${escapeMrkdwn(a.account.name)} (${BAND_MEANING[a.band]}, health ${a.score}/100): ${escapeMrkdwn(a.reason)}. ${stateLine(a)}`,
      3_000,
    ),
    blocks,
  };
}
