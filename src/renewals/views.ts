import { CONTRACT_ACTIONS } from "../contracts/ids.js";
import { formatMoney } from "../format.js";
import { BAND_EMOJI } from "../health/band.js";
import { HEALTH_ACTIONS } from "../health/ids.js";
import type { Band } from "../health/model.js";
import { button, escapeMrkdwn, type SlackMessage } from "../slack/blocks.js";
import { isoDay } from "../time.js";

/** An account whose renewal is coming, with its latest health. */
export interface RenewalSubject {
  id: number;
  name: string;
  arr: number;
  currency: string;
  renewalDate: Date;
  ownerSlackId: string | null;
  score: number | null;
  band: Band | null;
}

/** The reminder in one plain line: the message's fallback, and what a dry run prints. */
export function renewalLine(a: RenewalSubject, daysLeft: number): string {
  const atRisk = a.band === "red" || a.band === "yellow";
  return `${atRisk ? "⚠️ " : ""}${a.name} renews in ${daysLeft} days (${isoDay(a.renewalDate)}), ${formatMoney(a.arr, a.currency)}.`;
}

/** The reminder: health up front (an at-risk renewal stands out), and the paperwork one click away. */
export function buildRenewalReminder(a: RenewalSubject, daysLeft: number): SlackMessage {
  const atRisk = a.band === "red" || a.band === "yellow";
  const health =
    a.band && a.score !== null
      ? `${BAND_EMOJI[a.band]} health ${a.score}/100${atRisk ? " · *at risk*" : ""}`
      : "no health score yet";
  // The fallback is mrkdwn too (notifications): a name must not mention anyone or link anywhere.
  const text = escapeMrkdwn(renewalLine(a, daysLeft));
  const paperwork = JSON.stringify({ accountId: a.id, type: "renewal", startDate: isoDay(a.renewalDate) });
  return {
    text,
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `${atRisk ? "⚠️ " : "📅 "}*${escapeMrkdwn(a.name)}* renews in *${daysLeft} days* (${isoDay(a.renewalDate)}) · ${formatMoney(a.arr, a.currency)}\n${health}${a.ownerSlackId ? ` · owner <@${a.ownerSlackId}>` : ""}`,
        },
      },
      {
        type: "actions",
        elements: [
          button(CONTRACT_ACTIONS.open, "Start renewal paperwork", paperwork, "primary"),
          button(HEALTH_ACTIONS.show, "Health card", String(a.id)),
        ],
      },
    ],
  };
}
