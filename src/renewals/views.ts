import type { types } from "@slack/bolt";
import { CONTRACT_ACTIONS } from "../contracts/ids.js";
import { requestLabel } from "../contracts/types.js";
import { formatMoney } from "../format.js";
import { BAND_EMOJI, BAND_MEANING, isUnhealthy } from "../health/band.js";
import type { AccountContext, Paperwork } from "../health/context.js";
import { type ContextOptions, contextLine, paperworkPhrase } from "../health/context-view.js";
import { button, escapeMrkdwn, type SlackMessage } from "../slack/blocks.js";
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

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

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
export function paperworkButton(e: ReminderEntry): types.Button {
  if (e.cover)
    return button(
      CONTRACT_ACTIONS.view,
      `Open ${requestLabel(e.cover.paperwork.number)}`,
      String(e.cover.id),
    );
  const value = JSON.stringify({
    accountId: e.context.id,
    type: "renewal",
    startDate: isoDay(e.renewalDate),
  });
  return button(CONTRACT_ACTIONS.open, "Start renewal paperwork", value, "primary");
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
  const status = e.cover ? ` · 📝 *${paperworkPhrase(e.cover.paperwork)}*` : "";
  const text = `${isUnhealthy(c.band) ? "⚠️ " : ""}*${escapeMrkdwn(clip(c.name, NAME_CHARS))}*${status}\n${contextLine(c, options, omit)}`;
  return {
    type: "section",
    text: { type: "mrkdwn", text },
    accessory: paperworkButton(e),
  };
}

/** "7 accounts enter the 60-day renewal window". */
function windowHeading(windowDays: number, count: number): string {
  return `📅 ${plural(count, "account enters", "accounts enter")} the ${windowDays}-day renewal window`;
}

/**
 * The channel's reminder for one window and day: one message, a section per account (largest
 * ARR first), and what does not fit in Slack's 50 blocks continued in its thread.
 */
export function buildWindowMessages(
  windowDays: number,
  entries: readonly ReminderEntry[],
  options: ContextOptions,
): { main: SlackMessage; thread: SlackMessage[] } {
  const heading = windowHeading(windowDays, entries.length);
  const red = entries.filter((e) => e.context.band === "red").length;
  const yellow = entries.filter((e) => e.context.band === "yellow").length;
  const unhealthy = [
    red ? `${red} ${BAND_EMOJI.red} ${BAND_MEANING.red}` : "",
    yellow ? `${yellow} ${BAND_EMOJI.yellow} ${BAND_MEANING.yellow}` : "",
  ].filter(Boolean);
  const intro: types.KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: heading } },
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `Largest ARR first${unhealthy.length ? ` · ⚠️ not healthy: ${unhealthy.join(", ")}` : ""}.`,
        },
      ],
    },
  ];
  const sections = entries.map((e) => reminderSection(e, options));
  const fitsAll = intro.length + sections.length <= MAX_BLOCKS;
  // Room for a last line saying the rest is in the thread.
  const inMain = fitsAll ? sections.length : MAX_BLOCKS - intro.length - 1;
  const rest = sections.slice(inMain);
  const mainBlocks = [...intro, ...sections.slice(0, inMain)];
  if (rest.length)
    mainBlocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `…and ${rest.length} more in the thread.` }],
    });
  const names = entries
    .slice(0, 3)
    .map((e) => `${e.context.name} (${formatMoney(e.context.arr, e.context.currency)})`);
  const more = entries.length > 3 ? `, and ${entries.length - 3} more` : "";
  const main = {
    // The fallback is mrkdwn too (notifications): a name must not mention anyone or link anywhere.
    text: clip(`${heading}: ${escapeMrkdwn(names.join(", "))}${more}.`, 3_000),
    blocks: mainBlocks,
  };
  const thread: SlackMessage[] = [];
  for (let i = 0; i < rest.length; i += MAX_BLOCKS) {
    const from = inMain + i + 1;
    const to = Math.min(inMain + i + MAX_BLOCKS, sections.length);
    thread.push({
      text: `The ${windowDays}-day renewal window, continued: ${from}–${to} of ${sections.length}.`,
      blocks: rest.slice(i, i + MAX_BLOCKS),
    });
  }
  return { main, thread };
}
