import { describe, expect, it } from "vitest";
import { DEFAULT_ALERT_RULES } from "../../src/alerts/rules.js";
import { buildHealthModel } from "../../src/health/model.js";
import type { SampleRow } from "../../src/health/readings.js";
import { readingsAsOf } from "../../src/health/readings.js";
import { RankCounts, rocAuc } from "../../src/lab/auc.js";
import { replayAccount, weeklyDays } from "../../src/lab/replay.js";
import { Tally } from "../../src/lab/tally.js";
import { backtestText } from "../../src/lab/text.js";
import { addDays } from "../../src/time.js";

/** mulberry32: the synthetic portfolios are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A model where the score is feature adoption, nearly: NPS weighs a tenth. */
const model = buildHealthModel({
  name: "lab-test",
  components: [
    {
      key: "adoption",
      label: "Adoption",
      weight: 10,
      metrics: [
        {
          signal: "feature_adoption",
          direction: "higher_is_better",
          points: [
            [0, 0],
            [100, 100],
          ],
        },
      ],
    },
    {
      key: "sentiment",
      label: "Sentiment",
      weight: 1,
      metrics: [
        {
          signal: "nps",
          direction: "higher_is_better",
          points: [
            [-100, 0],
            [100, 100],
          ],
        },
      ],
    },
  ],
  bands: { red: 40, green: 70, margin: 5 },
  freshness: { staleAfterDays: 30, ignoreAfterDays: 60 },
});

const start = new Date("2026-01-05T00:00:00Z");

describe("ROC AUC by rank sums", () => {
  it("is 1 when every positive scores lower, 0 when every one scores higher, ½ for ties", () => {
    const obs = (pos: number[], neg: number[]) => [
      ...pos.map((value) => ({ value, positive: true })),
      ...neg.map((value) => ({ value, positive: false })),
    ];
    expect(rocAuc(obs([1, 2, 3], [4, 5]))).toBe(1);
    expect(rocAuc(obs([4, 5], [1, 2, 3]))).toBe(0);
    expect(rocAuc(obs([3, 3], [3]))).toBe(0.5);
    expect(rocAuc(obs([1, 2], []))).toBeNull();
  });

  it("equals the share of (positive, negative) pairs ranked right, counted pair by pair", () => {
    const rnd = random(7);
    const observations = Array.from({ length: 400 }, () => ({
      value: Math.floor(rnd() * 30),
      positive: rnd() < 0.3,
    }));
    let wins = 0;
    let pairs = 0;
    for (const p of observations.filter((o) => o.positive))
      for (const n of observations.filter((o) => !o.positive)) {
        pairs++;
        wins += p.value < n.value ? 1 : p.value === n.value ? 0.5 : 0;
      }
    expect(rocAuc(observations)).toBeCloseTo(wins / pairs, 12);
    const counts = new RankCounts();
    for (const o of observations) counts.add(o.value, o.positive);
    expect(counts.auc()).toBeCloseTo(wins / pairs, 12);
  });
});

describe("replaying an account week by week", () => {
  it("reads each week's metrics as readingsAsOf does", () => {
    const samples: SampleRow[] = [
      { date: start, metrics: { feature_adoption: 80, nps: 10 } },
      { date: addDays(start, 7), metrics: { feature_adoption: 60 } },
      { date: addDays(start, 20), metrics: { nps: -50 } },
    ];
    const days = weeklyDays(start, addDays(start, 21));
    const weeks = replayAccount(
      { accountId: 1, renewalDate: null, samples },
      days,
      model,
      DEFAULT_ALERT_RULES,
    );
    expect(weeks.map((w) => w.signals)).toEqual(
      days.map((day) => {
        const r = readingsAsOf(samples, day);
        return { feature_adoption: r.feature_adoption!.value, nps: r.nps!.value };
      }),
    );
  });
});

