import type { types } from "@slack/bolt";
import { requestLabel } from "../contracts/types.js";
import { BAND_EMOJI, bandMeaning, hysteresisNote } from "../health/band.js";
import type { AccountContext } from "../health/context.js";
import { contextLine } from "../health/context-view.js";
import { HEALTH_ACTIONS } from "../health/ids.js";
import type { HealthModel } from "../health/model.js";
import { signed } from "../health/score.js";
import type { Locale } from "../i18n/locale.js";
import { type Translator, translator } from "../i18n/translate.js";
import { describeTotal, type ReportedTotal } from "../money.js";
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
  /** Its language (default English). */
  locale?: Locale;
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
function bandWords(a: DigestAccount, model: DigestViewInput["model"], tr: Translator): string {
  const held = model ? hysteresisNote(a.score, a.band, model, tr.locale) : undefined;
  const words = { score: a.score, meaning: bandMeaning(a.band, tr.locale) };
  return held ? tr.t("digest.bandWordsHeld", { ...words, held }) : tr.t("digest.bandWords", words);
}

/** What a digest line's parts are separated by. */
const SEPARATOR = " · ";

/** ARR at risk in the reader's words: English as money.ts says it; else from the catalogue. */
function totalText(total: ReportedTotal, tr: Translator): string {
  if (tr.locale === "en") return describeTotal(total);
  const parts = (entries: [string, number][]) =>
    entries.map(([currency, amount]) => tr.money(amount, currency)).join(" + ");
  if (total.byCurrency.length === 0) return tr.t("digest.total.none");
  const c = total.converted;
  if (!c) return parts(total.byCurrency);
  const converted = total.byCurrency.filter(([currency]) => !c.unconverted.includes(currency));
  const left = total.byCurrency.filter(([currency]) => c.unconverted.includes(currency));
  const apart = left.length
    ? tr.t("digest.total.unconverted", {
        parts: parts(left),
        currencies: tr.list(c.unconverted),
        day: tr.day(new Date(`${c.day}T00:00:00Z`)),
      })
    : "";
  if (converted.length === 0) return apart;
  const main =
    c.rateDates.length === 0
      ? tr.money(c.amount, c.currency)
      : tr.t("digest.total.converted", {
          amount: tr.money(c.amount, c.currency),
          dates: tr.list(c.rateDates.map((d) => tr.day(new Date(`${d}T00:00:00Z`)))),
          parts: parts(converted),
        });
  return apart ? tr.list([main, apart]) : main;
}

/** One account on one line: band in words, its 30-day fall where that is news, ARR, renewal, owner. */
function compactLine(a: DigestAccount, view: DigestViewInput, tr: Translator, withFall = false): string {
  return [
    `${BAND_EMOJI[a.band]} *${escapeMrkdwn(a.name)}* ${bandWords(a, view.model, tr)}`,
    ...(withFall ? [tr.t("digest.fell", { delta: signed(-fallIn30Days(a)) })] : []),
    tr.money(a.arr, a.currency),
    ...(a.renewalDate ? [tr.t("digest.renewsIn", { days: daysBetween(view.day, a.renewalDate) })] : []),
    ...(a.ownerSlackId ? [`<@${a.ownerSlackId}>`] : []),
  ].join(SEPARATOR);
}

const requestLine = (r: DigestRequest, tr: Translator) =>
  [
    `⚠️ *${requestLabel(r.number)}* ${tr.t(`contract.type.${r.type}`)}`,
    escapeMrkdwn(r.account.name),
    r.assigneeId ? `<@${r.assigneeId}>` : tr.t("digest.unassigned"),
  ].join(SEPARATOR);

