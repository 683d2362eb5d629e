import type { Band } from "../health/model.js";

/**
 * How much an alert matters, 0–100 (pure): the order channel alerts go out in, and which ones
 * the per-sweep cap keeps in the channel. Four parts, added (docs/alerts.md shows examples):
 *
 * - **ARR, up to 40**: on a log scale, 0 at $1,000 and 40 at $1,000,000 or more (in US dollars,
 *   roughly: `usdEquivalent`, so ¥ and $ accounts compare and a yen reporting currency does not
 *   give every account the full weight). Twice the ARR adds about 4.
 * - **Decline, up to 30**: the largest score decline over the rules' windows, 0.6 per point
 *   (a 50-point collapse scores the full 30).
 * - **Renewal, up to 20**: 20 when it renews today, falling linearly to 0 at 180 days out; a
 *   past or missing renewal date adds nothing.
 * - **Band, up to 10**: red 10, yellow 5, green 0.
 */
export interface SeverityInput {
  /** ARR in US dollars, roughly (`usdEquivalent`). */
  arr: number;
  /** Score points lost over the rules' windows (0 when none). */
  decline: number;
  /** Days to the renewal date (negative: past; null: none). */
  daysToRenewal: number | null;
  band: Band;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

export const SEVERITY_PARTS = { arr: 40, decline: 30, renewal: 20, band: 10 } as const;
/** How far out a renewal still adds to the severity. */
export const RENEWAL_HORIZON_DAYS = 180;
const BAND_WEIGHT: Record<Band, number> = { red: 1, yellow: 0.5, green: 0 };

export function alertSeverity(input: SeverityInput): number {
  const arr = SEVERITY_PARTS.arr * clamp01(Math.log10(Math.max(input.arr, 1) / 1_000) / 3);
  const decline = SEVERITY_PARTS.decline * clamp01(input.decline / 50);
  const days = input.daysToRenewal;
  const renewal =
    days === null || days < 0 ? 0 : SEVERITY_PARTS.renewal * clamp01(1 - days / RENEWAL_HORIZON_DAYS);
  const band = SEVERITY_PARTS.band * BAND_WEIGHT[input.band];
  return Math.round(arr + decline + renewal + band);
}

/** Highest severity first; ties by the larger ARR, then by name (a stable order every run). */
export function bySeverity<T extends { severity: number; arr: number; name: string }>(a: T, b: T): number {
  return b.severity - a.severity || b.arr - a.arr || a.name.localeCompare(b.name);
}

/**
 * How many alerts get a channel message of their own in one sweep: at most `cap` messages go
 * to the alerts channel, summaries included (the baseline's, and the "N more" one when some
 * alerts do not fit). The summaries always go, even past a cap too small for them.
 */
export function channelSplit(
  alerts: number,
  cap: number,
  baselineSummary: boolean,
): { individual: number; more: boolean; messages: number } {
  const room = Math.max(0, cap - (baselineSummary ? 1 : 0));
  if (alerts <= room)
    return { individual: alerts, more: false, messages: alerts + (baselineSummary ? 1 : 0) };
  const individual = Math.max(0, room - 1);
  return { individual, more: true, messages: individual + 1 + (baselineSummary ? 1 : 0) };
}
