import type { types } from "@slack/bolt";
import type { Candidate } from "../accounts/search.js";
import { CONTRACT_ACTIONS } from "../contracts/ids.js";
import { button, escapeMrkdwn, type SlackMessage, slackTime } from "../slack/blocks.js";
import { clip, shorten } from "../text.js";
import { daysBetween, isoDay } from "../time.js";
import { BAND_SQUARE, bandLegend, componentBand, describeBand } from "./band.js";
import { contextLine } from "./context-view.js";
import { HEALTH_ACTIONS } from "./ids.js";
import type { HealthModel } from "./model.js";
import type { CardAlert } from "./repository.js";
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

/** The cell a bar leaves empty. */
const EMPTY_CELL = "⬜";

/**
 * A component's bar: ten cells, filled in the colour of the component's own band (at least one,
 * so that the colour shows), never inline code, which Slack draws red whatever it holds.
 */
export function bandBar(score: number, bands: HealthModel["bands"], width = 10): string {
  const filled = Math.min(width, Math.max(1, Math.round((score / 100) * width)));
  return `${BAND_SQUARE[componentBand(score, { bands })].repeat(filled)}${EMPTY_CELL.repeat(width - filled)}`;
}

/** A point of the trend: its score and day. */
export interface TrendPoint {
  date: Date;
  score: number;
}

/**
 * What a sparkline alone does not say: where the trend started and ended, and its low and high
 * (the latest day each was reached). Undefined for an empty trend.
 */
export function trendSummary(
  trend: readonly TrendPoint[],
): { start: TrendPoint; end: TrendPoint; low: TrendPoint; high: TrendPoint } | undefined {
  if (trend.length === 0) return undefined;
  let low = trend[0]!;
  let high = trend[0]!;
  for (const point of trend) {
    if (point.score <= low.score) low = point;
    if (point.score >= high.score) high = point;
  }
  return { start: trend[0]!, end: trend[trend.length - 1]!, low, high };
}

/** "▆▆▅▄▃ 90 on 2026-08-24 → 60 on 2026-11-22 · low 45 on 2026-10-01 · high 92 on 2026-08-25". */
export function trendText(trend: readonly TrendPoint[]): string {
  const summary = trendSummary(trend);
  if (!summary || trend.length < 2) return "not enough history yet";
  const at = (p: TrendPoint) => `${p.score} on ${isoDay(p.date)}`;
  const { start, end, low, high } = summary;
  return `${sparkline(trend.map((t) => t.score))}\n${at(start)} → ${at(end)} · low ${at(low)} · high ${at(high)}`;
}

/**
 * The account's alert as the card states it: none, open since when and why, acknowledged by
 * whom, or snoozed until when (instants as Slack date tokens: each reader's own time zone).
 */
export function alertStateText(alert: CardAlert | undefined): string {
  if (!alert) return "🔕 No alert open on this account.";
  const reason = escapeMrkdwn(alert.reason);
  const since = slackTime(alert.createdAt);
  switch (alert.status) {
    case "open":
      return `🔔 Alert open since ${since}: ${reason}`;
    case "acknowledged":
      return `👀 Alert acknowledged${alert.acknowledgedBy ? ` by <@${alert.acknowledgedBy}>` : ""} (open since ${since}): ${reason}`;
    case "snoozed": {
      const by = alert.snoozedBy ? ` by <@${alert.snoozedBy}>` : "";
      return alert.snoozedUntil
        ? `😴 Alert snoozed${by} until ${slackTime(alert.snoozedUntil)}: ${reason}`
        : `😴 Alert snoozed${by} until the score moves: ${reason}`;
    }
  }
}

/** Snoozing is offered only where there is an alert to snooze: open or acknowledged. */
export const canSnooze = (alert: CardAlert | undefined) =>
  alert?.status === "open" || alert?.status === "acknowledged";