describe("the back-test on a synthetic portfolio where the truth is known", () => {
  it("finds the signal that drives churn (AUC > 0.9) and pure noise near 0.5", () => {
    const rnd = random(2026);
    const days = weeklyDays(start, addDays(start, 25 * 7));
    const tally = new Tally(model, 182, days);
    for (let id = 1; id <= 300; id++) {
      // Adoption drives churn: below 30, the account churns during the half-year.
      const level = rnd() * 100;
      const churnedOn = level < 30 ? addDays(days[8 + Math.floor(rnd() * 17)]!, 3) : null;
      const samples = days.map((date) => ({
        date,
        metrics: {
          feature_adoption: Math.max(0, level + (rnd() - 0.5) * 10),
          nps: Math.round(rnd() * 200 - 100),
        },
      }));
      const weeks = replayAccount(
        { accountId: id, renewalDate: null, samples },
        days,
        model,
        DEFAULT_ALERT_RULES,
        churnedOn ?? undefined,
      );
      tally.add(
        { accountId: id, name: `Account ${id}`, segment: id % 2 ? "SMB" : "Enterprise", churnedOn },
        weeks,
      );
    }
    const report = tally.report();
    const power = Object.fromEntries(report.overall.signals.map((s) => [s.signal, s.auc]));
    expect(power.feature_adoption).toBeGreaterThan(0.9);
    expect(power.nps).toBeGreaterThan(0.44);
    expect(power.nps).toBeLessThan(0.56);
    expect(report.overall.auc).toBeGreaterThan(0.9);
    expect(Object.keys(report.segments)).toEqual(["Enterprise", "SMB"]);
    expect(report.segments.SMB!.accounts + report.segments.Enterprise!.accounts).toBe(300);
    expect(report.segments.SMB!.auc).toBeGreaterThan(0.85);
  });

  it("reports a churned account that declined for 8 weeks with a lead time of about 8 weeks, and one that stayed green", () => {
    const days = weeklyDays(start, addDays(start, 20 * 7));
    // Healthy for 10 weeks, then 8 weeks of decline, then gone the next week.
    const path = [...Array(10).fill(85), 62, 55, 48, 41, 34, 27, 20, 13, 13, 13, 13];
    const churnedOn = days[18]!;
    const account = (level: (i: number) => number): SampleRow[] =>
      days.map((date, i) => ({ date, metrics: { feature_adoption: level(i), nps: 40 } }));
    const tally = new Tally(model, 90, days);
    const declining = replayAccount(
      { accountId: 1, renewalDate: null, samples: account((i) => path[i]!) },
      days,
      model,
      DEFAULT_ALERT_RULES,
      churnedOn,
    );
    tally.add({ accountId: 1, name: "Declining Co", segment: null, churnedOn }, declining);
    const surprise = addDays(days[15]!, 2);
    tally.add(
      { accountId: 2, name: "Green Co", segment: null, churnedOn: surprise },
      replayAccount(
        { accountId: 2, renewalDate: null, samples: account(() => 90) },
        days,
        model,
        DEFAULT_ALERT_RULES,
        surprise,
      ),
    );
    tally.add(
      { accountId: 3, name: "Steady Co", segment: null, churnedOn: null },
      replayAccount(
        { accountId: 3, renewalDate: null, samples: account(() => 80) },
        days,
        model,
        DEFAULT_ALERT_RULES,
      ),
    );
    const report = tally.report();
    const [decliner, green] = report.churned;
    expect(decliner).toMatchObject({ name: "Declining Co", firstFlag: "score_drop", stayedGreen: false });
    expect(decliner!.leadWeeks).toBeGreaterThanOrEqual(7.5);
    expect(decliner!.leadWeeks).toBeLessThanOrEqual(8.5);
    expect(green).toMatchObject({ name: "Green Co", leadWeeks: null, firstFlag: null, stayedGreen: true });
    expect(report.overall.churned).toEqual({ accounts: 2, flagged: 1, stayedGreen: 1, medianLeadWeeks: 8 });
    // Red weeks are the decliner's last ones, each followed by its churn: precision 100%.
    expect(report.overall.atRisk.precision).toBe(1);
    expect(report.segments).toEqual({});
    // The alert of the decline's first week is counted that week, as preceding a churn.
    const week = report.alertsPerWeek.find((w) => w.week === "2026-03-16");
    expect(week).toMatchObject({ scored: 3, alerts: 1, beforeChurn: 1 });

    const text = backtestText({
      from: "2026-01-05",
      to: "2026-05-25",
      horizonDays: 90,
      weeks: days.length,
      accounts: 3,
      outcomes: { churned: 2 },
      segmented: false,
      current: report,
    });
    expect(text).toMatch(/Declining Co +2026-05-11 +8 wk +score drop/);
    expect(text).toMatch(/Green Co +2026-04-22 +stayed green/);
    expect(text).toContain("no account has a segment, so the report is overall only");
  });
});
