import { BAND_MEANING, hysteresisNote } from "../health/band.js";
import type { HealthChange } from "../health/score.js";
import { describeChange } from "../health/score.js";
import type { HealthCardData } from "../health/service.js";
import { isoDay } from "../time.js";
import type { HealthCardJson } from "./schemas.js";

const day = (date: Date | null | undefined) => (date ? isoDay(date) : null);
const change = (c: HealthChange | undefined) => (c ? { delta: c.delta, why: describeChange(c) } : null);

/**
 * The health card as JSON: the same facts the Slack card lays out (src/health/service.ts
 * computes them; nothing is recomputed here), with snake_case names like the ingest rows'.
 */
export function healthCardJson(card: HealthCardData): HealthCardJson {
  const { account, health, band } = card;
  return {
    account: {
      external_id: account.externalId,
      name: account.name,
      domain: account.domain,
      arr: account.arr,
      currency: account.currency,
      renewal_date: day(account.renewalDate),
      owner_slack_id: account.ownerSlackId,
      segment: account.segment,
    },
    as_of: isoDay(card.today),
    score: health?.score ?? null,
    band: band ?? null,
    band_meaning: band ? BAND_MEANING[band] : null,
    band_held: (health && band && hysteresisNote(health.score, band, card)) ?? null,
    components: (health?.components ?? []).map((c) => ({
      key: c.key,
      label: c.label,
      score: c.score,
      share: c.share,
      contribution: c.contribution,
      signals: c.signals.map((s) => ({
        signal: s.signal,
        label: s.label,
        value: s.value,
        score: s.score,
        measured_on: isoDay(s.date),
        stale: s.stale,
      })),
    })),
    missing_components: health?.missingComponents ?? [],
    missing_signals: [...(health?.missingSignals ?? [])],
    stale_signals: [...(health?.staleSignals ?? [])],
    changes: { days_7: change(card.changes.days7), days_30: change(card.changes.days30) },
    trend: card.trend.map((t) => ({ date: isoDay(t.date), score: t.score })),
    open_requests: card.openRequests,
    paperwork: card.context.paperwork.map((p) => ({
      number: p.number,
      type: p.type,
      status: p.status,
      start_date: day(p.startDate),
    })),
    alert: card.alert
      ? {
          status: card.alert.status,
          reason: card.alert.reason,
          created_at: card.alert.createdAt.toISOString(),
          snoozed_until: card.alert.snoozedUntil?.toISOString() ?? null,
        }
      : null,
    model: {
      name: card.modelName,
      version: card.modelVersion,
      segment: card.modelSegment ?? null,
      changed_after: day(card.modelChangedAfter),
    },
  };
}
