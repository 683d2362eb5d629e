import type { types } from "@slack/bolt";
import { REQUEST_TYPES, requestLabel } from "../contracts/types.js";
import { formatMoney } from "../format.js";
import { BAND_EMOJI, BAND_MEANING, hysteresisNote } from "../health/band.js";
import type { AccountContext } from "../health/context.js";
import { contextLine } from "../health/context-view.js";
import { HEALTH_ACTIONS } from "../health/ids.js";
import type { HealthModel } from "../health/model.js";
import { signed } from "../health/score.js";
import { describeTotal } from "../money.js";
import { button, escapeMrkdwn, type SlackMessage, slackTime } from "../slack/blocks.js";
import { clip } from "../text.js";
import { daysBetween } from "../time.js";
import {
  type Digest,
  type DigestAccount,
  type DigestReason,
  type DigestRequest,
  fallIn30Days,
} from "./compose.js";

/**
 * The digest as Slack messages, within Slack's limits whatever the portfolio's size. The main
 * message names the first accounts of each risk list with why they are at risk, their context
 * and a button to their card; the full lists follow in its thread. The private preview
 * (`/csops digest`) has no thread: it shows more of each list inline and says where the rest is.
 */

/** Accounts per risk list named with their reasons, context and card button (3 lists: 15 blocks). */
const DETAILED = 5;
/** Lines per other list in the main message. */
const COMPACT = 5;
/** Further lines a preview shows inline per list, within one section's 3,000 characters. */
const PREVIEW_LINES = 20;
/** Lines per thread section, sections per thread message: within 3,000 characters and 50 blocks. */
const LINES_PER_SECTION = 10;
const SECTIONS_PER_MESSAGE = 40;
const MAX_THREAD_MESSAGES = 10;
/** The most lines the main message and its thread can carry. */
const MAX_LINES = DETAILED + MAX_THREAD_MESSAGES * SECTIONS_PER_MESSAGE * LINES_PER_SECTION;

/** What laying the digest out needs besides the digest. */
export interface DigestViewInput {
  day: Date;
  now: Date;
  /** Why the named accounts are there (by account id). */
  reasons: Map<number, DigestReason>;
  /** The named accounts' context (ARR, renewal, band, owner, paperwork, CRM id), by id. */
  contexts?: Map<number, AccountContext>;
  model?: Pick<HealthModel, "bands">;
  crmUrlTemplate?: string;
  /** The private preview: no thread, the lists inline. */
  preview?: boolean;
}

const section = (text: string): types.SectionBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: clip(text, 3_000) },
});

const note = (text: string): types.ContextBlock => ({
  type: "context",
  elements: [{ type: "mrkdwn", text: clip(text, 3_000) }],
});

/** An account's band in words, with the hysteresis that holds it there: "31/100, at risk". */
function bandWords(a: DigestAccount, model: DigestViewInput["model"]): string {
  const held = model ? hysteresisNote(a.score, a.band, model) : undefined;
  return `${a.score}/100, ${BAND_MEANING[a.band]}${held ? ` (${held})` : ""}`;
}

/** One account on one line: band in words, its 30-day fall where that is news, ARR, renewal, owner. */
function compactLine(a: DigestAccount, view: DigestViewInput, withFall = false): string {
  const fall = withFall ? ` · ${signed(-fallIn30Days(a))} in 30 days` : "";
  const renewal = a.renewalDate ? ` · renews in ${daysBetween(view.day, a.renewalDate)} d` : "";
  const owner = a.ownerSlackId ? ` · <@${a.ownerSlackId}>` : "";
  return `${BAND_EMOJI[a.band]} *${escapeMrkdwn(a.name)}* ${bandWords(a, view.model)}${fall} · ${formatMoney(a.arr, a.currency)}${renewal}${owner}`;
}

const requestLine = (r: DigestRequest) =>
  `⚠️ *${requestLabel(r.number)}* ${REQUEST_TYPES[r.type].label} · ${escapeMrkdwn(r.account.name)} · ${r.assigneeId ? `<@${r.assigneeId}>` : "unassigned"}`;

