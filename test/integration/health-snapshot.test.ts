import { describe, expect, it } from "vitest";
import { upsertAccounts, upsertMetrics } from "../../src/accounts/repository.js";
import type { MetricName } from "../../src/accounts/rows.js";
import { loadSweepSlice } from "../../src/alerts/repository.js";
import { driverOf } from "../../src/db/database.js";
import { DEFAULT_MODEL_SPEC, defaultHealthModel } from "../../src/health/default-model.js";
import { buildHealthModel } from "../../src/health/model.js";
import { readingsAsOf } from "../../src/health/readings.js";
import { readSamplesOf, staleBeforeParam, staleSql } from "../../src/health/repository.js";
import { scoreHealth } from "../../src/health/score.js";
import { loadHealthCard } from "../../src/health/service.js";
import { runSnapshot } from "../../src/health/snapshot.js";
import { addDays } from "../../src/time.js";
import { useDatabase } from "../support/harness.js";

const model = defaultHealthModel();
const today = new Date("2026-11-22T00:00:00Z");

const t = useDatabase({ resetEachTest: true });

async function givenAccount(
  externalId: string,
  samples: { daysAgo: number; values: Partial<Record<MetricName, number>> }[],
) {
  await upsertAccounts(t.db.prisma, [{ line: 0, externalId, name: externalId }], []);
  const metrics = [...new Set(samples.flatMap((s) => Object.keys(s.values)))] as MetricName[];
  await upsertMetrics(
    t.db.prisma,
    samples.map((s) => ({ line: 0, externalId, date: addDays(today, -s.daysAgo), values: s.values })),
    metrics,
  );
  return (await t.db.prisma.account.findUniqueOrThrow({ where: { externalId } })).id;
}

const snapshotsOf = (accountId: number) =>
  t.db.prisma.healthSnapshot.findMany({ where: { accountId }, orderBy: { date: "asc" } });

