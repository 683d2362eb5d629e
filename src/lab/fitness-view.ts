import { signalLabel } from "../health/labels.js";
import type { Translator } from "../i18n/translate.js";
import { alertsChart, type ChartSpec, signalsChart } from "./charts.js";
import type { GroupReport, VariantReport } from "./tally.js";

/**
 * `/csops model`'s message (pure): a short summary of the back-test in the reader's language,
 * and its charts with their file names, titles and alt text (what a screen reader says).
 */

/** What the view needs of a back-test (backtest.ts's BacktestReport). */
export interface FitnessInput {
  from: string;
  to: string;
  horizonDays: number;
  weeks: number;
  accounts: number;
  current: VariantReport;
  candidate?: VariantReport;
}

export interface FitnessChart {
  filename: string;
  title: string;
  altText: string;
  spec: ChartSpec;
}

export interface FitnessView {
  /** The message the charts are posted with (Slack mrkdwn). */
  text: string;
  charts: FitnessChart[];
}

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

export function fitnessView(report: FitnessInput, tr: Translator): FitnessView {
  const na = tr.t("modelLab.na");
  const pct = (x: number | null) => (x === null ? na : `${Math.round(x * 100)}%`);
  const auc = (x: number | null) => (x === null ? na : x.toFixed(2));
  const variants = [
    ["current", report.current] as const,
    ...(report.candidate ? [["candidate", report.candidate] as const] : []),
  ];
  const scored = (v: VariantReport) => v.alertsPerWeek.filter((w) => w.scored > 0).length;
  const line = (variant: "current" | "candidate", v: VariantReport) => {
    const o: GroupReport = v.overall;
    return tr.t("modelLab.summary.variant", {
      variant,
      name: v.model.name,
      version: v.model.version.slice(0, 12),
      auc: auc(o.auc),
      precision: pct(o.atRisk.precision),
      recall: pct(o.atRisk.recall),
      flagged: o.churned.flagged,
      churned: o.churned.accounts,
      green: o.churned.stayedGreen,
      // A week per week scored: a year's back-test of data kept for 90 days is not diluted.
      alerts: tr.number(scored(v) ? v.alerts.total / scored(v) : 0, 1),
    });
  };
  const text = [
    tr.t("modelLab.summary.head", {
      from: tr.day(day(report.from)),
      to: tr.day(day(report.to)),
      weeks: report.weeks,
      accounts: report.accounts,
      churned: report.current.overall.churned.accounts,
      horizon: report.horizonDays,
    }),
    ...variants.map(([variant, v]) => line(variant, v)),
    tr.t("modelLab.summary.legend"),
  ].join("\n");
  const signals = report.current.overall.signals
    .filter((s) => s.auc !== null)
    .map((s) => `${signalLabel(tr.locale, s.signal, s.label)} ${auc(s.auc)}`);
  return {
    text,
    charts: [
      {
        filename: "alerts-per-week.png",
        title: tr.t("modelLab.file.alerts.title"),
        altText: tr.t("modelLab.file.alerts.alt", {
          weeks: report.weeks,
          total: report.current.alerts.total,
          beforeChurn: report.current.alerts.beforeChurn,
        }),
        spec: alertsChart(report, tr),
      },
      {
        filename: "signal-auc.png",
        title: tr.t("modelLab.file.signals.title"),
        altText: tr.t("modelLab.file.signals.alt", { list: tr.list(signals) || na }),
        spec: signalsChart(report, tr),
      },
    ],
  };
}