/** An account named with why: its change, its weakest components, its context; a button to its card. */
function accountBlock(
  a: DigestAccount,
  view: DigestViewInput,
  collapse: boolean,
  tr: Translator,
): types.SectionBlock {
  const reason = view.reasons.get(a.id);
  const context = view.contexts?.get(a.id);
  const change =
    reason?.change ??
    (collapse
      ? tr.t("digest.collapse", {
          delta: signed(-fallIn30Days(a)),
          from: String(a.score30DaysAgo),
          to: a.score,
        })
      : undefined);
  const lines = [
    `${BAND_EMOJI[a.band]} *${escapeMrkdwn(a.name)}*${change ? `${SEPARATOR}${escapeMrkdwn(change)}` : ""}`,
  ];
  if (reason?.weakest) lines.push(tr.t("digest.why", { weakest: escapeMrkdwn(reason.weakest) }));
  if (context)
    lines.push(
      contextLine(context, {
        today: view.day,
        model: view.model,
        crmUrlTemplate: view.crmUrlTemplate,
        locale: tr.locale,
      }),
    );
  else
    lines.push(
      [
        bandWords(a, view.model, tr),
        tr.t("digest.arr", { money: tr.money(a.arr, a.currency) }),
        ...(a.renewalDate ? [tr.t("digest.renewsIn", { days: daysBetween(view.day, a.renewalDate) })] : []),
        ...(a.ownerSlackId ? [`<@${a.ownerSlackId}>`] : []),
      ].join(SEPARATOR),
    );
  return {
    ...section(lines.join("\n")),
    accessory: button(HEALTH_ACTIONS.show, tr.t("alert.button.card"), String(a.id)),
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
  const tr = translator(view.locale ?? "en");
  const plain = (a: DigestAccount) => compactLine(a, view, tr);
  const points = digest.collapsePoints;
  const lists: List[] = [
    {
      ...list(
        tr.t("digest.list.collapses", { points }),
        digest.collapses,
        (a) => compactLine(a, view, tr, true),
        digest.collapses,
      ),
      collapse: true,
    },
    list(tr.t("digest.list.newlyAtRisk"), digest.newlyAtRisk, plain, digest.newlyAtRisk),
    list(tr.t("digest.list.topAtRisk"), digest.topAtRisk, plain, digest.topAtRisk),
    list(tr.t("digest.list.renewalsAtRisk"), digest.renewalsAtRisk, plain),
    list(tr.t("digest.list.recovered"), digest.recovered, plain),
    list(tr.t("digest.list.overdue"), digest.overdueRequests, (r) => requestLine(r, tr)),
    list(tr.t("digest.list.stale"), digest.stale, plain),
  ];
  const { red, yellow, green } = digest.counts;
  const arrAtRisk = totalText(digest.arrAtRisk, tr);
  // English keeps the day as the digest names it (2026-11-22); Japanese writes 2026年11月22日(日).
  const day = tr.locale === "en" ? digest.day : tr.day(new Date(`${digest.day}T00:00:00Z`));
  const generated = {
    time: slackTime(view.now),
    day,
    red: BAND_EMOJI.red,
    yellow: BAND_EMOJI.yellow,
    green: BAND_EMOJI.green,
  };
  const blocks: types.KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: tr.t("digest.header", { day }) } },
    note(view.preview ? tr.t("digest.generatedPreview", generated) : tr.t("digest.generated", generated)),
    {
      type: "section",
      fields: [
        {
          type: "mrkdwn",
          text: tr.t("digest.field.accounts", {
            redEmoji: BAND_EMOJI.red,
            red,
            yellowEmoji: BAND_EMOJI.yellow,
            yellow,
            greenEmoji: BAND_EMOJI.green,
            green,
          }),
        },
        { type: "mrkdwn", text: clip(tr.t("digest.field.arrAtRisk", { total: arrAtRisk }), 2_000) },
        {
          type: "mrkdwn",
          text: tr.t("digest.field.moves", {
            points,
            fell: digest.collapses.length,
            newly: digest.newlyAtRisk.length,
            recovered: digest.recovered.length,
          }),
        },
        { type: "mrkdwn", text: tr.t("digest.field.overdue", { n: digest.overdueRequests.length }) },
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
          ? tr.t("digest.moreInPreview", { rest })
          : tr.t("digest.moreInThread", { rest });
    const title = tr.t("digest.list.title", { title: l.title, count: l.count });
    if (!l.accounts) {
      const body = l.count ? [...shown, ...extra].join("\n") : tr.t("digest.list.none");
      blocks.push(section(`${title}\n${body}${more ? `\n${more}` : ""}`));
      continue;
    }
    // Each account is named in full once; a later list points back to it.
    const first = l.accounts.slice(0, DETAILED);
    const again = first.filter((a) => named.has(a.id));
    const heading = again.length
      ? `\n${again
          .map((a) =>
            tr.t("digest.list.namedAbove", {
              emoji: BAND_EMOJI[a.band],
              name: escapeMrkdwn(a.name),
              band: bandWords(a, view.model, tr),
            }),
          )
          .join("\n")}`
      : "";
    blocks.push(section(`${title}${l.count ? heading : `\n${tr.t("digest.list.none")}`}`));
    for (const a of first) {
      if (named.has(a.id)) continue;
      named.add(a.id);
      blocks.push(accountBlock(a, view, Boolean(l.collapse), tr));
    }
    if (extra.length) blocks.push(section(`${extra.join("\n")}${more ? `\n${more}` : ""}`));
    else if (more) blocks.push(note(more));
  }

  const text = tr.t("digest.text", {
    day,
    red,
    yellow,
    green,
    arr: arrAtRisk,
    fell: digest.collapses.length,
    points,
    newly: digest.newlyAtRisk.length,
    overdue: digest.overdueRequests.length,
  });
  if (view.preview) return { main: { text, blocks }, thread: [] };
  return { main: { text, blocks }, thread: buildThread(day, lists, tr) };
}

/** The thread: every list longer than the main message shows, in full, in sections of a few lines. */
function buildThread(day: string, lists: List[], tr: Translator): SlackMessage[] {
  const sections: { text: string; lines: number }[] = [];
  let listed = 0;
  for (const l of lists) {
    const shownInMain = l.accounts ? DETAILED : COMPACT;
    if (l.count <= shownInMain) continue;
    listed += l.count;
    for (let i = 0; i < l.lines.length; i += LINES_PER_SECTION) {
      const part = l.lines.slice(i, i + LINES_PER_SECTION);
      sections.push({
        text: `${i === 0 ? `${tr.t("digest.list.titleAll", { title: l.title, count: l.count })}\n` : ""}${part.join("\n")}`,
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
      text: tr.t("digest.continued", { day, n: thread.length + 1 }),
      blocks: chunk.map((c) => section(c.text)),
    });
  }
  const more = listed - threaded;
  if (more > 0 && thread.length > 0) {
    thread[thread.length - 1]!.blocks.push(section(tr.t("digest.moreLines", { more })));
  }
  return thread;
}