describe("runSnapshot", () => {
  it("stores one snapshot per account for the day, and a rerun replaces it", async () => {
    const a = await givenAccount("A", [{ daysAgo: 1, values: { nps: 40, csat: 90 } }]);
    const b = await givenAccount("B", [{ daysAgo: 3, values: { open_tickets: 12 } }]);
    await givenAccount("NO-METRICS", []);

    const first = await runSnapshot(t.db.prisma, model, today);
    const second = await runSnapshot(t.db.prisma, model, today);

    expect(first).toEqual(second);
    expect(first.accounts).toBe(2);
    expect(await t.db.prisma.healthSnapshot.count()).toBe(2);
    const [snapshot] = await snapshotsOf(a);
    expect(snapshot).toMatchObject({
      modelVersion: model.version,
      components: { sentiment: expect.any(Number) },
    });
    expect((await snapshotsOf(b))[0]?.band).toBe("red");
  });

  it("scores every slice of a portfolio larger than the slices scored at once", async () => {
    const ids = Array.from({ length: 4_100 }, (_, i) => `CRM-${String(i).padStart(5, "0")}`);
    await upsertAccounts(
      t.db.prisma,
      ids.map((externalId) => ({ line: 0, externalId, name: externalId })),
      [],
    );
    await upsertMetrics(
      t.db.prisma,
      ids.map((externalId, i) => ({
        line: 0,
        externalId,
        date: addDays(today, -(i % 5)),
        values: { active_users: 10 + (i % 90), seats: 100, nps: (i % 200) - 100 },
      })),
      ["active_users", "seats", "nps"],
    );
    const summary = await runSnapshot(t.db.prisma, model, today);
    expect(summary.accounts).toBe(4_100);
    const stored = await t.db.prisma.healthSnapshot.findMany({
      where: { date: today },
      include: { account: { select: { externalId: true } } },
    });
    expect(stored).toHaveLength(4_100);
    // Each as scoring the account alone gives.
    for (const row of stored.filter((_, i) => i % 997 === 0)) {
      const i = ids.indexOf(row.account.externalId);
      const date = addDays(today, -(i % 5));
      const readings = {
        active_users: { value: 10 + (i % 90), date },
        seats: { value: 100, date },
        nps: { value: (i % 200) - 100, date },
      };
      expect(row.score).toBe(scoreHealth(readings, model, today)?.score);
    }
  });

  it("reads through the driver of the database that opened it, and refuses a client it did not open", () => {
    expect(typeof driverOf(t.db.prisma)).toBe("function");
    expect(() => driverOf({})).toThrow(/not opened by openDatabase/);
  });

  it("merges each metric's latest reading when the newest sample has only some of them", async () => {
    const id = await givenAccount("PARTIAL", [
      { daysAgo: 9, values: { nps: 40, csat: 90 } },
      { daysAgo: 1, values: { open_tickets: 3 } },
    ]);

    await runSnapshot(t.db.prisma, model, today);

    const [snapshot] = await snapshotsOf(id);
    expect(Object.keys(snapshot!.components as object).sort()).toEqual(["sentiment", "support"]);
  });

  it("scores an account whose newest sample lacks signals as its whole history does: each signal's latest number", async () => {
    // Patterns a real feed has: a survey monthly, usage daily, tickets weekly, a value that is
    // not a number (a CRM's "n/a") in a newer sample than a number, a reading older than the
    // model's horizon; drawn at random (seeded) over 300 accounts.
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const signals = ["active_users", "licensed_seats", "nps", "csat", "open_tickets", "p1_tickets_30d"];
    const ids: number[] = [];
    for (let n = 0; n < 300; n++) {
      const samples = [0, 1, 3, 9, 20, 40, 90, 200]
        .filter(() => random() < 0.6)
        .map((daysAgo) => ({
          daysAgo,
          values: Object.fromEntries(
            signals
              .filter(() => random() < 0.4)
              .map((s) => [s, Math.floor(random() * 90) + (s === "nps" ? -40 : 1)]),
          ) as Partial<Record<MetricName, number>>,
        }))
        .filter((s) => Object.keys(s.values).length > 0);
      ids.push(await givenAccount(`MIX-${n}`, samples));
    }
    // Not numbers, newer than the numbers they must not hide.
    await t.db.query(
      `INSERT INTO metric_samples (account_id, date, metrics)
       SELECT id, $1::date, '{"nps": "n/a", "csat": null, "open_tickets": "3"}'::jsonb FROM accounts
       WHERE external_id LIKE 'MIX-%' AND id % 3 = 0
       ON CONFLICT (account_id, date) DO UPDATE SET metrics = metric_samples.metrics || EXCLUDED.metrics`,
      [addDays(today, -2).toISOString().slice(0, 10)],
    );

    await runSnapshot(t.db.prisma, model, today);

    const history = await readSamplesOf(driverOf(t.db.prisma), ids, addDays(today, -400), today);
    const stored = new Map(
      (await t.db.prisma.healthSnapshot.findMany({ where: { date: today } })).map((s) => [s.accountId, s]),
    );
    let scored = 0;
    for (const id of ids) {
      const expected = scoreHealth(readingsAsOf(history.get(id) ?? [], today), model, today);
      const snapshot = stored.get(id);
      if (!expected) {
        expect(snapshot, `account ${id}`).toBeUndefined();
        continue;
      }
      scored++;
      expect(snapshot?.score, `account ${id}`).toBe(expected.score);
      expect(snapshot?.components, `account ${id}`).toEqual(
        Object.fromEntries(expected.components.map((c) => [c.key, Math.round(c.score)])),
      );
    }
    expect(scored).toBeGreaterThan(200);
  });

  it("keeps an account red while it hovers just above the line", async () => {
    // Only NPS: the score is NPS's mapping alone. NPS -3 → 38 (red), 2 → 42, 10 → 52.
    const hovering = await givenAccount("HOVER", [
      { daysAgo: 2, values: { nps: -3 } },
      { daysAgo: 1, values: { nps: 2 } },
    ]);
    const recovering = await givenAccount("RECOVER", [
      { daysAgo: 2, values: { nps: -3 } },
      { daysAgo: 1, values: { nps: 10 } },
    ]);

    for (const daysAgo of [2, 1]) await runSnapshot(t.db.prisma, model, addDays(today, -daysAgo));

    expect((await snapshotsOf(hovering)).map((s) => [s.score, s.band])).toEqual([
      [38, "red"],
      [42, "red"],
    ]);
    expect((await snapshotsOf(recovering)).map((s) => [s.score, s.band])).toEqual([
      [38, "red"],
      [52, "yellow"],
    ]);
  });
});

