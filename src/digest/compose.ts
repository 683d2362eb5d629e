import type { RequestType } from "../contracts/types.js";
import { BAND_SQUARE, componentBand } from "../health/band.js";
import { componentLabel, signalLabel, valueText } from "../health/labels.js";
import type { Band, HealthModel } from "../health/model.js";
import { formatValue, type HealthScore } from "../health/score.js";
import type { Locale } from "../i18n/locale.js";
import { t, translator } from "../i18n/translate.js";
import { comparableAmount, type FxRates, type ReportedTotal, reportTotal } from "../money.js";
import { isoDay } from "../time.js";

/**
 * The daily at-risk digest: what it says, composed from the day's snapshots. Pure; view.ts lays
 * it out as Slack messages.
 */

export interface DigestAccount {
  id: number;
  name: string;
  arr: number;
  currency: string;
  renewalDate: Date | null;
  ownerSlackId: string | null;
  score: number;
  band: Band;
  /** The band in the snapshot before this one, if any. */
  previousBand: Band | null;
  /** The score in the latest snapshot on or before 30 days earlier, if any (for collapses). */
  score30DaysAgo: number | null;
  /** No metric newer than the health model's freshness limit: its score may be out of date. */
  stale: boolean;
}

/** An overdue contract request, as the digest names it. */
export interface DigestRequest {
  number: number;
  type: RequestType;
  account: { name: string };
  assigneeId: string | null;
}

/** Why an account is named: how its score moved, and its weakest components with their readings. */
export interface DigestReason {
  /** "−47 in 30 days: usage −25 (active users 80% → 22%), …" */
  change?: string;
  /** "🟥 usage 18/100 (active users 22%, logins per seat (30 d) 1.1), 🟥 support 25/100 (…)" */
  weakest?: string;
}

/** A 30-day collapse: a score that fell this many points or more. The alerts' rule uses the same default. */
export const COLLAPSE_POINTS = 20;
export const COLLAPSE_DAYS = 30;

export interface DigestInput {
  day: Date;
  accounts: DigestAccount[];
  overdueRequests: DigestRequest[];
  /** Why the accounts the digest names first are there (by account id). */
  reasons: Map<number, DigestReason>;
  now: Date;
  /** Rates into the reporting currency: one ARR-at-risk total. Unset: per-currency sums. */
  fx?: FxRates;
  /** Points lost over 30 days that make a collapse (default COLLAPSE_POINTS). */
  collapsePoints?: number;
  /**
   * The day's accounts by band, when `accounts` holds only those a list may name (the job does
   * not read a healthy account no list names); unset: counted from `accounts`.
   */
  counts?: Record<Band, number>;
}

export interface Digest {
  day: string;
  counts: Record<Band, number>;
  /** ARR of the red (at-risk) accounts: per currency, and in the reporting currency when rates exist. */
  arrAtRisk: ReportedTotal;
  /** Points lost over 30 days that make a collapse. */
  collapsePoints: number;
  /**
   * Fell `collapsePoints` or more in 30 days, whatever the band, the largest ARR first: past the
   * threshold, what a collapse puts at stake is its ARR.
   */
  collapses: DigestAccount[];
  newlyAtRisk: DigestAccount[];
  recovered: DigestAccount[];
  topAtRisk: DigestAccount[];
  renewalsAtRisk: DigestAccount[];
  overdueRequests: DigestRequest[];
  /** Alerts stay quiet on stale data; the digest says so instead. */
  stale: DigestAccount[];
}

/** Points lost since the snapshot on or before 30 days ago (0 without one). */
export const fallIn30Days = (a: DigestAccount): number =>
  a.score30DaysAgo === null ? 0 : a.score30DaysAgo - a.score;

/**
 * Picks what the digest says, in the one vocabulary (band.ts): red is "at risk"; a renewal at
 * risk is a renewal within 30 days of an account that is not healthy (red or yellow).
 */
export function composeDigest(input: DigestInput): Digest {
  const day = isoDay(input.day);
  const counts: Record<Band, number> = input.counts ?? { red: 0, yellow: 0, green: 0 };
  if (!input.counts) for (const a of input.accounts) counts[a.band]++;
  const sizes = new Map(
    input.accounts.map((a) => [a.id, comparableAmount(a.arr, a.currency, input.fx, day)]),
  );
  const size = (a: DigestAccount) => sizes.get(a.id)!;
  const bySize = (x: DigestAccount, y: DigestAccount) => size(y) - size(x) || x.name.localeCompare(y.name);
  const red = input.accounts.filter((a) => a.band === "red").sort(bySize);
  const horizon = new Date(input.day.getTime() + 30 * 86_400_000);
  const collapsePoints = input.collapsePoints ?? COLLAPSE_POINTS;
  return {
    day,
    counts,
    arrAtRisk: reportTotal(
      red.map((a) => ({ amount: a.arr, currency: a.currency })),
      input.fx,
      day,
    ),
    collapsePoints,
    collapses: input.accounts
      .filter((a) => a.score30DaysAgo !== null && fallIn30Days(a) >= collapsePoints)
      .sort((x, y) => bySize(x, y) || fallIn30Days(y) - fallIn30Days(x)),
    newlyAtRisk: red.filter((a) => a.previousBand !== null && a.previousBand !== "red"),
    recovered: input.accounts.filter((a) => a.previousBand === "red" && a.band !== "red").sort(bySize),
    topAtRisk: red,
    renewalsAtRisk: input.accounts
      .filter(
        (a) => a.band !== "green" && a.renewalDate && a.renewalDate >= input.day && a.renewalDate <= horizon,
      )
      .sort((x, y) => x.renewalDate!.getTime() - y.renewalDate!.getTime() || bySize(x, y)),
    overdueRequests: input.overdueRequests,
    stale: input.accounts.filter((a) => a.stale).sort(bySize),
  };
}

/**
 * Why an account is at risk, from today's score: its weakest components (those not healthy,
 * else the lowest), each with the readings that pull it down. "🟥 usage 18/100 (active users
 * 22%, logins per seat (30 d) 1.1), 🟨 support 52/100 (P1 tickets (30 d) 3)".
 */
export function describeWeakest(
  health: Pick<HealthScore, "components">,
  model: Pick<HealthModel, "bands">,
  limit = 2,
  locale: Locale = "en",
): string | undefined {
  const lowest = [...health.components].sort((x, y) => x.score - y.score);
  const weak = lowest.filter((c) => componentBand(c.score, model) !== "green");
  const chosen = (weak.length ? weak : lowest).slice(0, limit);
  if (chosen.length === 0) return undefined;
  return translator(locale).list(
    chosen.map((c) => {
      const readings = [...c.signals]
        .sort((x, y) => x.score - y.score)
        .slice(0, 2)
        .map((s) =>
          locale === "en"
            ? `${s.label} ${formatValue(s.unit, s.value)}`
            : `${signalLabel(locale, s.signal, s.label)} ${valueText(locale, s.unit, s.value)}`,
        );
      const words = {
        square: BAND_SQUARE[componentBand(c.score, model)],
        label: locale === "en" ? c.label.toLowerCase() : componentLabel(locale, c.key, c.label),
        score: Math.round(c.score),
      };
      return readings.length
        ? t(locale, "digest.weakestReadings", { ...words, readings: translator(locale).list(readings) })
        : t(locale, "digest.weakest", words);
    }),
  );
}