/** An account named with why: its change, its weakest components, its context; a button to its card. */
function accountBlock(a: DigestAccount, view: DigestViewInput, collapse: boolean): types.SectionBlock {
  const reason = view.reasons.get(a.id);
  const context = view.contexts?.get(a.id);
  const change =
    reason?.change ??
    (collapse ? `${signed(-fallIn30Days(a))} in 30 days (${a.score30DaysAgo} → ${a.score})` : undefined);
  const lines = [
    `${BAND_EMOJI[a.band]} *${escapeMrkdwn(a.name)}*${change ? ` · ${escapeMrkdwn(change)}` : ""}`,
  ];
  if (reason?.weakest) lines.push(`_Why:_ ${escapeMrkdwn(reason.weakest)}`);
  if (context)
    lines.push(
      contextLine(context, { today: view.day, model: view.model, crmUrlTemplate: view.crmUrlTemplate }),
    );
  else {
    const renewal = a.renewalDate ? ` · renews in ${daysBetween(view.day, a.renewalDate)} d` : "";
    const owner = a.ownerSlackId ? ` · <@${a.ownerSlackId}>` : "";
    lines.push(`${bandWords(a, view.model)} · ${formatMoney(a.arr, a.currency)} ARR${renewal}${owner}`);
  }
  return {
    ...section(lines.join("\n")),
    accessory: button(HEALTH_ACTIONS.show, "Health card", String(a.id)),
  };
}

interface List {
  title: string;
  /** How many it lists in all. */
  count: number;
  /** Its lines in the thread: no more than the thread could ever show, however long the list. */
  lines: string[];
  /** A risk list: its first accounts named in full, one block each. */
  accounts?: DigestAccount[];
  collapse?: boolean;
}

const list = <T>(title: string, items: T[], line: (item: T) => string, detailed?: DigestAccount[]): List => ({
  title,
  count: items.length,
  lines: items.slice(0, MAX_LINES).map(line),
  accounts: detailed,
});

/** How many of `lines` fit in `budget` characters, joined by newlines. */
function fitting(lines: string[], budget: number): number {
  let used = 0;
  let n = 0;
  for (const line of lines) {
    if (used + line.length + 1 > budget) break;
    used += line.length + 1;
    n++;
  }
  return n;
}

/** The accounts the main message names in full, each once: the first of each risk list. */
export function namedInMain(digest: Digest): DigestAccount[] {
  const named = [
    ...digest.collapses.slice(0, DETAILED),
    ...digest.newlyAtRisk.slice(0, DETAILED),
    ...digest.topAtRisk.slice(0, DETAILED),
  ];
  return [...new Map(named.map((a) => [a.id, a])).values()];
}