function freshnessText(data: HealthCardData): string {
  const health = data.health;
  const parts: string[] = [];
  if (!health) parts.push("No metrics yet.");
  else {
    const latest = health.components
      .flatMap((c) => c.signals)
      .reduce((d, s) => (s.date > d ? s.date : d), new Date(0));
    parts.push(`Metrics as of ${isoDay(latest)}`);
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
  }
  const { segment, externalId } = data.account;
  parts.push(`CRM id ${escapeMrkdwn(externalId)}${segment ? ` · ${escapeMrkdwn(segment)}` : ""}`);
  parts.push(`model ${data.modelName} ${data.modelVersion.slice(0, 7)}`);
  return parts.join(" · ");
}

/** What drawing a card needs besides its data. */
export interface CardOptions {
  /** A copy posted for the whole channel, shared by this user: no buttons. */
  sharedBy?: string;
  /** What was typed, when the account was found only by forgiving a typo: the card says which it shows. */
  typed?: string;
  /** KUROKO_CRM_URL_TEMPLATE: the CRM record's link (unset: none). */
  crmUrlTemplate?: string;
}

/** The health card: band in the one vocabulary, context, alert state, trend, why, coloured components. */
export function buildHealthCard(data: HealthCardData, options: CardOptions = {}): SlackMessage {
  const { account, health, band, bands } = data;
  const name = escapeMrkdwn(account.name);
  const described = health && band ? describeBand(health.score, band, { bands }) : undefined;
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
      text: clip(`${account.name}: ${described ?? "no score yet"}`, LIMITS.headerText),
      emoji: true,
    },
  });
  const context = contextLine(
    data.context,
    { today: data.today, model: { bands }, crmUrlTemplate: options.crmUrlTemplate },
    { band: true },
  );
  blocks.push(section(`${context}\n${alertStateText(data.alert)}`));
  blocks.push(section(`*Trend (90 d)* ${trendText(data.trend)}`));

  if (health) {
    const why = [data.changes.days30, data.changes.days7]
      .filter((c) => c !== undefined)
      .map((c) => `• ${escapeMrkdwn(describeChange(c))}`);
    blocks.push(section(`*Why*\n${why.length ? why.join("\n") : "Not enough history to compare yet."}`));
    const lines = health.components.map((c) => {
      const signals = c.signals
        .map((s) => `${s.label} ${formatValue(s.unit, s.value)}${s.stale ? " ⚠️" : ""}`)
        .join(", ");
      return `${bandBar(c.score, bands)} *${c.label}* ${Math.round(c.score)} · ${Math.round(c.share * 100)}% of score · ${escapeMrkdwn(signals)}`;
    });
    blocks.push(section(`*Components*\n${lines.join("\n")}`));
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: bandLegend({ bands }) }] });
  } else {
    blocks.push(
      section("No metrics yet for this account: import some with `kuroko import metrics FILE.csv`."),
    );
  }

  const notes = [freshnessText(data)];
  if (data.modelChangedAfter) {
    notes.push(
      `The health model changed after ${isoDay(data.modelChangedAfter)}: earlier points of the trend were scored by another model. The changes above use today's model throughout.`,
    );
  }
  if (options.sharedBy) notes.push(`Shared by <@${options.sharedBy}>`);
  blocks.push({
    type: "context",
    elements: notes.map((text) => ({ type: "mrkdwn", text: clip(text, LIMITS.sectionText) })),
  });

  if (!options.sharedBy) {
    blocks.push({
      type: "actions",
      elements: [
        button(HEALTH_ACTIONS.share, "Share in channel", String(account.id)),
        button(CONTRACT_ACTIONS.open, "Log contract request", String(account.id)),
        ...(canSnooze(data.alert)
          ? [button(HEALTH_ACTIONS.snooze, "Snooze alerts", String(account.id))]
          : []),
      ],
    });
  }
  const summary = described
    ? `${name}: ${described}${data.changes.days30 ? `, ${describeChange(data.changes.days30)}` : ""}`
    : `${name}: no health score yet`;
  return { text: clip(summary, LIMITS.sectionText), blocks };
}

const section = (text: string): types.SectionBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: clip(text, LIMITS.sectionText) },
});

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
