import { crmUrl } from "../accounts/crm.js";
import { STATUSES } from "../contracts/state.js";
import { REQUEST_TYPES, requestLabel } from "../contracts/types.js";
import { formatMoney } from "../format.js";
import { escapeMrkdwn } from "../slack/blocks.js";
import { daysBetween, isoDay } from "../time.js";
import { describeBand } from "./band.js";
import type { AccountContext, Paperwork } from "./context.js";
import type { HealthModel } from "./model.js";

/** What drawing a context needs besides the context: the day, the model's bands, the CRM link. */
export interface ContextOptions {
  today: Date;
  model?: Pick<HealthModel, "bands">;
  crmUrlTemplate?: string;
}

/** "renews 2027-01-06 (in 45 days)", "renewed 2026-11-01 (21 days ago)", "no renewal date". */
export function renewalPhrase(renewalDate: Date | null, today: Date): string {
  if (!renewalDate) return "no renewal date";
  const days = daysBetween(today, renewalDate);
  const when =
    days === 0 ? "today" : days > 0 ? `in ${days} day${days === 1 ? "" : "s"}` : `${-days} days ago`;
  return `${days >= 0 ? "renews" : "renewal was"} ${isoDay(renewalDate)} (${when})`;
}

/** "CR-12 Renewal: approved". */
export const paperworkPhrase = (p: Paperwork) =>
  `${requestLabel(p.number)} ${REQUEST_TYPES[p.type].label}: ${STATUSES[p.status].toLowerCase()}`;

/** The CRM record's link as mrkdwn, or nothing. */
export function crmLink(context: Pick<AccountContext, "externalId">, template: string | undefined): string {
  const url = crmUrl(template, context.externalId);
  return url ? `<${url}|CRM record ${escapeMrkdwn(context.externalId)}>` : "";
}

/**
 * The account at a glance as one mrkdwn line: ARR · renewal · band (with its hysteresis) ·
 * owner · open paperwork · CRM link. `omit` leaves out what the message already says.
 */
export function contextLine(
  c: AccountContext,
  options: ContextOptions,
  omit: { band?: boolean; owner?: boolean } = {},
): string {
  const parts = [
    `💰 ${formatMoney(c.arr, c.currency)} ARR`,
    `📅 ${renewalPhrase(c.renewalDate, options.today)}`,
  ];
  if (!omit.band)
    parts.push(
      c.band && c.score !== null ? describeBand(c.score, c.band, options.model) : "no health score yet",
    );
  if (!omit.owner) parts.push(c.ownerSlackId ? `👤 <@${c.ownerSlackId}>` : "👤 no owner on record");
  parts.push(
    c.paperwork.length ? `📝 ${c.paperwork.map(paperworkPhrase).join(", ")}` : "📝 no open paperwork",
  );
  const crm = crmLink(c, options.crmUrlTemplate);
  if (crm) parts.push(`🔗 ${crm}`);
  return parts.join(" · ");
}
