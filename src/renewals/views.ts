import type { types } from "@slack/bolt";
import { CONTRACT_ACTIONS } from "../contracts/ids.js";
import { requestLabel } from "../contracts/types.js";
import { formatMoney } from "../format.js";
import { BAND_EMOJI, BAND_MEANING, bandMeaning, isUnhealthy } from "../health/band.js";
import type { AccountContext, Paperwork } from "../health/context.js";
import { type ContextOptions, contextLine, paperworkPhrase } from "../health/context-view.js";
import type { Locale } from "../i18n/locale.js";
import { t, translator } from "../i18n/translate.js";
import { button, escapeMrkdwn, type SlackMessage } from "../slack/blocks.js";
import { LISTED_IN_THREAD } from "../slack/limits.js";
import { clip } from "../text.js";
import { isoDay } from "../time.js";

/** A renewal reminder: an account that entered a renewal window, with what it needs to be acted on. */
export interface ReminderEntry {
  context: AccountContext;
  renewalDate: Date;
  windowDays: number;
  daysLeft: number;
  /** The renewal request already covering this renewal (renewal-cover.ts), with its id for the button. */
  cover?: { id: number; paperwork: Paperwork };
}

/** Slack's limit on a message's blocks. */
const MAX_BLOCKS = 50;
/** A name in a section is cut here: the context line must fit in the section's 3,000 characters. */
const NAME_CHARS = 150;

/** The reminder in one plain line: the dry run's output, and (escaped) the fallback's parts. */
export function renewalLine(e: ReminderEntry): string {
  const c = e.context;
  const band = c.band ? `, ${BAND_EMOJI[c.band]} ${BAND_MEANING[c.band]}` : "";
  const cover = e.cover ? `; ${paperworkPhrase(e.cover.paperwork)}` : "";
  return `${isUnhealthy(c.band) ? "⚠️ " : ""}${c.name} renews in ${e.daysLeft} days (${isoDay(e.renewalDate)}), ${formatMoney(c.arr, c.currency)}${band}${cover}.`;
}

/**
 * The paperwork's next step: *Start renewal paperwork* (the intake prefilled with the account,
 * type renewal, the renewal date and the ARR), or, when a renewal request already covers this
 * renewal, the button that opens that request.
 */
export function paperworkButton(e: ReminderEntry, locale: Locale = "en"): types.Button {
  if (e.cover)
    return button(
      CONTRACT_ACTIONS.view,
      t(locale, "renewal.button.open", { label: requestLabel(e.cover.paperwork.number) }),
      String(e.cover.id),
    );
  const value = JSON.stringify({
    accountId: e.context.id,
    type: "renewal",
    startDate: isoDay(e.renewalDate),
  });
  return button(CONTRACT_ACTIONS.open, t(locale, "renewal.button.start"), value, "primary");
}

/**
 * One account of a reminder: its name (⚠️ when not healthy), the paperwork covering the renewal
 * if any, the context line (ARR, renewal, band, owner, paperwork, CRM link) and its button.
 */
export function reminderSection(
  e: ReminderEntry,
  options: ContextOptions,
  omit: { owner?: boolean } = {},
): types.SectionBlock {
  const c = e.context;
  const locale = options.locale ?? "en";
  const status = e.cover ? ` · 📝 *${paperworkPhrase(e.cover.paperwork, locale)}*` : "";
  const text = `${isUnhealthy(c.band) ? "⚠️ " : ""}*${escapeMrkdwn(clip(c.name, NAME_CHARS))}*${status}\n${contextLine(c, options, omit)}`;
  return {
    type: "section",
    text: { type: "mrkdwn", text },
    accessory: paperworkButton(e, locale),
  };
}

/** "7 accounts enter the 60-day renewal window". */
const windowHeading = (windowDays: number, count: number, locale: Locale): string =>
  t(locale, "renewal.heading", { count, days: windowDays });

