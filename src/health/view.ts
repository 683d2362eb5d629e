import type { types } from "@slack/bolt";
import type { Candidate } from "../accounts/search.js";
import { CONTRACT_ACTIONS } from "../contracts/ids.js";
import { formatMoney } from "../format.js";
import { button, escapeMrkdwn, type SlackMessage } from "../slack/blocks.js";
import { clip, shorten } from "../text.js";
import { daysBetween, isoDay } from "../time.js";
import { BAND_EMOJI } from "./band.js";
import { HEALTH_ACTIONS } from "./ids.js";
import { describeChange, formatValue } from "./score.js";
import type { HealthCardData } from "./service.js";

const SPARK = "▁▂▃▄▅▆▇█";

/** How much of a query a message echoes back. */
const ECHO_CHARS = 80;

/** Slack's limits that these views must respect. */
export const LIMITS = { sectionText: 3_000, headerText: 150, buttonText: 75, blocks: 50 } as const;

/**
 * A compact sparkline of the trend on a fixed 0–100 scale, at most `width` characters
 * (older points are averaged into buckets).
 */
export function sparkline(scores: number[], width = 24): string {
  if (scores.length === 0) return "";
  const buckets = Math.min(width, scores.length);
  const out: string[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * scores.length) / buckets);
    const to = Math.floor(((b + 1) * scores.length) / buckets);
    const slice = scores.slice(from, Math.max(to, from + 1));
    const mean = slice.reduce((s, v) => s + v, 0) / slice.length;
    out.push(SPARK[Math.min(SPARK.length - 1, Math.max(0, Math.floor((mean / 100) * SPARK.length)))]!);
  }
  return out.join("");
}

function bar(score: number, width = 10): string {
  const filled = Math.round((score / 100) * width);
  return `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
}

function renewalText(data: HealthCardData): string {
  const { renewalDate } = data.account;
  if (!renewalDate) return "not set";
  const days = daysBetween(data.today, renewalDate);
  const when = days === 0 ? "today" : days > 0 ? `in ${days} days` : `${-days} days ago`;
  return `${isoDay(renewalDate)} (${when})`;
}

function freshnessText(data: HealthCardData): string {
  const health = data.health;
  if (!health) return "No metrics yet.";
  const latest = health.components
    .flatMap((c) => c.signals)
    .reduce((d, s) => (s.date > d ? s.date : d), new Date(0));
  const parts = [`Metrics as of ${isoDay(latest)}`];
  if (health.staleSignals.length > 0) {
    const stale = health.components.flatMap((c) => c.signals).filter((s) => s.stale);
    parts.push(
      `⚠️ stale: ${stale.map((s) => `${s.label} (${daysBetween(s.date, data.today)} d old)`).join(", ")}`,
    );
  }
  if (health.missingComponents.length > 0) {
    parts.push(
      `missing: ${health.missingComponents.map((c) => c.label.toLowerCase()).join(", ")} (its weight is shared by the rest)`,
    );
  }
  parts.push(`model ${data.modelName} ${data.modelVersion.slice(0, 7)}`);
  return parts.join(" · ");
}

/**
 * The health card. `sharedBy` marks a copy posted for the whole channel; `typed`, what was typed
 * when the account was found only by forgiving a typo: the card then says which account it shows.
 */
export function buildHealthCard(
  data: HealthCardData,
  options: { sharedBy?: string; typed?: string } = {},
): SlackMessage {
  const { account, health, band } = data;
  const name = escapeMrkdwn(account.name);
  const scoreText = health && band ? `${BAND_EMOJI[band]} ${health.score}/100 (${band})` : "no score yet";
  const blocks: types.KnownBlock[] = [];
  if (options.typed !== undefined) {
    const typed = escapeMrkdwn(shorten(options.typed, ECHO_CHARS));
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: clip(`Showing *${name}* for “${typed}”.`, LIMITS.sectionText) }],
    });
  }
  blocks.push({
    type: "header",
    text: {
      type: "plain_text",
      text: clip(`${account.name}: ${scoreText}`, LIMITS.headerText),
      emoji: true,
    },
  });
  const fields = [
    `*Trend (90 d)*\n${data.trend.length > 1 ? `\`${sparkline(data.trend.map((t) => t.score))}\`` : "not enough history yet"}`,
    `*ARR*\n${formatMoney(account.arr, account.currency)}`,
    `*Renewal*\n${renewalText(data)}`,
    `*Owner*\n${account.ownerSlackId ? `<@${account.ownerSlackId}>` : "unassigned"}`,
    `*Open contract requests*\n${data.openRequests}`,
    `*Segment · CRM id*\n${escapeMrkdwn(account.segment ?? "-")} · ${escapeMrkdwn(account.externalId)}`,
  ];
  blocks.push({ type: "section", fields: fields.map((text) => ({ type: "mrkdwn", text })) });

  if (health) {
    const why = [data.changes.days30, data.changes.days7]
      .filter((c) => c !== undefined)
      .map((c) => `• ${escapeMrkdwn(describeChange(c))}`);
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: clip(
          `*Why*\n${why.length ? why.join("\n") : "Not enough history to compare yet."}`,
          LIMITS.sectionText,
        ),
      },
    });
    const lines = health.components.map((c) => {
      const signals = c.signals
        .map((s) => `${s.label} ${formatValue(s.signal, s.value)}${s.stale ? " ⚠️" : ""}`)
        .join(", ");
      return `\`${bar(c.score)}\` *${c.label}* ${Math.round(c.score)} · ${Math.round(c.share * 100)}% of score · ${escapeMrkdwn(signals)}`;
    });
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: clip(`*Components*\n${lines.join("\n")}`, LIMITS.sectionText) },
    });
  } else {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: "No metrics yet for this account: import some with `kuroko import metrics FILE.csv`.",
      },
    });
  }

  const context = [freshnessText(data)];
  if (data.modelChangedAfter) {
    context.push(
      `The health model changed after ${isoDay(data.modelChangedAfter)}: earlier points of the trend were scored by another model. The changes above use today's model throughout.`,
    );
  }
  if (options.sharedBy) context.push(`Shared by <@${options.sharedBy}>`);
  blocks.push({
    type: "context",
    elements: context.map((text) => ({ type: "mrkdwn", text: clip(text, LIMITS.sectionText) })),
  });

  if (!options.sharedBy) {
    blocks.push({
      type: "actions",
      elements: [
        button(HEALTH_ACTIONS.share, "Share in channel", String(account.id)),
        button(CONTRACT_ACTIONS.open, "Log contract request", String(account.id)),
        button(HEALTH_ACTIONS.snooze, "Snooze alerts", String(account.id)),
      ],
    });
  }
  const summary = health
    ? `${name}: health ${health.score}/100 (${band})${data.changes.days30 ? `, ${describeChange(data.changes.days30)}` : ""}`
    : `${name}: no health score yet`;
  return { text: clip(summary, LIMITS.sectionText), blocks };
}

