import { formatMoney } from "../format.js";
import { describeBand } from "../health/band.js";
import type { AccountContext } from "../health/context.js";
import { renewalPhrase } from "../health/context-view.js";
import type { Band, HealthModel } from "../health/model.js";
import { escapeMrkdwn, type SlackMessage } from "../slack/blocks.js";
import { clip } from "../text.js";

/**
 * The sweep's summaries (pure): the baseline ("24 accounts are red today…") and the "N more
 * alerts today" past the per-sweep cap, each with its list in the thread, chunked within
 * Slack's limits (3,000 characters a section, 50 blocks a message).
 */

/** An account listed in a summary's thread. */
export interface ListedAccount {
  name: string;
  score: number;
  band: Band;
  context?: AccountContext;
  /** The alert's reason (the "N more" list). */
  reason?: string;
}

/** Room for a section's text, under Slack's 3,000. */
const SECTION_CHARS = 2_900;
/** Sections per thread message: 29,000 characters, well under Slack's 40,000 and 50 blocks. */
const SECTIONS_PER_MESSAGE = 10;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function money(c: AccountContext | undefined): string {
  return c ? `${formatMoney(c.arr, c.currency)} ARR` : "ARR unknown";
}

/** "• *Acme Corp* · 🔴 31/100, at risk · $240,000 ARR · renews 2027-01-06 (in 45 days) · <@U…>". */
export function baselineLine(a: ListedAccount, today: Date, model?: Pick<HealthModel, "bands">): string {
  const c = a.context;
  const owner = c?.ownerSlackId ? `<@${c.ownerSlackId}>` : "no owner";
  return `• *${escapeMrkdwn(a.name)}* · ${describeBand(a.score, a.band, model)} · ${money(c)} · ${renewalPhrase(c?.renewalDate ?? null, today)} · ${owner}`;
}

/** "• *Acme Corp*: score fell 47 points in 30 days (92 → 45) · $240,000 ARR · renews …". */
export function moreLine(a: ListedAccount, today: Date): string {
  const reason = a.reason ? `: ${escapeMrkdwn(a.reason)}` : "";
  return `• *${escapeMrkdwn(a.name)}*${reason} · ${money(a.context)} · ${renewalPhrase(a.context?.renewalDate ?? null, today)}`;
}

/** Lines packed into thread messages: sections of up to 2,900 characters, ten sections a message. */
export function threadMessages(lines: string[], what: string): SlackMessage[] {
  const sections: { text: string; count: number }[] = [];
  for (const raw of lines) {
    const line = clip(raw, SECTION_CHARS);
    const last = sections.at(-1);
    if (last && last.text.length + 1 + line.length <= SECTION_CHARS) {
      last.text += `\n${line}`;
      last.count++;
    } else sections.push({ text: line, count: 1 });
  }
  const messages: SlackMessage[] = [];
  let shown = 0;
  for (let i = 0; i < sections.length; i += SECTIONS_PER_MESSAGE) {
    const chunk = sections.slice(i, i + SECTIONS_PER_MESSAGE);
    const from = shown + 1;
    shown += chunk.reduce((n, s) => n + s.count, 0);
    messages.push({
      text: `${what}: ${from}–${shown} of ${lines.length}`,
      blocks: chunk.map((s) => ({ type: "section", text: { type: "mrkdwn", text: s.text } })),
    });
  }
  return messages;
}

/** What a baseline found: accounts red without a recent change, and renewals at risk. */
export interface BaselineCounts {
  red: number;
  renewalsAtRisk: number;
  /** Accounts listed (an account can be both red and a renewal at risk). */
  listed: number;
  /** No earlier baseline: the first sweep of this install (otherwise the model or the rules changed). */
  first: boolean;
}

/** "24 accounts are red today and 9 renewals are at risk". */
export function baselineHeadline(counts: BaselineCounts): string {
  const parts = [
    ...(counts.red ? [`${plural(counts.red, "account is", "accounts are")} red today`] : []),
    ...(counts.renewalsAtRisk
      ? [
          `${plural(counts.renewalsAtRisk, "renewal is", "renewals are")} at risk${counts.red ? "" : " today"}`,
        ]
      : []),
  ];
  return parts.join(" and ");
}

/** The baseline's one message to the alerts channel; its list goes in the thread. */
export function buildBaselineSummary(counts: BaselineCounts): SlackMessage {
  const headline = `${baselineHeadline(counts)}; Kuroko alerts on changes from now on.`;
  const why = counts.first
    ? "This is Kuroko's first alert sweep here"
    : "The health model or the alert rules changed";
  const detail = `${why}: accounts already in this state with no recent change are listed in the thread (name, score, ARR, renewal, owner) instead of alerted one by one. From tomorrow, an alert means something changed: entering red, a decline, a renewal coming near while not healthy.`;
  return {
    text: `📋 ${headline}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `📋 *${headline}*` } },
      { type: "context", elements: [{ type: "mrkdwn", text: detail }] },
    ],
  };
}

/** The baseline's list, for its thread. */
export const buildBaselineThread = (
  accounts: ListedAccount[],
  today: Date,
  model?: Pick<HealthModel, "bands">,
): SlackMessage[] =>
  threadMessages(
    accounts.map((a) => baselineLine(a, today, model)),
    "Already red or renewing at risk",
  );

/** Past the per-sweep cap: one message for the rest; its list goes in the thread. */
export function buildMoreAlerts(count: number, cap: number): SlackMessage {
  const headline = `${plural(count, "more alert", "more alerts")} today`;
  return {
    text: `📋 ${headline}: the list is in the thread.`,
    blocks: [
      {
        type: "section",
        text: { type: "mrkdwn", text: `📋 *${headline}*: the list is in the thread, most severe first.` },
      },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: `This channel gets at most ${cap} messages from one alert sweep (KUROKO_ALERTS_MAX_PER_RUN). Every alert is recorded, and its owner hears of it in their morning DM.`,
          },
        ],
      },
    ],
  };
}

/** The "N more" list, for its thread. */
export const buildMoreThread = (alerts: ListedAccount[], today: Date): SlackMessage[] =>
  threadMessages(
    alerts.map((a) => moreLine(a, today)),
    "More alerts today",
  );