/**
 * The channel's reminder for one window and day: one message, a section per account (largest
 * ARR first), and what does not fit in Slack's 50 blocks continued in its thread. At most
 * LISTED_IN_THREAD accounts are drawn; `whole` counts every account entering the window (when
 * `entries` are only its first) and the unlisted are pointed to.
 */
export function buildWindowMessages(
  windowDays: number,
  entries: readonly ReminderEntry[],
  options: ContextOptions,
  whole?: { total: number; red: number; yellow: number },
): { main: SlackMessage; thread: SlackMessage[] } {
  const locale = options.locale ?? "en";
  const tr = translator(locale);
  const total = Math.max(whole?.total ?? entries.length, entries.length);
  const heading = windowHeading(windowDays, total, locale);
  const red = whole?.red ?? entries.filter((e) => e.context.band === "red").length;
  const yellow = whole?.yellow ?? entries.filter((e) => e.context.band === "yellow").length;
  const count = (n: number, band: "red" | "yellow") =>
    t(locale, "renewal.unhealthyCount", { n, emoji: BAND_EMOJI[band], meaning: bandMeaning(band, locale) });
  const unhealthy = [red ? count(red, "red") : "", yellow ? count(yellow, "yellow") : ""].filter(Boolean);
  const intro: types.KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: heading } },
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: unhealthy.length
            ? t(locale, "renewal.orderUnhealthy", { list: tr.list(unhealthy) })
            : t(locale, "renewal.order"),
        },
      ],
    },
  ];
  const sections = entries.slice(0, LISTED_IN_THREAD).map((e) => reminderSection(e, options));
  const unlisted = total - sections.length;
  // Every listed account in the message itself, with room for the line pointing to the unlisted.
  const fitsAll = intro.length + sections.length + (unlisted > 0 ? 1 : 0) <= MAX_BLOCKS;
  // Room for a last line saying the rest is in the thread.
  const inMain = fitsAll ? sections.length : MAX_BLOCKS - intro.length - 1;
  const rest = sections.slice(inMain);
  const mainBlocks = [...intro, ...sections.slice(0, inMain)];
  if (rest.length)
    mainBlocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: t(locale, "renewal.moreInThread", { n: rest.length }) }],
    });
  const pointer: types.KnownBlock = {
    type: "context",
    elements: [{ type: "mrkdwn", text: t(locale, "renewal.unlisted", { n: unlisted, days: windowDays }) }],
  };
  if (unlisted > 0 && rest.length === 0) mainBlocks.push(pointer);
  const names = escapeMrkdwn(
    tr.list(
      entries.slice(0, 3).map((e) =>
        t(locale, "renewal.fallbackName", {
          name: e.context.name,
          money: tr.money(e.context.arr, e.context.currency),
        }),
      ),
    ),
  );
  const main = {
    // The fallback is mrkdwn too (notifications): a name must not mention anyone or link anywhere.
    text: clip(
      total > 3
        ? t(locale, "renewal.fallbackMore", { heading, names, more: total - 3 })
        : t(locale, "renewal.fallback", { heading, names }),
      3_000,
    ),
    blocks: mainBlocks,
  };
  const thread: SlackMessage[] = [];
  for (let i = 0; i < rest.length; i += MAX_BLOCKS) {
    const from = inMain + i + 1;
    const to = Math.min(inMain + i + MAX_BLOCKS, sections.length);
    thread.push({
      text: t(locale, "renewal.continued", { days: windowDays, from, to, total }),
      blocks: rest.slice(i, i + MAX_BLOCKS),
    });
  }
  // The thread's last message says how many more there are, and where (room kept: 49 a message).
  const last = thread.at(-1);
  if (unlisted > 0 && last) {
    if (last.blocks.length >= MAX_BLOCKS)
      thread.push({
        text: t(locale, "renewal.unlisted", { n: unlisted, days: windowDays }),
        blocks: [pointer],
      });
    else last.blocks = [...last.blocks, pointer];
  }
  return { main, thread };
}
