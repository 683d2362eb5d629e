import type { types } from "@slack/bolt";
import type { AlertStatus } from "../alerts/rules.js";
import { ALERT_ACTIONS, alertButtonValue } from "../alerts/views.js";
import { CONTRACT_ACTIONS } from "../contracts/ids.js";
import type { RequestDetails } from "../contracts/request.js";
import { requestLabel } from "../contracts/types.js";
import { alertReasonText, type CauseFacts } from "../health/alert-reason.js";
import { BAND_EMOJI } from "../health/band.js";
import type { AccountContext } from "../health/context.js";
import { type ContextOptions, contextLine } from "../health/context-view.js";
import { HEALTH_ACTIONS } from "../health/ids.js";
import type { Locale } from "../i18n/locale.js";
import { t, translator } from "../i18n/translate.js";
import { type ReminderEntry, reminderSection } from "../renewals/views.js";
import { button, escapeMrkdwn, type SlackMessage } from "../slack/blocks.js";
import { clip } from "../text.js";
import type { AlertItem, MorningPlan, RenewalItem, RequestItem, Shown } from "./compose.js";

/** A new alert as the DM shows it. */
export interface MorningAlert extends AlertItem {
  id: number;
  version: number;
  status: AlertStatus;
  reason: string;
  causes?: readonly CauseFacts[];
  context: AccountContext;
}

/** A renewal reminder not told yet: `renewal_reminders.id` and what the reminder shows. */
export interface MorningRenewal extends RenewalItem {
  reminderId: number;
  entry: ReminderEntry;
}

/** A contract request waiting on the person. */
export interface MorningRequest extends RequestItem {
  request: RequestDetails;
}

export type Morning = MorningPlan<MorningAlert, MorningRenewal, MorningRequest>;

const NAME_CHARS = 150;

const heading = (text: string): types.SectionBlock => ({ type: "section", text: { type: "mrkdwn", text } });
const moreLine = (text: string): types.ContextBlock => ({
  type: "context",
  elements: [{ type: "mrkdwn", text }],
});

function alertBlocks(a: MorningAlert, options: ContextOptions): types.KnownBlock[] {
  const c = a.context;
  const locale = options.locale ?? "en";
  const emoji = c.band ? `${BAND_EMOJI[c.band]} ` : "";
  const value = alertButtonValue(a.id, a.version);
  return [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: t(locale, "morning.alert", {
          emoji,
          name: escapeMrkdwn(clip(c.name, NAME_CHARS)),
          reason: escapeMrkdwn(clip(alertReasonText(a, locale), 500)),
          context: contextLine(c, options, { owner: true }),
        }),
      },
    },
    {
      type: "actions",
      // Not the alert message's own block id: this is a copy in a DM, redrawn by nobody.
      block_id: `morning_alert_${a.id}`,
      elements: [
        ...(a.status === "open"
          ? [button(ALERT_ACTIONS.ack, t(locale, "alert.button.ack"), value, "primary")]
          : []),
        button(ALERT_ACTIONS.snooze7, t(locale, "alert.button.snooze7"), value),
        button(HEALTH_ACTIONS.show, t(locale, "alert.button.card"), String(c.id)),
      ],
    },
  ];
}

function requestSection(q: MorningRequest, locale: Locale): types.SectionBlock {
  const r = q.request;
  const what = {
    label: requestLabel(r.number),
    type: t(locale, `contract.type.${r.type}`),
    account: escapeMrkdwn(clip(r.account.name, NAME_CHARS)),
  };
  if (q.waiting === "yours")
    return {
      type: "section",
      text: { type: "mrkdwn", text: t(locale, "morning.request.yours", what) },
      accessory: button(CONTRACT_ACTIONS.edit, t(locale, "morning.button.edit"), String(r.id), "primary"),
    };
  return {
    type: "section",
    text: {
      type: "mrkdwn",
      text: t(locale, "morning.request.review", {
        ...what,
        status: t(locale, `contract.status.${r.status}`),
        day: translator(locale).day(r.slaDueAt),
      }),
    },
    accessory: button(CONTRACT_ACTIONS.review, t(locale, "morning.button.review"), String(r.id)),
  };
}

/** A group: its heading, its items, and the count of the rest. */
function group<T>(
  shown: Shown<T>,
  title: (total: number) => string,
  rest: (more: number) => string,
  draw: (item: T) => types.KnownBlock[],
): types.KnownBlock[] {
  const total = shown.items.length + shown.more;
  if (!total) return [];
  return [
    heading(title(total)),
    ...shown.items.flatMap(draw),
    ...(shown.more ? [moreLine(rest(shown.more))] : []),
  ];
}

/** The fallback: what the DM holds, in one line. */
export function morningSummary(m: Morning, locale: Locale = "en"): string {
  const count = (s: Shown<unknown>) => s.items.length + s.more;
  const parts = [
    count(m.alerts) ? t(locale, "morning.summary.alerts", { n: count(m.alerts) }) : "",
    count(m.renewals) ? t(locale, "morning.summary.renewals", { n: count(m.renewals) }) : "",
    count(m.requests) ? t(locale, "morning.summary.requests", { n: count(m.requests) }) : "",
  ].filter(Boolean);
  return t(locale, "morning.summary", { list: translator(locale).list(parts) });
}

/**
 * "Your morning": one DM with the person's new alerts, renewals and requests waiting, each with
 * its buttons, in `options.locale` (the recipient's language).
 */
export function buildMorningMessage(m: Morning, options: ContextOptions): SlackMessage {
  const locale = options.locale ?? "en";
  const blocks: types.KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: t(locale, "morning.header") } },
    ...group(
      m.alerts,
      (n) => t(locale, "morning.alerts.title", { n }),
      (n) => t(locale, "morning.alerts.more", { n }),
      (a) => alertBlocks(a, options),
    ),
    ...group(
      m.renewals,
      (n) => t(locale, "morning.renewals.title", { n }),
      (n) => t(locale, "morning.renewals.more", { n }),
      (r) => [reminderSection(r.entry, options, { owner: true })],
    ),
    ...group(
      m.requests,
      (n) => t(locale, "morning.requests.title", { n }),
      (n) => t(locale, "morning.requests.more", { n }),
      (q) => [requestSection(q, locale)],
    ),
  ];
  return { text: morningSummary(m, locale), blocks };
}
