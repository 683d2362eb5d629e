import { ENGLISH, type Translator } from "../i18n/translate.js";
import { daysBetween } from "../time.js";
import { alertReasonText } from "./alert-reason.js";
import { bandMeaning, componentBand, hysteresisNote } from "./band.js";
import { paperworkPhrase } from "./context-view.js";
import { componentLabel, signalLabel, valueText } from "./labels.js";
import type { CardAlert } from "./repository.js";
import { describeChange } from "./score.js";
import type { HealthCardData } from "./service.js";
import { trendText } from "./view.js";

/** What printing a card needs besides its data. */
export interface TextOptions {
  /** A Slack user's name for their id (the command line looks it up; default: the id). */
  nameOf?: (slackId: string) => string;
  /** The language to print in (the CLI's KUROKO_LOCALE; default English). */
  tr?: Translator;
}

/** An instant as text: "2026-11-22 09:00 UTC"; in Japanese "2026年11月22日(日) 09:00 UTC". */
const utc = (at: Date, tr: Translator) =>
  tr.t("cli.health.at", { day: tr.day(at), time: at.toISOString().slice(11, 16) });

/** Terminal columns a text takes: CJK and full-width characters take two. */
function width(text: string): number {
  let columns = 0;
  for (const ch of text)
    columns +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
        ? 2
        : 1;
  return columns;
}
const padEnd = (text: string, columns: number) => text + " ".repeat(Math.max(0, columns - width(text)));

/** The account's alert in one line of plain text, as the card states it. */
export function alertStateLine(
  alert: CardAlert | undefined,
  nameOf: (id: string) => string,
  tr: Translator = ENGLISH,
): string {
  if (!alert) return tr.t("cli.health.alert.none");
  const reason = alertReasonText(alert, tr.locale);
  const since = utc(alert.createdAt, tr);
  switch (alert.status) {
    case "open":
      return tr.t("cli.health.alert.open", { since, reason });
    case "acknowledged":
      return alert.acknowledgedBy
        ? tr.t("cli.health.alert.acknowledgedBy", { user: nameOf(alert.acknowledgedBy), since, reason })
        : tr.t("cli.health.alert.acknowledged", { since, reason });
    case "snoozed": {
      const user = alert.snoozedBy ? nameOf(alert.snoozedBy) : undefined;
      if (alert.snoozedUntil) {
        const until = utc(alert.snoozedUntil, tr);
        return user
          ? tr.t("cli.health.alert.snoozedByUntil", { user, until, reason })
          : tr.t("cli.health.alert.snoozedUntil", { until, reason });
      }
      return user
        ? tr.t("cli.health.alert.snoozedByMoves", { user, reason })
        : tr.t("cli.health.alert.snoozedMoves", { reason });
    }
  }
}

/** The health card as plain text, for the command line: the same facts as in Slack. */
export function formatHealthText(data: HealthCardData, options: TextOptions = {}): string {
  const nameOf = options.nameOf ?? ((id: string) => id);
  const tr = options.tr ?? ENGLISH;
  const { locale } = tr;
  const { account, health, band, bands } = data;
  const lines = [
    account.domain
      ? tr.t("cli.health.titleDomain", { name: account.name, id: account.externalId, domain: account.domain })
      : tr.t("cli.health.title", { name: account.name, id: account.externalId }),
  ];
  if (health && band) {
    const held = hysteresisNote(health.score, band, { bands }, locale);
    const words = {
      score: health.score,
      band: tr.t("cli.health.colour", { band }),
      meaning: bandMeaning(band, locale),
    };
    lines.push(held ? tr.t("cli.health.scoreHeld", { ...words, held }) : tr.t("cli.health.score", words));
  } else lines.push(tr.t("cli.health.noScore"));
  if (data.trend.length > 1)
    lines.push(tr.t("cli.health.trend", { trend: trendText(data.trend, tr).replace("\n", "  ") }));
  for (const change of [data.changes.days30, data.changes.days7])
    if (change) lines.push(tr.t("cli.health.why", { change: describeChange(change, locale) }));
  if (health) {
    lines.push(tr.t("cli.health.components"));
    for (const c of health.components) {
      const signals = tr.list(
        c.signals.map((s) => {
          const words = {
            label: signalLabel(locale, s.signal, s.label),
            value: valueText(locale, s.unit, s.value),
          };
          return s.stale ? tr.t("cli.health.signalStale", words) : tr.t("cli.health.signal", words);
        }),
      );
      const score = Math.round(c.score);
      lines.push(
        tr.t("cli.health.component", {
          label: padEnd(componentLabel(locale, c.key, c.label), 11),
          score: String(score).padStart(3),
          band: padEnd(tr.t("cli.health.colour", { band: componentBand(score, { bands }) }), 6),
          share: String(Math.round(c.share * 100)).padStart(2),
          signals,
        }),
      );
    }
    for (const missing of health.missingComponents)
      lines.push(
        tr.t("cli.health.missing", { label: padEnd(componentLabel(locale, missing.key, missing.label), 11) }),
      );
  }
  lines.push(tr.t("cli.health.arr", { money: tr.money(account.arr, account.currency) }));
  if (!account.renewalDate) lines.push(tr.t("cli.health.noRenewal"));
  else {
    const days = daysBetween(data.today, account.renewalDate);
    const day = tr.day(account.renewalDate);
    lines.push(
      days >= 0
        ? tr.t("cli.health.renewal", { day, days })
        : tr.t("cli.health.renewed", { day, days: -days }),
    );
  }
  const count = data.openRequests;
  lines.push(
    account.ownerSlackId
      ? tr.t("cli.health.owner", { owner: nameOf(account.ownerSlackId), count })
      : tr.t("cli.health.noOwner", { count }),
  );
  if (data.context.paperwork.length)
    lines.push(
      tr.t("cli.health.paperwork", {
        list: tr.list(data.context.paperwork.map((p) => paperworkPhrase(p, locale))),
      }),
    );
  lines.push(tr.t("cli.health.alert", { state: alertStateLine(data.alert, nameOf, tr) }));
  const model = { name: data.modelName, version: data.modelVersion };
  lines.push(
    data.modelSegment === undefined
      ? tr.t("cli.health.model", model)
      : tr.t("models.cli.model", { ...model, segment: data.modelSegment }),
  );
  return lines.join("\n");
}
