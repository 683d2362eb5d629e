import { describe, expect, it } from "vitest";
import {
  type ArrRow,
  arrFigures,
  arrSeries,
  digestChartKey,
  digestChartView,
  isoWeek,
} from "../../src/digest/chart.js";
import { translator } from "../../src/i18n/translate.js";
import { chartSvg } from "../../src/lab/render.js";
import type { FxRates } from "../../src/money.js";

/** The digest's weekly chart of ARR at risk: the week rule, the series math, the words. */

const utc = (day: string) => new Date(`${day}T00:00:00Z`);

describe("the week's chart goes with the first digest of an ISO week", () => {
  it("numbers weeks as ISO 8601 does, the Thursday's year included", () => {
    expect(isoWeek(utc("2026-11-23"))).toBe("2026-W48"); // a Monday
    expect(isoWeek(utc("2026-11-29"))).toBe("2026-W48"); // its Sunday
    expect(isoWeek(utc("2026-11-22"))).toBe("2026-W47"); // the Sunday before
    expect(isoWeek(utc("2027-01-01"))).toBe("2026-W53"); // a Friday in 2026's 53rd week
    expect(isoWeek(utc("2024-12-30"))).toBe("2025-W01"); // a Monday in 2025's first week
    expect(isoWeek(utc("2021-01-03"))).toBe("2020-W53");
    expect(isoWeek(utc("2026-01-05"))).toBe("2026-W02");
  });

  it("keys Monday's and the rest of the week's digests alike, so only the first shares it", () => {
    expect(digestChartKey(utc("2026-11-23"))).toBe("digest-chart:2026-W48");
    // A Monday holiday with no digest: Tuesday's is the week's first, under the same key.
    expect(digestChartKey(utc("2026-11-24"))).toBe("digest-chart:2026-W48");
    expect(digestChartKey(utc("2026-11-27"))).toBe("digest-chart:2026-W48");
    expect(digestChartKey(utc("2026-11-30"))).toBe("digest-chart:2026-W49");
  });
});

const fx: FxRates = {
  currency: "USD",
  rates: {
    EUR: [
      { date: "2026-09-01", rate: 1.1 },
      { date: "2026-10-01", rate: 1.2 },
    ],
    JPY: [{ date: "2026-09-01", rate: 0.01 }],
    GBP: [{ date: "2026-10-01", rate: 1.25 }],
  },
};

const rows: ArrRow[] = [
  { day: "2026-09-28", band: "red", currency: "USD", arr: 100_000 },
  { day: "2026-09-28", band: "red", currency: "EUR", arr: 10_000 },
  { day: "2026-09-28", band: "red", currency: "GBP", arr: 8_000 },
  { day: "2026-09-28", band: "yellow", currency: "JPY", arr: 5_000_000 },
  { day: "2026-10-05", band: "red", currency: "EUR", arr: 10_000 },
  { day: "2026-10-05", band: "red", currency: "GBP", arr: 8_000 },
  { day: "2026-10-05", band: "yellow", currency: "USD", arr: 30_000 },
  // 2026-10-12: snapshots taken, nobody red or yellow.
];
const days = ["2026-10-12", "2026-09-28", "2026-10-05"];

describe("the series of ARR at risk", () => {
  it("converts each day at the rates in force that day, as the digest's total does, and names what it could not convert", () => {
    const series = arrSeries(rows, days, fx)!;
    expect(series.currency).toBe("USD");
    expect(series.converted).toBe(true);
    expect(series.points).toEqual([
      // EUR at 1.1 in September; GBP has no rate before October: left out that day.
      { day: "2026-09-28", red: 100_000 + 11_000, yellow: 50_000 },
      // EUR at 1.2 from October; GBP at 1.25.
      { day: "2026-10-05", red: 12_000 + 10_000, yellow: 30_000 },
      { day: "2026-10-12", red: 0, yellow: 0 },
    ]);
    expect(series.leftOut).toEqual(["GBP"]);
  });

  it("names the latest day of a tied highest", () => {
    const flat = arrSeries(
      ["2026-11-09", "2026-11-16", "2026-11-23"].map((day) => ({
        day,
        band: "red" as const,
        currency: "USD",
        arr: 5,
      })),
      ["2026-11-09", "2026-11-16", "2026-11-23"],
    )!;
    expect(arrFigures(flat).max.day).toBe("2026-11-23");
  });

  it("without rates, never converts: charts the currency with the most ARR and names the others", () => {
    const series = arrSeries(rows, days)!;
    expect(series.currency).toBe("USD");
    expect(series.converted).toBe(false);
    expect(series.points.map((p) => [p.red, p.yellow])).toEqual([
      [100_000, 0],
      [0, 30_000],
      [0, 0],
    ]);
    expect(series.leftOut).toEqual(["EUR", "GBP", "JPY"]);
    // One currency: nothing left out.
    const yen = arrSeries(
      [{ day: "2026-10-05", band: "red", currency: "JPY", arr: 9_000_000 }],
      ["2026-10-05"],
    );
    expect(yen).toMatchObject({ currency: "JPY", leftOut: [], points: [{ red: 9_000_000, yellow: 0 }] });
  });

  it("has no series without a snapshot day", () => {
    expect(arrSeries([], [], fx)).toBeUndefined();
    expect(arrSeries([], [])).toBeUndefined();
  });
});

