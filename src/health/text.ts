import { formatMoney } from "../format.js";
import { daysBetween, isoDay } from "../time.js";
import { BAND_MEANING, componentBand, hysteresisNote } from "./band.js";
import { paperworkPhrase } from "./context-view.js";
import type { CardAlert } from "./repository.js";
import { describeChange, formatValue } from "./score.js";
import type { HealthCardData } from "./service.js";
import { trendText } from "./view.js";

/** What printing a card needs besides its data. */
export interface TextOptions {
  /** A Slack user's name for their id (the command line looks it up; default: the id). */
  nameOf?: (slackId: string) => string;
}

const utc = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** The account's alert in one line of plain text, as the card states it. */
export function alertStateLine(alert: CardAlert | undefined, nameOf: (id: string) => string): string {
  if (!alert) return "none open";
  switch (alert.status) {
    case "open":
      return `open since ${utc(alert.createdAt)}: ${alert.reason}`;
    case "acknowledged":
      return `acknowledged${alert.acknowledgedBy ? ` by ${nameOf(alert.acknowledgedBy)}` : ""} (open since ${utc(alert.createdAt)}): ${alert.reason}`;
    case "snoozed":
      return `snoozed${alert.snoozedBy ? ` by ${nameOf(alert.snoozedBy)}` : ""} until ${alert.snoozedUntil ? utc(alert.snoozedUntil) : "the score moves"}: ${alert.reason}`;
  }
}

/** The health card as plain text, for the command line: the same facts as in Slack. */
export function formatHealthText(data: HealthCardData, options: TextOptions = {}): string {
  const nameOf = options.nameOf ?? ((id: string) => id);
  const { account, health, band, bands } = data;
  const lines = [`${account.name} (${account.externalId}${account.domain ? `, ${account.domain}` : ""})`];
  if (health && band) {
    const held = hysteresisNote(health.score, band, { bands });
    lines.push(`Health: ${health.score}/100, ${band}: ${BAND_MEANING[band]}${held ? ` (${held})` : ""}`);
  } else lines.push("Health: no score yet (no metrics)");
  if (data.trend.length > 1) lines.push(`Trend (90 d): ${trendText(data.trend).replace("\n", "  ")}`);
  for (const change of [data.changes.days30, data.changes.days7])
    if (change) lines.push(`Why: ${describeChange(change)}`);
  if (health) {
    lines.push("Components:");
    for (const c of health.components) {
      const signals = c.signals
        .map((s) => `${s.label} ${formatValue(s.unit, s.value)}${s.stale ? " (stale)" : ""}`)
        .join(", ");
      const score = Math.round(c.score);
      lines.push(
        `  ${c.label.padEnd(11)} ${String(score).padStart(3)} ${componentBand(score, { bands }).padEnd(6)}  ${String(Math.round(c.share * 100)).padStart(2)}% of score  ${signals}`,
      );
    }
    for (const missing of health.missingComponents)
      lines.push(`  ${missing.label.padEnd(11)}   -  no data (its weight is shared by the rest)`);
  }
  lines.push(`ARR: ${formatMoney(account.arr, account.currency)}`);
  lines.push(
    `Renewal: ${account.renewalDate ? `${isoDay(account.renewalDate)} (in ${daysBetween(data.today, account.renewalDate)} days)` : "not set"}`,
  );
  lines.push(
    `Owner: ${account.ownerSlackId ? nameOf(account.ownerSlackId) : "unassigned"}    Open contract requests: ${data.openRequests}`,
  );
  if (data.context.paperwork.length)
    lines.push(`Paperwork: ${data.context.paperwork.map((p) => paperworkPhrase(p)).join(", ")}`);
  lines.push(`Alert: ${alertStateLine(data.alert, nameOf)}`);
  lines.push(`Model: ${data.modelName} ${data.modelVersion}`);
  return lines.join("\n");
}
