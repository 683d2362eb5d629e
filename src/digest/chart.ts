import type { Translator } from "../i18n/translate.js";
import { type ChartSpec, type SeriesPoint, weeklySeriesSpec } from "../lab/charts.js";
import { comparableAmount, type FxRates, reportTotal } from "../money.js";

/**
 * The digest's weekly chart (pure): ARR at risk over the last 90 days, shared in the thread of
 * the first digest of each ISO week. The rows come from one aggregate query (chart-read.ts);
 * here they are converted and summed by the digest's own money rule (`reportTotal`), the week's
 * chart is decided, and its words, alt text and Vega-Lite specification are made.
 */

/** The days the chart covers, today included. */
export const CHART_DAYS = 90;

/** Red (at risk) and yellow (needs attention): the bands the chart sums. */
export type ChartBand = "red" | "yellow";

/** One row of the aggregate: the ARR of one band's accounts in one currency on one snapshot day. */
export interface ArrRow {
  day: string;
  band: ChartBand;
  currency: string;
  arr: number;
}

/** The ISO 8601 week of a calendar day (UTC midnight): "2026-W48". Its year is the Thursday's. */
export function isoWeek(day: Date): string {
  const weekday = (day.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(
    Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - weekday + 3),
  );
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/**
 * The week's chart's outbox dedupe key. The chart goes with the first digest of an ISO week that
 * finds no chart under its week's key (normally Monday's; a Monday without a digest, Tuesday's);
 * a rerun, a later day of the week or a second replica finds the key and adds nothing.
 */
export const digestChartKey = (day: Date): string => `digest-chart:${isoWeek(day)}`;

export interface ArrSeries {
  /** The currency the amounts are in: the reporting currency with rates, else the largest one. */
  currency: string;
  /** Whether the amounts were converted with the configured rates. */
  converted: boolean;
  /** One point per snapshot day, oldest first (0 on a day with no red or yellow account). */
  points: { day: string; red: number; yellow: number }[];
  /** Currencies some of whose ARR is not in the chart: no rate on a day, or (without rates) not `currency`. */
  leftOut: string[];
}

/**
 * The series from the aggregate's rows and the snapshot days in the window, by the digest's
 * rule: with rates, each day's per-currency sums converted at the rates in force on that day
 * (`reportTotal`, as the digest's "ARR at risk"), a currency with no rate yet left out and named;
 * without rates, amounts are never converted: the chart is in the currency with the most ARR and
 * the others are named as left out. No snapshot day: no series.
 */
export function arrSeries(
  rows: readonly ArrRow[],
  snapshotDays: readonly string[],
  fx?: FxRates,
): ArrSeries | undefined {
  if (snapshotDays.length === 0) return undefined;
  const days = [...new Set(snapshotDays)].sort();
  const leftOut = new Set<string>();
  let currency: string;
  if (fx) currency = fx.currency;
  else {
    const sizes = new Map<string, number>();
    for (const r of rows)
      sizes.set(r.currency, (sizes.get(r.currency) ?? 0) + comparableAmount(r.arr, r.currency));
    const ranked = [...sizes.entries()].sort(([x, a], [y, b]) => b - a || x.localeCompare(y));
    currency = ranked[0]?.[0] ?? "USD";
    for (const [other] of ranked.slice(1)) leftOut.add(other);
  }
  const byDay = new Map<string, ArrRow[]>();
  for (const r of rows) byDay.set(r.day, [...(byDay.get(r.day) ?? []), r]);
  const sum = (day: string, band: ChartBand): number => {
    const amounts = (byDay.get(day) ?? [])
      .filter((r) => r.band === band)
      .map((r) => ({ amount: r.arr, currency: r.currency }));
    if (!fx) return amounts.filter((a) => a.currency === currency).reduce((s, a) => s + a.amount, 0);
    const total = reportTotal(amounts, fx, day).converted!;
    for (const c of total.unconverted) leftOut.add(c);
    return total.amount;
  };
  return {
    currency,
    converted: fx !== undefined,
    points: days.map((day) => ({ day, red: sum(day, "red"), yellow: sum(day, "yellow") })),
    leftOut: [...leftOut].sort(),
  };
}

/** The chart as the digest's thread shows it: its message, its file's name, title and alt text, its specification. */
export interface DigestChartView {
  text: string;
  filename: string;
  title: string;
  altText: string;
  spec: ChartSpec;
}

const COLORS: Record<ChartBand, string> = { red: "#d62728", yellow: "#e0a000" };

/**
 * The first and last red amounts and the highest (its latest day when tied), with their days:
 * what the alt text and the message say.
 */
export function arrFigures(series: ArrSeries) {
  const points = series.points;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const max = points.reduce((m, p) => (p.red >= m.red ? p : m), first);
  return { first, last, max };
}

const utc = (day: string) => new Date(`${day}T00:00:00Z`);

/** The chart's message, alt text and specification, in the reader's (the channel's) language. */
export function digestChartView(series: ArrSeries, tr: Translator): DigestChartView {
  const { first, last, max } = arrFigures(series);
  const money = (amount: number) => tr.money(amount, series.currency);
  const figures = {
    first: money(first.red),
    from: tr.day(utc(first.day)),
    last: money(last.red),
    to: tr.day(utc(last.day)),
    max: money(max.red),
    maxDay: tr.day(utc(max.day)),
    yellow: money(last.yellow),
    days: series.points.length,
  };
  const names: Record<ChartBand, string> = {
    red: tr.t("digestChart.series", { band: "red" }),
    yellow: tr.t("digestChart.series", { band: "yellow" }),
  };
  const points: SeriesPoint[] = series.points.flatMap((p) => [
    { week: p.day, value: p.red, series: names.red },
    { week: p.day, value: p.yellow, series: names.yellow },
  ]);
  const leftOut = series.leftOut.length
    ? tr.t(series.converted ? "digestChart.leftOut.noRate" : "digestChart.leftOut.noRates", {
        currencies: tr.list(series.leftOut),
        currency: series.currency,
      })
    : undefined;
  return {
    text: [
      tr.t("digestChart.message", figures),
      tr.t("digestChart.note", { converted: series.converted ? "yes" : "no" }),
      ...(leftOut ? [leftOut] : []),
    ].join("\n"),
    filename: "arr-at-risk-90-days.png",
    title: tr.t("digestChart.file.title"),
    altText: tr.t("digestChart.alt", { ...figures, currency: series.currency }),
    spec: weeklySeriesSpec({
      title: tr.t("digestChart.title", { currency: series.currency }),
      xTitle: tr.t("digestChart.day"),
      yTitle: tr.t("digestChart.arr", { currency: series.currency }),
      legendTitle: tr.t("digestChart.legend"),
      points,
      series: [
        { name: names.red, color: COLORS.red },
        { name: names.yellow, color: COLORS.yellow, dashed: true },
      ],
      locale: tr.locale,
      yFormat: "~s",
      xFormat: "%m/%d",
      xTicks: "week",
    }),
  };
}
