import { CONTRACT_ACTIONS } from "../contracts/ids.js";
import { alertReasonText, type CauseFacts } from "../health/alert-reason.js";
import { BAND_EMOJI, bandMeaning, describeBand } from "../health/band.js";
import type { AccountContext } from "../health/context.js";
import { type ContextOptions, contextLine } from "../health/context-view.js";
import { HEALTH_ACTIONS } from "../health/ids.js";
import type { Band } from "../health/model.js";
import type { Locale } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";
import { button, escapeMrkdwn, type SlackMessage, slackTime } from "../slack/blocks.js";
import { idFrom } from "../slack/parse.js";
import { clip } from "../text.js";
import { type AlertStatus, type ResolutionFacts, resolutionText } from "./rules.js";

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
  /** The English sentence it was recorded with; `causes`, when recorded, say it in the reader's language. */
  reason: string;
  causes?: readonly CauseFacts[];
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
  /** The same as facts (alerts resolved before facts have the English phrase only). */
  resolved?: ResolutionFacts;
}

function stateLine(a: AlertView, locale: Locale): string {
  switch (a.status) {
    case "acknowledged":
      return t(locale, "alert.state.acknowledged", { user: a.acknowledgedBy ?? "" });
    case "snoozed":
      return a.snoozedUntil
        ? t(locale, "alert.state.snoozedUntil", { until: slackTime(a.snoozedUntil), user: a.snoozedBy ?? "" })
        : t(locale, "alert.state.snoozedMoves", { user: a.snoozedBy ?? "", points: a.snoozeMovePoints ?? 0 });
    case "resolved":
      return t(locale, "alert.state.resolved", {
        resolution: a.resolved
          ? resolutionText(a.resolved, locale)
          : locale === "en" && a.resolution
            ? a.resolution
            : t(locale, "alert.resolution.recovered"),
      });
    default:
      return a.account.ownerSlackId
        ? t(locale, "alert.state.owner", { user: a.account.ownerSlackId })
        : t(locale, "alert.state.noOwner");
  }
}

/**
 * The alert message, posted to the alerts channel and edited as its state changes (the owner
 * hears of it in their "Your morning" DM). `options` draws the account's context line.
 */
export function buildAlertMessage(a: AlertView, options?: ContextOptions): SlackMessage {
  const locale = options?.locale ?? "en";
  const meaning = bandMeaning(a.band, locale);
  const reason = alertReasonText(a, locale);
  const title = clip(
    t(locale, "alert.title", { emoji: BAND_EMOJI[a.band], name: a.account.name, meaning }),
    150,
  );
  const glance =
    a.context && options
      ? contextLine(a.context, options, { owner: a.status === "open" })
      : t(locale, "alert.health", { band: describeBand(a.score, a.band, options?.model, locale) });
  const { why } = a;
  const body = `*${escapeMrkdwn(reason)}*${why ? `\n${escapeMrkdwn(why)}` : ""}`;
  const blocks: SlackMessage["blocks"] = [
    { type: "header", text: { type: "plain_text", text: title } },
    { type: "section", text: { type: "mrkdwn", text: clip(body, 3_000) } },
    { type: "context", elements: [{ type: "mrkdwn", text: clip(glance, 3_000) }] },
    { type: "context", elements: [{ type: "mrkdwn", text: stateLine(a, locale) }] },
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
            ...(a.status === "open"
              ? [button(ALERT_ACTIONS.ack, t(locale, "alert.button.ack"), id, "primary")]
              : []),
            button(ALERT_ACTIONS.snooze7, t(locale, "alert.button.snooze7"), id),
            button(ALERT_ACTIONS.snooze30, t(locale, "alert.button.snooze30"), id),
            button(ALERT_ACTIONS.snoozeMove, t(locale, "alert.button.snoozeMove"), id),
          ]),
      button(HEALTH_ACTIONS.show, t(locale, "alert.button.card"), account),
      button(CONTRACT_ACTIONS.open, t(locale, "health.button.contract"), account),
    ],
  });
  return {
    // The fallback is mrkdwn too (notifications): a name must not mention anyone or link anywhere.
    text: clip(
      t(locale, "alert.fallback", {
        name: escapeMrkdwn(a.account.name),
        meaning,
        score: a.score,
        reason: escapeMrkdwn(reason),
        state: stateLine(a, locale),
      }),
      3_000,
    ),
    blocks,
  };
}
