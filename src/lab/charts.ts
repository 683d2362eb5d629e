import { signalLabel } from "../health/labels.js";
import type { Locale } from "../i18n/locale.js";
import type { Translator } from "../i18n/translate.js";
import type { VariantReport } from "./tally.js";

/**
 * Charts as data (pure): Vega-Lite specifications built from numbers and a reader's words.
 * render.ts turns one into SVG and PNG on the server (no browser). `weeklySeriesSpec` and
 * `barsSpec` are the reusable shapes (a line per series over weeks, bars per category and
 * series); `alertsChart` and `signalsChart` are `/csops model`'s.
 */

/** A Vega-Lite specification (kept as plain data here: the pure side imports no library). */
export type ChartSpec = { $schema: string } & Record<string, unknown>;

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
const WIDTH = 640;
const HEIGHT = 260;

/**
 * Fonts by language: the first one installed that has the glyphs is used (resvg falls back to
 * the others). DejaVu and Noto are on most Linux servers; the CJK fonts only where installed.
 */
const FONTS: Record<Locale, string> = {
  en: "DejaVu Sans, Noto Sans, Liberation Sans, Arial, sans-serif",
  ja: "Noto Sans CJK JP, Noto Sans JP, IPAGothic, DejaVu Sans, sans-serif",
};

function config(locale: Locale): Record<string, unknown> {
  return {
    font: FONTS[locale],
    background: "white",
    view: { stroke: null },
    title: { fontSize: 15, anchor: "start", offset: 10 },
    axis: { labelFontSize: 11, titleFontSize: 12, gridColor: "#e6e6e6" },
    // Room between legend columns: a headless view measures text by estimate, short for CJK.
    legend: {
      labelFontSize: 11,
      titleFontSize: 12,
      orient: "bottom",
      columns: 2,
      labelLimit: 0,
      columnPadding: 24,
    },
  };
}

/** One point of a weekly series: its week (YYYY-MM-DD), its value and the series it is in. */
export interface SeriesPoint {
  week: string;
  value: number;
  series: string;
}

export interface WeeklySeriesInput {
  title: string;
  xTitle: string;
  yTitle: string;
  legendTitle: string;
  points: SeriesPoint[];
  /** The series in legend order (each gets its colour and, when dashed, a dashed line). */
  series: { name: string; color: string; dashed?: boolean }[];
  locale: Locale;
  /** A d3 number format for the y axis, e.g. "~s" for 1.2M (default: whole numbers). */
  yFormat?: string;
  /** A d3 time format and tick interval for the x axis (default "%Y-%m", a tick a month). */
  xFormat?: string;
  xTicks?: "day" | "week" | "month";
}

/**
 * Lines over weeks, one per series (alert volume per week, ARR at risk per day…). The x axis
 * reads year-month in digits, the same in every language.
 */
export function weeklySeriesSpec(input: WeeklySeriesInput): ChartSpec {
  const names = input.series.map((s) => s.name);
  return {
    $schema: SCHEMA,
    title: input.title,
    width: WIDTH,
    height: HEIGHT,
    config: config(input.locale),
    data: { values: input.points },
    mark: { type: "line", point: { size: 18 }, strokeWidth: 2 },
    encoding: {
      x: {
        field: "week",
        type: "temporal",
        title: input.xTitle,
        axis: { format: input.xFormat ?? "%Y-%m", labelAngle: 0, tickCount: input.xTicks ?? "month" },
      },
      y: {
        field: "value",
        type: "quantitative",
        title: input.yTitle,
        axis: { format: input.yFormat ?? "d" },
      },
      color: {
        field: "series",
        type: "nominal",
        title: input.legendTitle,
        scale: { domain: names, range: input.series.map((s) => s.color) },
        legend: { symbolType: "stroke", symbolStrokeWidth: 2 },
      },
      strokeDash: {
        field: "series",
        type: "nominal",
        title: input.legendTitle,
        scale: { domain: names, range: input.series.map((s) => (s.dashed ? [5, 3] : [1, 0])) },
      },
    },
  };
}

export interface BarsInput {
  title: string;
  /** The value's axis (horizontal) and the categories' (vertical). */
  valueTitle: string;
  categoryTitle: string;
  legendTitle: string;
  bars: { category: string; value: number; series: string }[];
  series: { name: string; color: string }[];
  /** A vertical reference line (0.5 for an AUC: the coin toss). */
  reference?: number;
  domain?: [number, number];
  locale: Locale;
}

