import { describe, expect, it } from "vitest";
import { buildDemoPortfolio } from "../../src/accounts/demo-portfolio.js";
import { loadDemoPortfolio } from "../../src/accounts/seed.js";
import { buildAlertRules, DEFAULT_ALERT_RULES } from "../../src/alerts/rules.js";
import { runAlertSweep } from "../../src/alerts/service.js";
import { DEFAULT_MODEL_SPEC, defaultHealthModel } from "../../src/health/default-model.js";
import { buildHealthModel } from "../../src/health/model.js";
import { runSnapshot } from "../../src/health/snapshot.js";
import { runBacktest } from "../../src/lab/backtest.js";
import { addDays, daysBetween, isoDay } from "../../src/time.js";
import { useDatabase } from "../support/harness.js";

const t = useDatabase({ resetEachTest: true });
const today = new Date("2026-04-01T00:00:00Z");
const model = defaultHealthModel();

/**
 * What the team would have received: the real snapshot and the real sweep run on each week's
 * day, oldest first, the alerts each sweep recorded read back by account.
 */
async function sweepWeekly(days: Date[], rules = DEFAULT_ALERT_RULES) {
  const raised: { week: string; accounts: number[] }[] = [];
  let seen = 0;
  for (const day of days) {
    await runSnapshot(t.db.prisma, model, day);
    await runAlertSweep({ prisma: t.db.prisma, sql: t.db.query, model, rules, onOutbox: () => {} }, day, day);
    const alerts = await t.db.prisma.alert.findMany({ where: { id: { gt: seen } }, orderBy: { id: "asc" } });
    seen = alerts.at(-1)?.id ?? seen;
    raised.push({ week: isoDay(day), accounts: alerts.map((a) => a.accountId) });
  }
  return raised;
}

describe("kuroko backtest's replay against the real sweep", () => {
  it("counts the alerts per week a direct run of the sweep raises on the same data, and those before a churn", {
    timeout: 120_000,
  }, async () => {
    await loadDemoPortfolio(t.db.prisma, { accounts: 150, today, slice: 60 });
    const from = addDays(today, -84);
    const days = Array.from({ length: 13 }, (_, i) => addDays(from, 7 * i));
    const swept = await sweepWeekly(days);
    expect(swept.reduce((n, w) => n + w.accounts.length, 0)).toBeGreaterThan(5);

    const report = await runBacktest(t.db.prisma, {
      from,
      to: today,
      horizonDays: 90,
      current: { model, rules: DEFAULT_ALERT_RULES },
      slice: 40,
    });
    expect(report.current.alertsPerWeek.map((w) => [w.week, w.alerts])).toEqual(
      swept.map((w) => [w.week, w.accounts.length]),
    );

    // Followed by a churn: the demo's churns, by account, within 90 days after the alert's week.
    const ids = new Map(
      (await t.db.prisma.account.findMany({ select: { id: true, externalId: true } })).map((a) => [
        a.externalId,
        a.id,
      ]),
    );
    const churnOf = new Map(
      buildDemoPortfolio(150, today)
        .outcomes.filter((o) => o.kind === "churned")
        .map((o) => [ids.get(o.externalId)!, o.date]),
    );
    expect(churnOf.size).toBeGreaterThan(0);
    expect(report.current.alertsPerWeek.map((w) => w.beforeChurn)).toEqual(
      swept.map(
        (w) =>
          w.accounts.filter((id) => {
            const churn = churnOf.get(id);
            const day = new Date(`${w.week}T00:00:00Z`);
            return churn !== undefined && churn > day && daysBetween(day, churn) <= 90;
          }).length,
      ),
    );
    expect(report.current.churned.length).toBe(churnOf.size);
    expect(report.segmented).toBe(true);
  });

  it("replays a candidate model and rules beside the current ones, on the same readings", {
    timeout: 120_000,
  }, async () => {
    await loadDemoPortfolio(t.db.prisma, { accounts: 60, today });
    // The same scores, a wider red band; and no alert on entering red.
    const wider = buildHealthModel({
      ...DEFAULT_MODEL_SPEC,
      name: "wider-red",
      bands: { red: 60, green: 80, margin: 5 },
    });
    const strict = buildAlertRules({ enteredRed: false });
    const report = await runBacktest(t.db.prisma, {
      from: addDays(today, -84),
      to: today,
      horizonDays: 90,
      current: { model, rules: DEFAULT_ALERT_RULES },
      candidate: { model: wider, rules: strict },
    });
    expect(report.candidate!.model).toEqual({ name: "wider-red", version: wider.version });
    expect(report.candidate!.overall.auc).toBe(report.current.overall.auc);
    expect(report.candidate!.overall.atRisk.weeks).toBeGreaterThan(report.current.overall.atRisk.weeks);
    expect(report.candidate!.alertsPerWeek).not.toEqual(report.current.alertsPerWeek);
    expect(report.outcomes.churned).toBeGreaterThan(0);
  });
});
