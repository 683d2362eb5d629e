import { describe, expect, it } from "vitest";
import { upsertAccounts, upsertMetrics } from "../../src/accounts/repository.js";
import type { MetricName } from "../../src/accounts/rows.js";
import { DEFAULT_ALERT_RULES } from "../../src/alerts/rules.js";
import { runAlertSweep } from "../../src/alerts/service.js";
import { DEFAULT_MODEL_SPEC, defaultHealthModel } from "../../src/health/default-model.js";
import type { HealthModelInput } from "../../src/health/model.js";
import { buildHealthModels } from "../../src/health/models.js";
import { loadHealthCard } from "../../src/health/service.js";
import { runSnapshot } from "../../src/health/snapshot.js";
import { formatHealthText } from "../../src/health/text.js";
import { translator } from "../../src/i18n/translate.js";
import { runBacktest } from "../../src/lab/backtest.js";
import { addDays, isoDay } from "../../src/time.js";
import { useDatabase } from "../support/harness.js";

const t = useDatabase({ resetEachTest: true });
const today = new Date("2026-11-22T00:00:00Z");

/** A one-component model: the account's score is that signal's alone. */
const only = (name: string, signal: string): HealthModelInput => ({
  ...DEFAULT_MODEL_SPEC,
  name,
  components: [
    {
      key: "only",
      label: signal,
      weight: 1,
      metrics: [
        {
          signal,
          direction: "higher_is_better",
          points: [
            [0, 0],
            [100, 100],
          ],
        },
      ],
    },
  ],
});

// The same readings score 10 under Enterprise's model (adoption) and 90 under SMB's (NPS).
const models = buildHealthModels(
  { segments: { Enterprise: only("enterprise-v2", "feature_adoption"), SMB: only("smb-v1", "nps") } },
  "models.yaml",
  () => undefined,
);
const readings = { feature_adoption: 10, nps: 90 };

async function givenAccount(externalId: string, segment: string | null, weeks = 1) {
  await upsertAccounts(t.db.prisma, [{ line: 0, externalId, name: externalId, segment }], ["segment"]);
  await upsertMetrics(
    t.db.prisma,
    Array.from({ length: weeks }, (_, i) => ({
      line: 0,
      externalId,
      date: addDays(today, -7 * i),
      values: readings,
    })),
    Object.keys(readings) as MetricName[],
  );
  return (await t.db.prisma.account.findUniqueOrThrow({ where: { externalId } })).id;
}

describe("models by segment", () => {
  it("scores and bands each account by its segment's model and records that model's version", async () => {
    const enterprise = await givenAccount("ENT", "Enterprise");
    const smb = await givenAccount("SMB", "ｓｍｂ ");
    const other = await givenAccount("OTHER", null);

    const summary = await runSnapshot(t.db.prisma, models, today);

    const rows = await t.db.prisma.healthSnapshot.findMany({ orderBy: { accountId: "asc" } });
    const of = (id: number) => rows.find((r) => r.accountId === id);
    expect(of(enterprise)).toMatchObject({
      score: 10,
      band: "red",
      modelVersion: models.modelFor("Enterprise").version,
    });
    expect(of(smb)).toMatchObject({ score: 90, band: "green", modelVersion: models.modelFor("SMB").version });
    expect(of(other)).toMatchObject({ modelVersion: defaultHealthModel().version });
    expect(summary.bands).toEqual({ red: 1, yellow: 1, green: 1 });
    expect(summary.modelVersion).toBe(models.version);
  });

  it("draws the card under the account's model and names it", async () => {
    const enterprise = await givenAccount("ENT", "enterprise");
    await runSnapshot(t.db.prisma, models, today);

    const card = await loadHealthCard(t.db.query, models, enterprise, today);

    expect(card).toMatchObject({
      modelName: "enterprise-v2",
      modelVersion: models.modelFor("Enterprise").version,
      modelSegment: "Enterprise",
      band: "red",
      health: { score: 10 },
    });
    expect(card?.modelChangedAfter).toBeUndefined();
    // `kuroko health` names it too.
    const version = models.modelFor("Enterprise").version;
    expect(formatHealthText(card!)).toContain(
      `Model: enterprise-v2 ${version} (the Enterprise segment's model)`,
    );
    expect(formatHealthText(card!, { tr: translator("ja") })).toContain(
      `モデル: \`enterprise-v2 ${version}\`（Enterprise セグメント向けのモデル）`,
    );
  });

  it("replays each account under its segment's model in the back-test", async () => {
    const enterprise = await givenAccount("ENT", "Enterprise", 8);
    const smb = await givenAccount("SMB", "SMB", 8);
    for (const accountId of [enterprise, smb])
      await t.db.prisma.accountOutcome.create({
        data: { accountId, kind: "churned", date: addDays(today, 10) },
      });

    const report = await runBacktest(t.db.prisma, {
      from: addDays(today, -49),
      to: today,
      horizonDays: 90,
      current: { model: defaultHealthModel(), rules: DEFAULT_ALERT_RULES },
      candidate: { model: models, rules: DEFAULT_ALERT_RULES },
    });

    const candidate = new Map(report.candidate!.churned.map((c) => [c.accountId, c]));
    expect(candidate.get(enterprise)).toMatchObject({ lastScore: 10, firstFlag: "red", stayedGreen: false });
    expect(candidate.get(smb)).toMatchObject({ lastScore: 90, firstFlag: null, stayedGreen: true });
    const current = report.current.churned.map((c) => c.lastScore);
    expect(current[0]).toBe(current[1]);
  });

  it("re-records the alert baseline when one segment's model changes", async () => {
    await givenAccount("ENT", "Enterprise");
    const sweep = async (under: typeof models, day: Date) => {
      await runSnapshot(t.db.prisma, under, day);
      const deps = { prisma: t.db.prisma, sql: t.db.query, rules: DEFAULT_ALERT_RULES, onOutbox: () => {} };
      await runAlertSweep({ ...deps, model: under.default, models: under }, day, day);
    };
    const baselines = async () => (await t.db.prisma.alertBaseline.findMany()).map((b) => isoDay(b.day));
    await sweep(models, today);
    await sweep(models, addDays(today, 1));
    expect(await baselines()).toEqual([isoDay(today)]);

    const stricter = buildHealthModels(
      {
        segments: {
          Enterprise: {
            ...only("enterprise-v2", "feature_adoption"),
            bands: { red: 50, green: 80, margin: 5 },
          },
          SMB: only("smb-v1", "nps"),
        },
      },
      "models.yaml",
      () => undefined,
    );
    expect(stricter.default.version).toBe(models.default.version);
    await sweep(stricter, addDays(today, 2));
    expect(await baselines()).toEqual([isoDay(today), isoDay(addDays(today, 2))]);
  });
});
