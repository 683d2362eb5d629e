import type { types } from "@slack/bolt";
import type { AlertStatus } from "../alerts/rules.js";
import { ALERT_ACTIONS, alertButtonValue } from "../alerts/views.js";
import { CONTRACT_ACTIONS } from "../contracts/ids.js";
import type { RequestDetails } from "../contracts/request.js";
import { STATUSES } from "../contracts/state.js";
import { REQUEST_TYPES, requestLabel } from "../contracts/types.js";
import { BAND_EMOJI } from "../health/band.js";
import type { AccountContext } from "../health/context.js";
import { type ContextOptions, contextLine } from "../health/context-view.js";
import { HEALTH_ACTIONS } from "../health/ids.js";
import { type ReminderEntry, reminderSection } from "../renewals/views.js";
import { button, escapeMrkdwn, type SlackMessage } from "../slack/blocks.js";
import { clip } from "../text.js";
import { isoDay } from "../time.js";
import type { AlertItem, MorningPlan, RenewalItem, RequestItem, Shown } from "./compose.js";

/** A new alert as the DM shows it. */
export interface MorningAlert extends AlertItem {
  id: number;
  version: number;
  status: AlertStatus;
  reason: string;
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

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const NAME_CHARS = 150;

const heading = (text: string): types.SectionBlock => ({ type: "section", text: { type: "mrkdwn", text } });
const moreLine = (text: string): types.ContextBlock => ({
  type: "context",
  elements: [{ type: "mrkdwn", text }],
});

function alertBlocks(a: MorningAlert, options: ContextOptions): types.KnownBlock[] {
  const c = a.context;
  const emoji = c.band ? `${BAND_EMOJI[c.band]} ` : "";
  const value = alertButtonValue(a.id, a.version);
  return [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `${emoji}*${escapeMrkdwn(clip(c.name, NAME_CHARS))}*: ${escapeMrkdwn(clip(a.reason, 500))}\n${contextLine(c, options, { owner: true })}`,
      },
    },
    {
      type: "actions",
      // Not the alert message's own block id: this is a copy in a DM, redrawn by nobody.
      block_id: `morning_alert_${a.id}`,
      elements: [
        ...(a.status === "open" ? [button(ALERT_ACTIONS.ack, "Acknowledge", value, "primary")] : []),
        button(ALERT_ACTIONS.snooze7, "Snooze 7 days", value),
        button(HEALTH_ACTIONS.show, "Health card", String(c.id)),
      ],
    },
  ];
}

function requestSection(q: MorningRequest): types.SectionBlock {
  const r = q.request;
  const what = `*${requestLabel(r.number)} ${REQUEST_TYPES[r.type].label}* · ${escapeMrkdwn(clip(r.account.name, NAME_CHARS))}`;
  if (q.waiting === "yours")
    return {
      type: "section",
      text: { type: "mrkdwn", text: `↩️ ${what}: CS Ops asked for changes. Edit it and resubmit.` },
      accessory: button(CONTRACT_ACTIONS.edit, "Edit and resubmit", String(r.id), "primary"),
    };
  return {
    type: "section",
    text: {
      type: "mrkdwn",
      text: `🔎 ${what}: ${STATUSES[r.status].toLowerCase()}, assigned to you · answer due ${isoDay(r.slaDueAt)}`,
    },
    accessory: button(CONTRACT_ACTIONS.review, "Review", String(r.id)),
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
export function morningSummary(m: Morning): string {
  const count = (s: Shown<unknown>) => s.items.length + s.more;
  const parts = [
    count(m.alerts) ? plural(count(m.alerts), "new alert", "new alerts") : "",
    count(m.renewals) ? plural(count(m.renewals), "renewal", "renewals") : "",
    count(m.requests) ? `${plural(count(m.requests), "request", "requests")} waiting on you` : "",
  ].filter(Boolean);
  return `Your morning: ${parts.join(", ")}.`;
}

/** "Your morning": one DM with the person's new alerts, renewals and requests waiting, each with its buttons. */
export function buildMorningMessage(m: Morning, options: ContextOptions): SlackMessage {
  const blocks: types.KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: "☀️ Your morning" } },
    ...group(
      m.alerts,
      (n) => `*🚨 ${plural(n, "new alert", "new alerts")} on your accounts*`,
      (n) => `…and ${plural(n, "more alert", "more alerts")}: see App Home.`,
      (a) => alertBlocks(a, options),
    ),
    ...group(
      m.renewals,
      (n) => `*📅 ${plural(n, "renewal enters", "renewals enter")} a reminder window*`,
      (n) => `…and ${plural(n, "more renewal", "more renewals")}: see App Home.`,
      (r) => [reminderSection(r.entry, options, { owner: true })],
    ),
    ...group(
      m.requests,
      (n) => `*📝 ${plural(n, "contract request waits", "contract requests wait")} on you*`,
      (n) =>
        `…and ${plural(n, "more request", "more requests")}: \`/contract status\` or \`/csops queue\` lists them.`,
      (q) => [requestSection(q)],
    ),
  ];
  return { text: morningSummary(m), blocks };
}