describe("the chart's words", () => {
  const series = arrSeries(
    [
      { day: "2026-08-26", band: "red", currency: "USD", arr: 1_200_000 },
      { day: "2026-10-05", band: "red", currency: "USD", arr: 3_000_000 },
      { day: "2026-11-23", band: "red", currency: "USD", arr: 2_750_000 },
      { day: "2026-11-23", band: "yellow", currency: "USD", arr: 4_100_000 },
      { day: "2026-11-23", band: "red", currency: "GBP", arr: 50_000 },
    ],
    ["2026-08-26", "2026-10-05", "2026-11-23"],
    fx,
  )!;

  it("says the first, last and highest amounts in the alt text and the message, in English", () => {
    const view = digestChartView(series, translator("en"));
    expect(view.altText).toBe(
      "Line chart of ARR at risk in USD from 2026-08-26 to 2026-11-23 (3 days with health scores): $1,200,000 on 2026-08-26, $2,812,500 on 2026-11-23, highest $3,000,000 on 2026-10-05. Needs attention (yellow): $4,100,000 on 2026-11-23.",
    );
    expect(view.title).toBe("ARR at risk, last 90 days");
    expect(view.filename).toBe("arr-at-risk-90-days.png");
    expect(view.text.split("\n")).toEqual([
      "*📈 ARR at risk over the last 90 days* (this week's chart): $1,200,000 on 2026-08-26, $2,812,500 on 2026-11-23; the highest was $3,000,000 on 2026-10-05. Needs attention: $4,100,000 on 2026-11-23.",
      "_Each point: the current ARR of the accounts at risk (red) and needing attention (yellow) on that day, converted at the rates in force that day._",
    ]);
    expect(view.spec).toMatchObject({ title: "ARR at risk over the last 90 days (USD)" });
    expect((view.spec.data as { values: unknown[] }).values).toHaveLength(6);
  });

  it("says the same in Japanese", () => {
    const view = digestChartView(series, translator("ja"));
    expect(view.altText).toBe(
      "2026年8月26日(水)から2026年11月23日(月)まで（ヘルススコアのある3日分）の解約リスクARR（USD）の折れ線グラフ：2026年8月26日(水) $1,200,000、2026年11月23日(月) $2,812,500、最大は2026年10月5日(月)の$3,000,000。要注意（黄）は2026年11月23日(月)時点で$4,100,000。",
    );
    expect(view.title).toBe("解約リスクARR（直近90日間）");
    expect(view.spec).toMatchObject({ title: "直近90日間の解約リスクARR（USD）" });
  });

  it("names what is left out of a chart without rates", () => {
    const view = digestChartView(arrSeries(rows, days)!, translator("en"));
    expect(view.text).toContain(
      "_The chart is in USD only; ARR in other currencies (EUR, GBP, JPY) is left out (set `KUROKO_REPORTING_CURRENCY` and `KUROKO_FX_RATES_PATH` to include it)._",
    );
    expect(digestChartView(arrSeries(rows, days)!, translator("ja")).text).toContain(
      "_グラフはUSD建てのみです。EUR、GBP、JPY建てのARRは含めていません",
    );
  });

  it("draws both lines with the days on the x axis and the amounts in the SVG", async () => {
    const svg = await chartSvg(digestChartView(series, translator("en")).spec);
    expect(svg).toContain("ARR at risk over the last 90 days (USD)");
    expect(svg).toContain("At risk (red)");
    expect(svg).toContain("Needs attention (yellow)");
    expect(svg).toContain("11/23");
    expect(svg).toMatch(/>3(\.0)?M</);
  });
});