describe("staleness", () => {
  it("starts the same day in SQL as in the score: the day after the model's freshness limit", async () => {
    const limit = model.freshness.staleAfterDays;
    const fresh = await givenAccount("FRESH", [{ daysAgo: limit, values: { nps: 40 } }]);
    const stale = await givenAccount("STALE", [{ daysAgo: limit + 1, values: { nps: 40 } }]);
    const none = await givenAccount("NONE", []);

    const inSql = await t.db.prisma.$queryRawUnsafe<{ id: number; stale: boolean }[]>(
      `SELECT id, ${staleSql("a.id", "$1::date")} AS stale FROM accounts a ORDER BY id`,
      staleBeforeParam(model, today),
    );
    const inScore = [limit, limit + 1].map(
      (daysAgo) =>
        scoreHealth({ nps: { value: 40, date: addDays(today, -daysAgo) } }, model, today)!.staleSignals,
    );

    expect(inSql).toEqual([
      { id: fresh, stale: false },
      { id: stale, stale: true },
      { id: none, stale: true },
    ]);
    expect(inScore).toEqual([[], ["nps"]]);
  });
});

describe("loadHealthCard", () => {
  it("explains a month's decline by component, from the metric history", async () => {
    const id = await givenAccount("ACME", [
      { daysAgo: 30, values: { active_users: 244, licensed_seats: 400, p1_tickets_30d: 0, nps: 40 } },
      { daysAgo: 0, values: { active_users: 136, p1_tickets_30d: 1 } },
    ]);

    const card = (await loadHealthCard(t.db.query, model, id, today))!;

    expect(card.changes.days30!.delta).toBeLessThan(-10);
    expect(card.changes.days30!.components.map((c) => c.key).slice(0, 2)).toEqual(["usage", "support"]);
    // NPS was not re-measured: the card still uses last month's reading.
    expect(card.health!.components.find((c) => c.key === "sentiment")!.signals[0]).toMatchObject({
      value: 40,
      stale: true,
    });
  });

  it("shows a model change as a model change, not as the customer's", async () => {
    const id = await givenAccount("STEADY", [
      { daysAgo: 10, values: { nps: 20, csat: 80, open_tickets: 2 } },
    ]);
    const spec = structuredClone(DEFAULT_MODEL_SPEC);
    spec.components.find((c) => c.key === "support")!.weight = 60;
    const newModel = buildHealthModel(spec);
    await runSnapshot(t.db.prisma, model, addDays(today, -7));
    await runSnapshot(t.db.prisma, newModel, today);

    const card = (await loadHealthCard(t.db.query, newModel, id, today))!;
    const [before, after] = await snapshotsOf(id);

    expect(after!.score).not.toBe(before!.score);
    expect(before!.modelVersion).not.toBe(after!.modelVersion);
    expect(card.modelChangedAfter).toEqual(addDays(today, -7));
    expect(card.changes.days7!.delta).toBe(0);
  });

  it("counts the account's open contract requests", async () => {
    const id = await givenAccount("PAPER", [{ daysAgo: 0, values: { nps: 50 } }]);
    const base = { accountId: id, type: "renewal", requesterId: "U0CSM0001", slaDueAt: today };
    await t.db.prisma.contractRequest.createMany({
      data: [
        { ...base, number: 1001, status: "submitted" },
        { ...base, number: 1002, status: "in_review" },
        { ...base, number: 1003, status: "approved" },
      ],
    });

    expect((await loadHealthCard(t.db.query, model, id, today))!.openRequests).toBe(2);
  });

  it("records each snapshot's previous band and day and its newest sample's day, read as the look-ups would find them", async () => {
    // Scored 5 days ago (from the sample 9 days ago), then today (from the one 2 days ago).
    const a = await givenAccount("PREV", [
      { daysAgo: 9, values: { nps: -60, csat: 20 } },
      { daysAgo: 2, values: { nps: 50, csat: 95 } },
    ]);
    // Only a sample 20 days old: scored, but stale (the model's data is stale after 14 days).
    const b = await givenAccount("STALE", [{ daysAgo: 20, values: { nps: 10, csat: 70 } }]);
    await runSnapshot(t.db.prisma, model, addDays(today, -5));
    await runSnapshot(t.db.prisma, model, today);

    const earlier = (await snapshotsOf(a))[0]!;
    const [, todays] = await snapshotsOf(a);
    expect(todays).toMatchObject({
      previousBand: earlier.band,
      previousDate: addDays(today, -5),
      measuredOn: addDays(today, -2),
    });
    expect(earlier).toMatchObject({ previousBand: null, previousDate: null, measuredOn: addDays(today, -9) });
    const [staleBefore, stale] = await snapshotsOf(b);
    expect(stale).toMatchObject({
      previousBand: staleBefore!.band,
      previousDate: addDays(today, -5),
      measuredOn: addDays(today, -20),
    });

    // The sweep and the digest read them as recorded; on a snapshot written before they were
    // recorded, they look them up: the same answers.
    const sql = driverOf(t.db.prisma);
    const recorded = (await loadSweepSlice(sql, model, today, [7, 30])).subjects;
    await t.db.query(
      "UPDATE health_snapshots SET previous_band = NULL, previous_date = NULL, measured_on = NULL",
    );
    const lookedUp = (await loadSweepSlice(sql, model, today, [7, 30])).subjects;
    expect(recorded).toEqual(lookedUp);
    const byId = new Map(recorded.map((s) => [s.accountId, s]));
    expect(byId.get(a)).toMatchObject({
      stale: false,
      previous: { band: earlier.band, day: addDays(today, -5) },
    });
    expect(byId.get(b)).toMatchObject({
      stale: true,
      previous: { band: staleBefore!.band, day: addDays(today, -5) },
    });
  });

  it("records a missed day scored afterwards as the next snapshot's previous one", async () => {
    const a = await givenAccount("LATE", [
      { daysAgo: 9, values: { nps: -60, csat: 20 } },
      { daysAgo: 1, values: { nps: 50, csat: 95 } },
    ]);
    await runSnapshot(t.db.prisma, model, addDays(today, -5));
    await runSnapshot(t.db.prisma, model, today);
    // Yesterday's run was missed, and is scored now.
    await runSnapshot(t.db.prisma, model, addDays(today, -1));

    const [, yesterday, todays] = await snapshotsOf(a);
    expect(todays).toMatchObject({ previousBand: yesterday!.band, previousDate: addDays(today, -1) });
    expect(yesterday).toMatchObject({ previousDate: addDays(today, -5) });
    const sql = driverOf(t.db.prisma);
    const recorded = (await loadSweepSlice(sql, model, today, [7, 30], undefined, [7])).subjects;
    await t.db.query(
      "UPDATE health_snapshots SET previous_band = NULL, previous_date = NULL, measured_on = NULL",
    );
    expect((await loadSweepSlice(sql, model, today, [7, 30], undefined, [7])).subjects).toEqual(recorded);
  });
});