function accountButtons(candidates: Candidate[]): types.ActionsBlock {
  return {
    type: "actions",
    elements: candidates.map((c) =>
      button(`${HEALTH_ACTIONS.pick}:${c.id}`, clip(c.name, LIMITS.buttonText), String(c.id)),
    ),
  };
}

const describeCandidate = (c: Candidate) =>
  `• ${escapeMrkdwn(c.name)}${c.domain ? ` (${escapeMrkdwn(c.domain)})` : ""} · ${escapeMrkdwn(c.externalId)}`;

/** Several accounts match: the user picks one. */
export function buildPicker(typed: string, candidates: Candidate[], more: boolean): SlackMessage {
  const query = shorten(typed, ECHO_CHARS);
  const list = candidates.map(describeCandidate).join("\n");
  const tail = more ? "\nMore accounts match too: type more of the name to narrow it down." : "";
  return {
    text: `${candidates.length} accounts match "${query}": pick one.`,
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: clip(
            `Several accounts match *${escapeMrkdwn(query)}*. Which one?\n${list}${tail}`,
            LIMITS.sectionText,
          ),
        },
      },
      accountButtons(candidates),
    ],
  };
}

/** Nothing matches: say so, and offer the nearest names. */
export function buildNoMatch(typed: string, suggestions: Candidate[]): SlackMessage {
  const query = shorten(typed, ECHO_CHARS);
  const text = `No account matches "${query}".`;
  const blocks: types.KnownBlock[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: clip(
          `No account matches *${escapeMrkdwn(query)}*.${suggestions.length ? " The nearest names:" : " Try a name, a domain (acme.com) or a CRM id."}`,
          LIMITS.sectionText,
        ),
      },
    },
  ];
  if (suggestions.length) blocks.push(accountButtons(suggestions));
  return {
    text: suggestions.length ? `${text} Nearest: ${suggestions.map((s) => s.name).join(", ")}` : text,
    blocks,
  };
}

export function buildUsage(): SlackMessage {
  const text =
    "Usage: `/health &lt;account&gt;`: a name (typos and legal forms forgiven: `acme`, `株式会社アクメ`), a domain (`acme.com`) or a CRM id (`CRM-0001`).";
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}

export function buildApology(): SlackMessage {
  const text =
    "Sorry: Kuroko could not read the account data just now. It has been logged; please try again in a minute.";
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text: `:warning: ${text}` } }] };
}