/** The digest as Slack messages: the main one, then its thread (the lists in full; none for a preview). */
export function buildDigestMessages(
  digest: Digest,
  view: DigestViewInput,
): { main: SlackMessage; thread: SlackMessage[] } {
  const plain = (a: DigestAccount) => compactLine(a, view);
  const lists: List[] = [
    {
      ...list(
        `📉 Fell ${digest.collapsePoints}+ points in 30 days, largest ARR first`,
        digest.collapses,
        (a) => compactLine(a, view, true),
        digest.collapses,
      ),
      collapse: true,
    },
    list("🆕 Newly at risk (red) since the last snapshot", digest.newlyAtRisk, plain, digest.newlyAtRisk),
    list("🔥 At risk (red), largest ARR first", digest.topAtRisk, plain, digest.topAtRisk),
    list("📅 Renewals in the next 30 days at risk (red or yellow)", digest.renewalsAtRisk, plain),
    list("🌱 Recovered (no longer red)", digest.recovered, plain),
    list("⏰ Overdue contract requests", digest.overdueRequests, requestLine),
    list("🕸️ Data stale (no alerts until fresh metrics arrive)", digest.stale, plain),
  ];
  const { red, yellow, green } = digest.counts;
  const arrAtRisk = describeTotal(digest.arrAtRisk);
  const blocks: types.KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: `Daily at-risk digest · ${digest.day}` } },
    note(
      `${view.preview ? "Preview, only you see it · " : ""}Generated ${slackTime(view.now)} from the scores of ${digest.day} · ${BAND_EMOJI.red} at risk · ${BAND_EMOJI.yellow} needs attention · ${BAND_EMOJI.green} healthy`,
    ),
    {
      type: "section",
      fields: [
        {
          type: "mrkdwn",
          text: `*Accounts*\n${BAND_EMOJI.red} ${red} at risk · ${BAND_EMOJI.yellow} ${yellow} need attention · ${BAND_EMOJI.green} ${green} healthy`,
        },
        { type: "mrkdwn", text: clip(`*ARR at risk*\n${arrAtRisk}`, 2_000) },
        {
          type: "mrkdwn",
          text: `*Fell ${digest.collapsePoints}+ in 30 days / newly at risk / recovered*\n${digest.collapses.length} / ${digest.newlyAtRisk.length} / ${digest.recovered.length}`,
        },
        { type: "mrkdwn", text: `*Overdue contract requests*\n${digest.overdueRequests.length}` },
      ],
    },
  ];
  const named = new Set<number>();
  for (const l of lists) {
    blocks.push({ type: "divider" });
    const shownInMain = l.accounts ? Math.min(DETAILED, l.count) : Math.min(COMPACT, l.count);
    const shown = l.accounts ? [] : l.lines.slice(0, shownInMain);
    // The preview's further lines, inline (an ephemeral message has no thread), in one section.
    const further = l.lines.slice(shownInMain, shownInMain + PREVIEW_LINES);
    const budget = 2_700 - l.title.length - shown.join("\n").length;
    const extra = view.preview ? further.slice(0, fitting(further, budget)) : [];
    const rest = l.count - shownInMain - extra.length;
    const more =
      rest <= 0
        ? ""
        : view.preview
          ? `…${rest} more not shown here: the posted digest lists them in its thread; \`kuroko accounts\` lists every account.`
          : `…${rest} more in the thread.`;
    if (!l.accounts) {
      const body = l.count ? [...shown, ...extra].join("\n") : "None.";
      blocks.push(section(`*${l.title}* (${l.count})\n${body}${more ? `\n${more}` : ""}`));
      continue;
    }
    // Each account is named in full once; a later list points back to it.
    const first = l.accounts.slice(0, DETAILED);
    const again = first.filter((a) => named.has(a.id));
    const heading = again.length
      ? `\n${again.map((a) => `${BAND_EMOJI[a.band]} *${escapeMrkdwn(a.name)}* ${bandWords(a, view.model)}: named above`).join("\n")}`
      : "";
    blocks.push(section(`*${l.title}* (${l.count})${l.count ? heading : "\nNone."}`));
    for (const a of first) {
      if (named.has(a.id)) continue;
      named.add(a.id);
      blocks.push(accountBlock(a, view, Boolean(l.collapse)));
    }
    if (extra.length) blocks.push(section(`${extra.join("\n")}${more ? `\n${more}` : ""}`));
    else if (more) blocks.push(note(more));
  }

  const text = `Daily at-risk digest ${digest.day}: ${red} red (at risk), ${yellow} yellow (needs attention), ${green} green; ARR at risk ${arrAtRisk}; ${digest.collapses.length} fell ${digest.collapsePoints}+ points in 30 days; ${digest.newlyAtRisk.length} newly at risk; ${digest.overdueRequests.length} overdue contract requests.`;
  if (view.preview) return { main: { text, blocks }, thread: [] };
  return { main: { text, blocks }, thread: buildThread(digest.day, lists) };
}

/** The thread: every list longer than the main message shows, in full, in sections of a few lines. */
function buildThread(day: string, lists: List[]): SlackMessage[] {
  const sections: { text: string; lines: number }[] = [];
  let listed = 0;
  for (const l of lists) {
    const shownInMain = l.accounts ? DETAILED : COMPACT;
    if (l.count <= shownInMain) continue;
    listed += l.count;
    for (let i = 0; i < l.lines.length; i += LINES_PER_SECTION) {
      const part = l.lines.slice(i, i + LINES_PER_SECTION);
      sections.push({
        text: `${i === 0 ? `*${l.title}* (all ${l.count})\n` : ""}${part.join("\n")}`,
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
      text: `Digest ${day}, continued (${thread.length + 1})`,
      blocks: chunk.map((c) => section(c.text)),
    });
  }
  const more = listed - threaded;
  if (more > 0 && thread.length > 0) {
    thread[thread.length - 1]!.blocks.push(
      section(`…and ${more} more lines: \`kuroko accounts\` and \`kuroko requests\` list everything.`),
    );
  }
  return thread;
}
