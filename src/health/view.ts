import type { types } from "@slack/bolt";
import type { Candidate } from "../accounts/search.js";
import { CONTRACT_ACTIONS } from "../contracts/ids.js";
import type { Locale } from "../i18n/locale.js";
import { ENGLISH, type Translator, translator } from "../i18n/translate.js";
import { button, escapeMrkdwn, type SlackMessage, slackTime } from "../slack/blocks.js";
import { clip, shorten } from "../text.js";
import { daysBetween } from "../time.js";
import { alertReasonText } from "./alert-reason.js";
import { BAND_SQUARE, bandLegend, componentBand, describeBand } from "./band.js";
import { contextLine } from "./context-view.js";
import { HEALTH_ACTIONS } from "./ids.js";
import { componentLabel, signalLabel, valueText } from "./labels.js";
import type { HealthModel } from "./model.js";
import type { CardAlert } from "./repository.js";
import { describeChange } from "./score.js";
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
export function trendText(trend: readonly TrendPoint[], tr: Translator = ENGLISH): string {
  const summary = trendSummary(trend);
  if (!summary || trend.length < 2) return tr.t("health.trend.none");
  const at = (p: TrendPoint) => tr.t("health.trend.point", { score: p.score, day: tr.day(p.date) });
  const { start, end, low, high } = summary;
  return tr.t("health.trend.summary", {
    spark: sparkline(trend.map((p) => p.score)),
    start: at(start),
    end: at(end),
    low: at(low),
    high: at(high),
  });
}

/**
 * The account's alert as the card states it: none, open since when and why, acknowledged by
 * whom, or snoozed until when (instants as Slack date tokens: each reader's own time zone).
 */
export function alertStateText(alert: CardAlert | undefined, tr: Translator = ENGLISH): string {
  if (!alert) return tr.t("health.alert.none");
  const reason = escapeMrkdwn(alertReasonText(alert, tr.locale));
  const since = slackTime(alert.createdAt);
  switch (alert.status) {
    case "open":
      return tr.t("health.alert.open", { since, reason });
    case "acknowledged":
      return alert.acknowledgedBy
        ? tr.t("health.alert.acknowledgedBy", { user: alert.acknowledgedBy, since, reason })
        : tr.t("health.alert.acknowledged", { since, reason });
    case "snoozed": {
      const user = alert.snoozedBy;
      if (alert.snoozedUntil) {
        const until = slackTime(alert.snoozedUntil);
        return user
          ? tr.t("health.alert.snoozedByUntil", { user, until, reason })
          : tr.t("health.alert.snoozedUntil", { until, reason });
      }
      return user
        ? tr.t("health.alert.snoozedByMoves", { user, reason })
        : tr.t("health.alert.snoozedMoves", { reason });
    }
  }
}

/** Snoozing is offered only where there is an alert to snooze: open or acknowledged. */
export const canSnooze = (alert: CardAlert | undefined) =>
  alert?.status === "open" || alert?.status === "acknowledged";

function freshnessText(data: HealthCardData, tr: Translator): string {
  const health = data.health;
  const parts: string[] = [];
  if (!health) parts.push(tr.t("health.fresh.none"));
  else {
    const latest = health.components
      .flatMap((c) => c.signals)
      .reduce((d, s) => (s.date > d ? s.date : d), new Date(0));
    parts.push(tr.t("health.fresh.asOf", { day: tr.day(latest) }));
    if (health.staleSignals.length > 0) {
      const stale = health.components.flatMap((c) => c.signals).filter((s) => s.stale);
      const list = stale.map((s) =>
        tr.t("health.fresh.staleSignal", {
          label: signalLabel(tr.locale, s.signal, s.label),
          days: daysBetween(s.date, data.today),
        }),
      );
      parts.push(tr.t("health.fresh.stale", { list: tr.list(list) }));
    }
    if (health.missingComponents.length > 0) {
      const list = health.missingComponents.map((c) =>
        componentLabel(tr.locale, c.key, c.label).toLowerCase(),
      );
      parts.push(tr.t("health.fresh.missing", { list: tr.list(list) }));
    }
  }
  const { segment, externalId } = data.account;
  const id = escapeMrkdwn(externalId);
  parts.push(
    segment
      ? tr.t("health.fresh.crmSegment", { id, segment: escapeMrkdwn(segment) })
      : tr.t("health.fresh.crm", { id }),
  );
  const model = { name: data.modelName, version: data.modelVersion.slice(0, 7) };
  parts.push(
    data.modelSegment === undefined
      ? tr.t("health.fresh.model", model)
      : tr.t("models.card.model", { ...model, segment: escapeMrkdwn(data.modelSegment) }),
  );
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
  /** The reader's language (default English); a card shared in a channel: the channel's. */
  locale?: Locale;
}

