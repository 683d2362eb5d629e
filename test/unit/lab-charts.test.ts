import { describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/translate.js";
import { alertsChart, signalsChart, weeklySeriesSpec } from "../../src/lab/charts.js";
import { fitnessView } from "../../src/lab/fitness-view.js";
import { chartSvg, PNG_SIGNATURE, renderChart } from "../../src/lab/render.js";
import type { GroupReport, VariantReport } from "../../src/lab/tally.js";

/** A back-test's numbers as tally.ts reports them: three weeks, two signals. */
function variant(
  name: string,
  alerts: number[],
  beforeChurn: number[],
  aucs: [number, number | null],
): VariantReport {
  const overall: GroupReport = {
    accounts: 40,
    accountWeeks: 120,
    churnWeeks: 9,
    auc: 0.81,
    atRisk: { weeks: 12, precision: 0.25, recall: 0.333 },
    churned: { accounts: 4, flagged: 3, stayedGreen: 1, medianLeadWeeks: 2 },
    signals: [
      {
        signal: "feature_adoption",
        label: "Feature adoption",
        direction: "higher_is_better",
        auc: aucs[0],
        observations: 120,
      },
      { signal: "nps", label: "NPS", direction: "higher_is_better", auc: aucs[1], observations: 80 },
    ],
  };
  const weeks = ["2026-11-09", "2026-11-16", "2026-11-23"];
  return {
    model: { name, version: "0123456789abcdef" },
    overall,
    segments: {},
    alertsPerWeek: weeks.map((week, i) => ({
      week,
      scored: 40,
      alerts: alerts[i]!,
      beforeChurn: beforeChurn[i]!,
    })),
    alerts: { total: alerts.reduce((a, b) => a + b, 0), beforeChurn: beforeChurn.reduce((a, b) => a + b, 0) },
    churned: [],
  };
}

const report = {
  from: "2026-11-09",
  to: "2026-11-23",
  horizonDays: 90,
  weeks: 3,
  accounts: 40,
  current: variant("kuroko-default", [5, 7, 3], [1, 2, 1], [0.91, 0.52]),
  candidate: variant("candidate-v2", [4, 4, 2], [2, 2, 1], [0.93, null]),
};
const en = translator("en");
const ja = translator("ja");

describe("the fitness charts' specifications", () => {
  it("draws alerts per week and those before a churn, per variant, the candidate dashed", () => {
    const spec = alertsChart(report, en) as unknown as {
      title: string;
      data: { values: { week: string; value: number; series: string }[] };
      encoding: { color: { scale: { domain: string[] } }; strokeDash: { scale: { range: number[][] } } };
    };
    expect(spec.title).toBe("Alerts per week, and how many came before a churn");
    expect(spec.encoding.color.scale.domain).toEqual([
      "current: all alerts",
      "current: before a churn",
      "candidate: all alerts",
      "candidate: before a churn",
    ]);
    expect(spec.encoding.strokeDash.scale.range).toEqual([
      [1, 0],
      [1, 0],
      [5, 3],
      [5, 3],
    ]);
    expect(spec.data.values.filter((p) => p.series === "current: all alerts").map((p) => p.value)).toEqual([
      5, 7, 3,
    ]);
    expect(
      spec.data.values.filter((p) => p.series === "candidate: before a churn").map((p) => p.value),
    ).toEqual([2, 2, 1]);
  });

  it("draws each signal's AUC per variant against the coin toss, leaving out a signal without one", () => {
    const spec = signalsChart(report, ja) as unknown as {
      title: string;
      data: { values: { category: string; value: number; series: string }[] };
      layer: { mark: { type: string }; data?: { values: unknown[] } }[];
    };
    expect(spec.title).toBe("シグナル単独のAUC（0.50＝当て推量）");
    expect(spec.data.values).toEqual([
      { category: expect.any(String), value: 0.91, series: "現行" },
      { category: expect.any(String), value: 0.52, series: "現行" },
      { category: expect.any(String), value: 0.93, series: "候補" },
    ]);
    expect(spec.layer.map((l) => l.mark.type)).toEqual(["bar", "rule"]);
    expect(spec.layer[1]!.data!.values).toEqual([{ reference: 0.5 }]);
  });

  it("summarises both variants in the reader's language, with alt text for each chart", () => {
    const view = fitnessView(report, en);
    expect(view.text.split("\n")).toEqual([
      "*Health model fitness* · 2026-11-09 → 2026-11-23: 3 weeks, 40 accounts, 4 churned (a churn within 90 days of a week counts against it).",
      "*Current* kuroko-default (0123456789ab): score AUC 0.81 · red precision 25%, recall 33% · 3 of 4 churned accounts flagged · 1 churned while green · 5 alerts a week",
      "*Candidate* candidate-v2 (0123456789ab): score AUC 0.81 · red precision 25%, recall 33% · 3 of 4 churned accounts flagged · 1 churned while green · 3.3 alerts a week",
      "_At risk = the red band. AUC 0.50 is a coin toss, 1.00 a perfect ranking. Per account and segment: `kuroko backtest`._",
    ]);
    expect(view.charts.map((c) => [c.filename, c.title, c.altText])).toEqual([
      [
        "alerts-per-week.png",
        "Alerts per week",
        "Line chart of alerts per week over 3 weeks: 15 raised under the current model, 4 of them before a churn.",
      ],
      [
        "signal-auc.png",
        "Each signal's AUC",
        "Bar chart of each signal's AUC on its own: Feature adoption 0.91, NPS 0.52.",
      ],
    ]);
    const japanese = fitnessView(report, ja);
    expect(japanese.text).toContain("*現行* kuroko-default（0123456789ab）：スコアAUC 0.81");
    expect(japanese.text).toContain("良好のまま解約 1件");
  });
});

describe("rendering a chart on the server", () => {
  it("draws the SVG with the chart's words and numbers", async () => {
    const svg = await chartSvg(alertsChart(report, en));
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("Alerts per week, and how many came before a churn");
    expect(svg).toContain("current: before a churn");
    expect(svg).toContain("2026-11");
  });

  it("gives a PNG: the signature, a plausible size, the dimensions of the chart at twice the scale", async () => {
    const { png, svg } = await renderChart(signalsChart(report, en));
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.length).toBeGreaterThan(5_000);
    expect(png.length).toBeLessThan(1_000_000);
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    const [width, height] = svg
      .match(/viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/)!
      .slice(1)
      .map(Number);
    expect(png.readUInt32BE(16)).toBe(Math.round(width! * 2));
    expect(png.readUInt32BE(20)).toBe(Math.round(height! * 2));
  });

  it("draws any weekly series (the shape the digest's ARR-at-risk chart can use)", async () => {
    const spec = weeklySeriesSpec({
      title: "ARR at risk",
      xTitle: "Day",
      yTitle: "USD",
      legendTitle: "",
      points: [
        { week: "2026-10-01", value: 120_000, series: "ARR at risk" },
        { week: "2026-11-01", value: 180_000, series: "ARR at risk" },
      ],
      series: [{ name: "ARR at risk", color: "#e45756" }],
      locale: "en",
      yFormat: "$~s",
    });
    const { png, svg } = await renderChart(spec, { scale: 1 });
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(svg).toContain("ARR at risk");
    expect(svg).toContain("$180k");
  });
});
