import { crmUrl } from "../accounts/crm.js";
import { requestLabel } from "../contracts/types.js";
import type { Locale } from "../i18n/locale.js";
import { t, translator } from "../i18n/translate.js";
import { escapeMrkdwn } from "../slack/blocks.js";
import { daysBetween } from "../time.js";
import { describeBand } from "./band.js";
import type { AccountContext, Paperwork } from "./context.js";
import type { HealthModel } from "./model.js";

/** What drawing a context needs besides the context: the day, the model's bands, the CRM link. */
export interface ContextOptions {
  today: Date;
  model?: Pick<HealthModel, "bands">;
  crmUrlTemplate?: string;
  /** The reader's language (default English). */
  locale?: Locale;
}

/** "renews 2027-01-06 (in 45 days)", "renewal was 2026-11-01 (21 days ago)", "no renewal date"; "2027年1月6日(水)更新（45日後）". */
export function renewalPhrase(renewalDate: Date | null, today: Date, locale: Locale = "en"): string {
  if (!renewalDate) return t(locale, "context.noRenewal");
  const days = daysBetween(today, renewalDate);
  const day = translator(locale).day(renewalDate);
  return days >= 0
    ? t(locale, "context.renews", { day, days })
    : t(locale, "context.renewed", { day, days: -days });
}

/** "CR-12 Renewal: approved"; "CR-12 更新：承認済み". */
export const paperworkPhrase = (p: Paperwork, locale: Locale = "en") =>
  t(locale, "context.paper", {
    number: requestLabel(p.number),
    type: t(locale, `contract.type.${p.type}`),
    status: t(locale, `contract.status.${p.status}`),
  });

/** The CRM record's link as mrkdwn, or nothing. */
export function crmLink(
  context: Pick<AccountContext, "externalId">,
  template: string | undefined,
  locale: Locale = "en",
): string {
  const url = crmUrl(template, context.externalId);
  return url ? t(locale, "context.crm", { url, id: escapeMrkdwn(context.externalId) }) : "";
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
  const locale = options.locale ?? "en";
  const tr = translator(locale);
  const parts = [
    t(locale, "context.arr", { money: tr.money(c.arr, c.currency) }),
    `📅 ${renewalPhrase(c.renewalDate, options.today, locale)}`,
  ];
  if (!omit.band)
    parts.push(
      c.band && c.score !== null
        ? describeBand(c.score, c.band, options.model, locale)
        : t(locale, "context.noScore"),
    );
  if (!omit.owner)
    parts.push(
      c.ownerSlackId ? t(locale, "context.owner", { user: c.ownerSlackId }) : t(locale, "context.noOwner"),
    );
  parts.push(
    c.paperwork.length
      ? t(locale, "context.paperwork", { list: tr.list(c.paperwork.map((p) => paperworkPhrase(p, locale))) })
      : t(locale, "context.noPaperwork"),
  );
  const crm = crmLink(c, options.crmUrlTemplate, locale);
  if (crm) parts.push(`🔗 ${crm}`);
  return parts.join(t(locale, "context.separator"));
}
