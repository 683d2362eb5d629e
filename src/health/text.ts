import { formatMoney } from "../format.js";
import { daysBetween, isoDay } from "../time.js";
import { describeChange, formatValue } from "./score.js";
import type { HealthCardData } from "./service.js";
import { sparkline } from "./view.js";

/** The health card as plain text, for the command line: the same facts as in Slack. */
export function formatHealthText(data: HealthCardData): string {
  const { account, health, band } = data;
  const lines = [`${account.name} (${account.externalId}${account.domain ? `, ${account.domain}` : ""})`];
  lines.push(health && band ? `Health: ${health.score}/100, ${band}` : "Health: no score yet (no metrics)");
  if (data.trend.length > 1) lines.push(`Trend (90 d): ${sparkline(data.trend.map((t) => t.score))}`);
  for (const change of [data.changes.days30, data.changes.days7])
    if (change) lines.push(`Why: ${describeChange(change)}`);
  if (health) {
    lines.push("Components:");
    for (const c of health.components) {
      const signals = c.signals
        .map((s) => `${s.label} ${formatValue(s.signal, s.value)}${s.stale ? " (stale)" : ""}`)
        .join(", ");
      lines.push(
        `  ${c.label.padEnd(11)} ${String(Math.round(c.score)).padStart(3)}  ${String(Math.round(c.share * 100)).padStart(2)}% of score  ${signals}`,
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
    `Owner: ${account.ownerSlackId ?? "unassigned"}    Open contract requests: ${data.openRequests}`,
  );
  lines.push(`Model: ${data.modelName} ${data.modelVersion}`);
  return lines.join("\n");
}
