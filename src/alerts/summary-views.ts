import { alertReasonText, type CauseFacts } from "../health/alert-reason.js";
import { describeBand } from "../health/band.js";
import type { AccountContext } from "../health/context.js";
import { renewalPhrase } from "../health/context-view.js";
import type { Band, HealthModel } from "../health/model.js";
import type { Locale } from "../i18n/locale.js";
import { t, translator } from "../i18n/translate.js";
import { escapeMrkdwn, type SlackMessage } from "../slack/blocks.js";
import { LISTED_IN_THREAD } from "../slack/limits.js";
import { clip } from "../text.js";

export { LISTED_IN_THREAD };

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
  /** The alert's reason (the "N more" list): the English sentence, and its facts for other languages. */
  reason?: string;
  causes?: readonly CauseFacts[];
}

/** Room for a section's text, under Slack's 3,000. */
const SECTION_CHARS = 2_900;
/** Sections per thread message: 29,000 characters, well under Slack's 40,000 and 50 blocks. */
const SECTIONS_PER_MESSAGE = 10;

function money(c: AccountContext | undefined, locale: Locale): string {
  return c
    ? t(locale, "alert.list.arr", { money: translator(locale).money(c.arr, c.currency) })
    : t(locale, "alert.list.noArr");
}

/** "• *Acme Corp* · 🔴 31/100, at risk · $240,000 ARR · renews 2027-01-06 (in 45 days) · <@U…>". */
export function baselineLine(
  a: ListedAccount,
  today: Date,
  model?: Pick<HealthModel, "bands">,
  locale: Locale = "en",
): string {
  const c = a.context;
  return t(locale, "alert.list.baseline", {
    name: escapeMrkdwn(a.name),
    band: describeBand(a.score, a.band, model, locale),
    arr: money(c, locale),
    renewal: renewalPhrase(c?.renewalDate ?? null, today, locale),
    owner: c?.ownerSlackId
      ? t(locale, "alert.list.owner", { user: c.ownerSlackId })
      : t(locale, "alert.list.noOwner"),
  });
}

/** "• *Acme Corp*: score fell 47 points in 30 days (92 → 45) · $240,000 ARR · renews …". */
export function moreLine(a: ListedAccount, today: Date, locale: Locale = "en"): string {
  const parts = {
    name: escapeMrkdwn(a.name),
    arr: money(a.context, locale),
    renewal: renewalPhrase(a.context?.renewalDate ?? null, today, locale),
  };
  return a.reason
    ? t(locale, "alert.list.more", {
        ...parts,
        reason: escapeMrkdwn(alertReasonText({ reason: a.reason, causes: a.causes }, locale)),
      })
    : t(locale, "alert.list.moreNoReason", parts);
}

/**
 * Lines packed into thread messages: sections of up to 2,900 characters, ten sections a message.
 * `total` counts every account the list stands for (default: the lines given); those past the
 * lines given are named in `unlisted`, a last line saying where they are.
 */
export function threadMessages(
  lines: string[],
  what: string,
  locale: Locale = "en",
  rest?: { total: number; unlisted: string },
): SlackMessage[] {
  const sections: { text: string; count: number }[] = [];
  for (const raw of lines) {
    const line = clip(raw, SECTION_CHARS);
    const last = sections.at(-1);
    if (last && last.text.length + 1 + line.length <= SECTION_CHARS) {
      last.text += `\n${line}`;
      last.count++;
    } else sections.push({ text: line, count: 1 });
  }
  const total = Math.max(rest?.total ?? lines.length, lines.length);
  const messages: SlackMessage[] = [];
  let shown = 0;
  for (let i = 0; i < sections.length; i += SECTIONS_PER_MESSAGE) {
    const chunk = sections.slice(i, i + SECTIONS_PER_MESSAGE);
    const from = shown + 1;
    shown += chunk.reduce((n, s) => n + s.count, 0);
    messages.push({
      text: t(locale, "alert.list.part", { what, from, to: shown, total }),
      blocks: chunk.map((s) => ({ type: "section", text: { type: "mrkdwn", text: s.text } })),
    });
  }
  const last = messages.at(-1);
  if (rest && total > lines.length && last)
    last.blocks = [
      ...(last.blocks ?? []),
      { type: "context", elements: [{ type: "mrkdwn", text: rest.unlisted }] },
    ];
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
export function baselineHeadline(counts: BaselineCounts, locale: Locale = "en"): string {
  const { red, renewalsAtRisk: renewals } = counts;
  if (red && renewals) return t(locale, "alert.baseline.both", { red, renewals });
  if (red) return t(locale, "alert.baseline.red", { red });
  return renewals ? t(locale, "alert.baseline.renewals", { renewals }) : "";
}

/** The baseline's one message to the alerts channel; its list goes in the thread. */
export function buildBaselineSummary(counts: BaselineCounts, locale: Locale = "en"): SlackMessage {
  const headline = t(locale, "alert.baseline.headline", { headline: baselineHeadline(counts, locale) });
  const detail = t(locale, "alert.baseline.detail", { first: counts.first ? "yes" : "no" });
  return {
    text: `📋 ${headline}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `📋 *${headline}*` } },
      { type: "context", elements: [{ type: "mrkdwn", text: detail }] },
    ],
  };
}

/**
 * The baseline's list, for its thread: the first LISTED_IN_THREAD of `accounts` (give them in
 * the order to show, largest ARR first), then how many more and where to find them.
 */
export const buildBaselineThread = (
  accounts: ListedAccount[],
  today: Date,
  model?: Pick<HealthModel, "bands">,
  locale: Locale = "en",
): SlackMessage[] =>
  threadMessages(
    accounts.slice(0, LISTED_IN_THREAD).map((a) => baselineLine(a, today, model, locale)),
    t(locale, "alert.baseline.thread"),
    locale,
    {
      total: accounts.length,
      unlisted: t(locale, "alert.baseline.unlisted", { n: accounts.length - LISTED_IN_THREAD }),
    },
  );

/** Past the per-sweep cap: one message for the rest; its list goes in the thread. */
export function buildMoreAlerts(count: number, cap: number, locale: Locale = "en"): SlackMessage {
  // Past LISTED_IN_THREAD, the thread lists the most severe and says where the rest are.
  const top = count > LISTED_IN_THREAD;
  const values = { count, listed: LISTED_IN_THREAD };
  return {
    text: t(locale, top ? "alert.more.textTop" : "alert.more.text", values),
    blocks: [
      {
        type: "section",
        text: { type: "mrkdwn", text: t(locale, top ? "alert.more.bodyTop" : "alert.more.body", values) },
      },
      { type: "context", elements: [{ type: "mrkdwn", text: t(locale, "alert.more.cap", { cap }) }] },
    ],
  };
}

/**
 * The "N more" list, for its thread: the first of them (`alerts`, most severe first, at most
 * LISTED_IN_THREAD are drawn), and the `count` in all, the rest pointed to.
 */
export const buildMoreThread = (
  alerts: ListedAccount[],
  today: Date,
  locale: Locale = "en",
  count = alerts.length,
): SlackMessage[] =>
  threadMessages(
    alerts.slice(0, LISTED_IN_THREAD).map((a) => moreLine(a, today, locale)),
    t(locale, "alert.more.thread"),
    locale,
    {
      total: count,
      unlisted: t(locale, "alert.more.unlisted", { n: count - Math.min(alerts.length, LISTED_IN_THREAD) }),
    },
  );
