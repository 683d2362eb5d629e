import type { types } from "@slack/bolt";
import { REQUEST_TYPES, requestLabel } from "../contracts/types.js";
import { formatMoney } from "../format.js";
import { BAND_EMOJI } from "../health/band.js";
import { escapeMrkdwn, type SlackMessage } from "../slack/blocks.js";
import { clip } from "../text.js";
import { daysBetween } from "../time.js";
import type { Digest, DigestAccount, DigestInput, DigestRequest } from "./compose.js";

/**
 * The digest as Slack messages, within Slack's limits whatever the portfolio's size: the main
 * message carries the top of each list, the full lists follow in its thread.
 */

const TOP = 10;
/** Lines per thread section, sections per thread message: within 3,000 characters and 50 blocks. */
const LINES_PER_SECTION = 10;
const SECTIONS_PER_MESSAGE = 40;
const MAX_THREAD_MESSAGES = 10;

const money = (totals: Record<string, number>) =>
  Object.entries(totals)
    .map(([currency, total]) => formatMoney(total, currency))
    .join(" + ") || "none";

const section = (text: string): types.SectionBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: clip(text, 3_000) },
});

function accountLine(a: DigestAccount, day: Date, why?: string): string {
  const renewal = a.renewalDate ? ` · renews in ${daysBetween(day, a.renewalDate)} d` : "";
  const owner = a.ownerSlackId ? ` · <@${a.ownerSlackId}>` : "";
  return `${BAND_EMOJI[a.band]} *${escapeMrkdwn(a.name)}* ${a.score} · ${formatMoney(a.arr, a.currency)}${renewal}${owner}${why ? `\n      _${escapeMrkdwn(why)}_` : ""}`;
}

const requestLine = (r: DigestRequest) =>
  `⚠️ *${requestLabel(r.number)}* ${REQUEST_TYPES[r.type].label} · ${escapeMrkdwn(r.account.name)} · ${r.assigneeId ? `<@${r.assigneeId}>` : "unassigned"}`;

interface List {
  title: string;
  /** How many it lists in all. */
  count: number;
  /** Its first lines: no more than the thread could ever show, however long the list. */
  lines: string[];
}

/** The most lines the main message and its thread can carry. */
const MAX_LINES = TOP + MAX_THREAD_MESSAGES * SECTIONS_PER_MESSAGE * LINES_PER_SECTION;

const list = <T>(title: string, items: T[], line: (item: T) => string): List => ({
  title,
  count: items.length,
  lines: items.slice(0, MAX_LINES).map(line),
});

/** The digest as Slack messages: the main one, then its thread (the lists in full). */
export function buildDigestMessages(
  digest: Digest,
  input: Pick<DigestInput, "why" | "day">,
): { main: SlackMessage; thread: SlackMessage[] } {
  const day = input.day;
  const withWhy = (a: DigestAccount) => accountLine(a, day, input.why.get(a.id));
  const plain = (a: DigestAccount) => accountLine(a, day);
  const lists: List[] = [
    list("🆕 Newly at risk since the last snapshot", digest.newlyAtRisk, withWhy),
    list("🔥 Top at-risk accounts by ARR", digest.topAtRisk, withWhy),
    list("📅 Renewals in the next 30 days at risk", digest.renewalsAtRisk, plain),
    list("🌱 Recovered", digest.recovered, plain),
    list("⏰ Overdue contract requests", digest.overdueRequests, requestLine),
    list("🕸️ Data stale (no alerts until fresh metrics arrive)", digest.stale, plain),
  ];
  const { red, yellow, green } = digest.counts;
  const blocks: types.KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: `Daily at-risk digest · ${digest.day}` } },
    {
      type: "section",
      fields: [
        {
          type: "mrkdwn",
          text: `*Accounts*\n${BAND_EMOJI.red} ${red} · ${BAND_EMOJI.yellow} ${yellow} · ${BAND_EMOJI.green} ${green}`,
        },
        { type: "mrkdwn", text: `*ARR at risk*\n${money(digest.arrAtRisk)}` },
        {
          type: "mrkdwn",
          text: `*Newly at risk / recovered*\n${digest.newlyAtRisk.length} / ${digest.recovered.length}`,
        },
        { type: "mrkdwn", text: `*Overdue contract requests*\n${digest.overdueRequests.length}` },
      ],
    },
  ];
  for (const list of lists) {
    const shown = list.lines.slice(0, list.title.startsWith("🔥") ? TOP : 5);
    const rest = list.count - shown.length;
    const body = shown.length ? shown.join("\n") : "None.";
    blocks.push(
      { type: "divider" },
      section(`*${list.title}* (${list.count})\n${body}${rest > 0 ? `\n…${rest} more in the thread.` : ""}`),
    );
  }

  // The thread: every list in full, in sections of a few lines, messages of 40 sections.
  const sections: { text: string; lines: number }[] = [];
  let listed = 0;
  for (const list of lists) {
    const shownInMain = list.title.startsWith("🔥") ? TOP : 5;
    if (list.count <= shownInMain) continue;
    listed += list.count;
    for (let i = 0; i < list.lines.length; i += LINES_PER_SECTION) {
      const part = list.lines.slice(i, i + LINES_PER_SECTION);
      sections.push({
        text: `${i === 0 ? `*${list.title}* (all ${list.count})\n` : ""}${part.join("\n")}`,
        lines: part.length,
      });
    }
  }
  const thread: SlackMessage[] = [];
  let threaded = 0;
  for (let i = 0; i < sections.length && thread.length < MAX_THREAD_MESSAGES; i += SECTIONS_PER_MESSAGE) {
    const last = thread.length === MAX_THREAD_MESSAGES - 1 && i + SECTIONS_PER_MESSAGE < sections.length;
    // The last message keeps its final section for saying where the rest is.
    const chunk = sections.slice(i, i + SECTIONS_PER_MESSAGE - (last ? 1 : 0));
    threaded += chunk.reduce((n, c) => n + c.lines, 0);
    thread.push({
      text: `Digest ${digest.day}, continued (${thread.length + 1})`,
      blocks: chunk.map((c) => section(c.text)),
    });
  }
  const more = listed - threaded;
  if (more > 0 && thread.length > 0) {
    thread[thread.length - 1]!.blocks.push(
      section(`…and ${more} more lines: \`kuroko accounts\` and \`kuroko requests\` list everything.`),
    );
  }
  const text = `Daily at-risk digest ${digest.day}: ${red} red, ${yellow} yellow, ${green} green; ARR at risk ${money(digest.arrAtRisk)}; ${digest.newlyAtRisk.length} newly at risk; ${digest.overdueRequests.length} overdue contract requests.`;
  return { main: { text, blocks }, thread };
}