/** Horizontal bars per category, one per series side by side, with an optional reference line. */
export function barsSpec(input: BarsInput): ChartSpec {
  const categories = [...new Set(input.bars.map((b) => b.category))];
  const bars = {
    mark: { type: "bar", height: { band: 0.8 } },
    encoding: {
      y: { field: "category", type: "nominal", title: input.categoryTitle, sort: categories },
      yOffset: { field: "series", type: "nominal", sort: input.series.map((s) => s.name) },
      x: {
        field: "value",
        type: "quantitative",
        title: input.valueTitle,
        ...(input.domain ? { scale: { domain: input.domain } } : {}),
      },
      color: {
        field: "series",
        type: "nominal",
        title: input.legendTitle,
        scale: { domain: input.series.map((s) => s.name), range: input.series.map((s) => s.color) },
      },
    },
  };
  const layers: Record<string, unknown>[] = [bars];
  if (input.reference !== undefined)
    layers.push({
      data: { values: [{ reference: input.reference }] },
      mark: { type: "rule", strokeDash: [4, 3], color: "#666" },
      encoding: { x: { field: "reference", type: "quantitative" } },
    });
  return {
    $schema: SCHEMA,
    title: input.title,
    width: WIDTH,
    height: { step: input.series.length > 1 ? 34 : 22 },
    config: config(input.locale),
    data: { values: input.bars },
    layer: layers,
  };
}

/** What the fitness charts need of a back-test (backtest.ts's BacktestReport). */
export interface FitnessReport {
  weeks: number;
  current: VariantReport;
  candidate?: VariantReport;
}

const COLORS = {
  current: { all: "#4c78a8", beforeChurn: "#e45756" },
  candidate: { all: "#72b7b2", beforeChurn: "#f58518" },
} as const;

const variantsOf = (report: FitnessReport) =>
  [
    ["current", report.current],
    ...(report.candidate ? [["candidate", report.candidate] as const] : []),
  ] as const satisfies readonly (readonly ["current" | "candidate", VariantReport])[];

/** Alerts raised per week under each variant, and those of them that preceded a churn. */
export function alertsChart(report: FitnessReport, tr: Translator): ChartSpec {
  const series: WeeklySeriesInput["series"] = [];
  const points: SeriesPoint[] = [];
  for (const [variant, v] of variantsOf(report)) {
    for (const kind of ["all", "beforeChurn"] as const) {
      const name = tr.t("modelLab.chart.series", { variant, kind });
      series.push({ name, color: COLORS[variant][kind], dashed: variant === "candidate" });
      for (const week of v.alertsPerWeek)
        points.push({
          week: week.week,
          value: kind === "all" ? week.alerts : week.beforeChurn,
          series: name,
        });
    }
  }
  return weeklySeriesSpec({
    title: tr.t("modelLab.chart.alerts.title"),
    xTitle: tr.t("modelLab.chart.week"),
    yTitle: tr.t("modelLab.chart.alerts"),
    legendTitle: tr.t("modelLab.chart.legend"),
    points,
    series,
    locale: tr.locale,
  });
}

/** Each signal's AUC on its own, per variant, against the coin toss (0.5). Signals without an AUC are left out. */
export function signalsChart(report: FitnessReport, tr: Translator): ChartSpec {
  const bars: BarsInput["bars"] = [];
  const series: BarsInput["series"] = [];
  for (const [variant, v] of variantsOf(report)) {
    const name = tr.t("modelLab.chart.variant", { variant });
    series.push({ name, color: COLORS[variant].all });
    for (const s of v.overall.signals)
      if (s.auc !== null)
        bars.push({ category: signalLabel(tr.locale, s.signal, s.label), value: s.auc, series: name });
  }
  return barsSpec({
    title: tr.t("modelLab.chart.signals.title"),
    valueTitle: tr.t("modelLab.chart.auc"),
    categoryTitle: tr.t("modelLab.chart.signal"),
    legendTitle: tr.t("modelLab.chart.model"),
    bars,
    series,
    reference: 0.5,
    domain: [0, 1],
    locale: tr.locale,
  });
}