/** The health card: band in the one vocabulary, context, alert state, trend, why, coloured components. */
export function buildHealthCard(data: HealthCardData, options: CardOptions = {}): SlackMessage {
  const { account, health, band, bands } = data;
  const tr = translator(options.locale ?? "en");
  const name = escapeMrkdwn(account.name);
  const described = health && band ? describeBand(health.score, band, { bands }, tr.locale) : undefined;
  const blocks: types.KnownBlock[] = [];
  if (options.typed !== undefined) {
    const typed = escapeMrkdwn(shorten(options.typed, ECHO_CHARS));
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: clip(tr.t("health.typed", { name, typed }), LIMITS.sectionText) }],
    });
  }
  blocks.push({
    type: "header",
    text: {
      type: "plain_text",
      text: clip(
        described
          ? tr.t("health.header", { name: account.name, band: described })
          : tr.t("health.headerNoScore", { name: account.name }),
        LIMITS.headerText,
      ),
      emoji: true,
    },
  });
  const context = contextLine(
    data.context,
    { today: data.today, model: { bands }, crmUrlTemplate: options.crmUrlTemplate, locale: tr.locale },
    { band: true },
  );
  blocks.push(section(`${context}\n${alertStateText(data.alert, tr)}`));
  blocks.push(section(tr.t("health.trend", { trend: trendText(data.trend, tr) })));

  if (health) {
    const why = [data.changes.days30, data.changes.days7]
      .filter((c) => c !== undefined)
      .map((c) => `• ${escapeMrkdwn(describeChange(c, tr.locale))}`);
    blocks.push(
      section(why.length ? tr.t("health.why", { lines: why.join("\n") }) : tr.t("health.why.none")),
    );
    const lines = health.components.map((c) => {
      const signals = tr.list(
        c.signals.map(
          (s) =>
            `${signalLabel(tr.locale, s.signal, s.label)} ${valueText(tr.locale, s.unit, s.value)}${s.stale ? " ⚠️" : ""}`,
        ),
      );
      return tr.t("health.component", {
        bar: bandBar(c.score, bands),
        label: componentLabel(tr.locale, c.key, c.label),
        score: Math.round(c.score),
        share: Math.round(c.share * 100),
        signals: escapeMrkdwn(signals),
      });
    });
    blocks.push(section(tr.t("health.components", { lines: lines.join("\n") })));
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: bandLegend({ bands }, tr.locale) }] });
  } else {
    blocks.push(section(tr.t("health.noMetrics")));
  }

  const notes = [freshnessText(data, tr)];
  if (data.modelChangedAfter)
    notes.push(tr.t("health.modelChanged", { day: tr.day(data.modelChangedAfter) }));
  if (options.sharedBy) notes.push(tr.t("health.sharedBy", { user: options.sharedBy }));
  blocks.push({
    type: "context",
    elements: notes.map((text) => ({ type: "mrkdwn", text: clip(text, LIMITS.sectionText) })),
  });

  if (!options.sharedBy) {
    blocks.push({
      type: "actions",
      elements: [
        button(HEALTH_ACTIONS.share, tr.t("health.button.share"), String(account.id)),
        button(CONTRACT_ACTIONS.open, tr.t("health.button.contract"), String(account.id)),
        ...(canSnooze(data.alert)
          ? [button(HEALTH_ACTIONS.snooze, tr.t("health.button.snooze"), String(account.id))]
          : []),
      ],
    });
  }
  const summary = !described
    ? tr.t("health.summaryNoScore", { name })
    : data.changes.days30
      ? tr.t("health.summaryChange", {
          name,
          band: described,
          change: describeChange(data.changes.days30, tr.locale),
        })
      : tr.t("health.summary", { name, band: described });
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
export function buildPicker(
  typed: string,
  candidates: Candidate[],
  more: boolean,
  locale: Locale = "en",
): SlackMessage {
  const tr = translator(locale);
  const query = shorten(typed, ECHO_CHARS);
  const list = candidates.map(describeCandidate).join("\n");
  return {
    text: tr.t("health.picker.text", { count: candidates.length, query }),
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: clip(
            tr.t("health.picker.body", { query: escapeMrkdwn(query), list, more: more ? "yes" : "no" }),
            LIMITS.sectionText,
          ),
        },
      },
      accountButtons(candidates),
    ],
  };
}

/** Nothing matches: say so, and offer the nearest names. */
export function buildNoMatch(typed: string, suggestions: Candidate[], locale: Locale = "en"): SlackMessage {
  const tr = translator(locale);
  const query = shorten(typed, ECHO_CHARS);
  const shown = escapeMrkdwn(query);
  const blocks: types.KnownBlock[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: clip(
          suggestions.length
            ? tr.t("health.noMatch.bodyNearest", { query: shown })
            : tr.t("health.noMatch.bodyHint", { query: shown }),
          LIMITS.sectionText,
        ),
      },
    },
  ];
  if (suggestions.length) blocks.push(accountButtons(suggestions));
  return {
    text: suggestions.length
      ? tr.t("health.noMatch.textNearest", { query, names: tr.list(suggestions.map((s) => s.name)) })
      : tr.t("health.noMatch.text", { query }),
    blocks,
  };
}

/** An account picked or shared that is gone. */
export const buildGone = (locale: Locale = "en"): { text: string } => ({
  text: translator(locale).t("health.gone"),
});

export function buildUsage(locale: Locale = "en"): SlackMessage {
  const text = translator(locale).t("health.usage");
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}

export function buildApology(locale: Locale = "en"): SlackMessage {
  const text = translator(locale).t("health.apology");
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text: `:warning: ${text}` } }] };
}

/** The holding line while a slow answer is worked out. */
export const buildLookingUp = (typed: string, locale: Locale = "en"): { text: string } => ({
  text: translator(locale).t("health.lookingUp", { query: shorten(typed, ECHO_CHARS) }),
});
