import { describe, expect, it } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import { arrSeries } from "../../src/digest/chart.js";
import { loadDigestInput } from "../../src/digest/job.js";
import { loadArrRows, weeklyDigestChart } from "../../src/digest/weekly-chart.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import type { FxRates } from "../../src/money.js";
import { enqueue } from "../../src/slack/outbox.js";
import { addDays, isoDay } from "../../src/time.js";
import { useDatabase } from "../support/harness.js";

/** The weekly chart's one aggregate read, on the real database. */

const t = useDatabase({ resetEachTest: true });
const today = new Date("2026-11-23T00:00:00Z");
const fx: FxRates = { currency: "USD", rates: { EUR: [{ date: "2026-01-01", rate: 1.1 }] } };

/** Accounts and their bands on days back from today. */
async function given(
  accounts: { id: string; arr: number; currency: string; bands: Record<number, string> }[],
) {
  await upsertAccounts(
    t.db.prisma,
    accounts.map((a) => ({ line: 0, externalId: a.id, name: a.id, arr: a.arr, currency: a.currency })),
    ["arr", "currency"],
  );
  for (const a of accounts) {
    const { id } = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: a.id } });
    for (const [back, band] of Object.entries(a.bands))
      await t.db.prisma.$executeRawUnsafe(
        `INSERT INTO health_snapshots (account_id, date, score, band, components, model_version)
         VALUES ($1, $2::date, 50, $3, '{}'::jsonb, 'v1')`,
        id,
        isoDay(addDays(today, -Number(back))),
        band,
      );
  }
}

describe("the weekly chart's read", () => {
  it("sums red and yellow ARR per day and currency, knows the all-green days, and ignores days outside the window", async () => {
    await given([
      {
        id: "RED-USD",
        arr: 100_000,
        currency: "USD",
        bands: { 0: "red", 7: "red", 14: "yellow", 95: "red" },
      },
      { id: "RED-EUR", arr: 20_000, currency: "EUR", bands: { 0: "red", 7: "green", 14: "green" } },
      { id: "YELLOW-USD", arr: 30_000, currency: "USD", bands: { 0: "yellow", 7: "yellow", 21: "green" } },
      { id: "GREEN-USD", arr: 900_000, currency: "USD", bands: { 0: "green", 7: "green", 89: "green" } },
    ]);
    const { rows, days } = await loadArrRows(t.db.query, addDays(today, -89), today);

    expect([...days].sort()).toEqual(["2026-08-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]);
    expect(
      rows.sort((x, y) => `${x.day}${x.band}${x.currency}`.localeCompare(`${y.day}${y.band}${y.currency}`)),
    ).toEqual([
      { day: "2026-11-09", band: "yellow", currency: "USD", arr: 100_000 },
      { day: "2026-11-16", band: "red", currency: "USD", arr: 100_000 },
      { day: "2026-11-16", band: "yellow", currency: "USD", arr: 30_000 },
      { day: "2026-11-23", band: "red", currency: "EUR", arr: 20_000 },
      { day: "2026-11-23", band: "red", currency: "USD", arr: 100_000 },
      { day: "2026-11-23", band: "yellow", currency: "USD", arr: 30_000 },
    ]);
    expect(arrSeries(rows, days, fx)?.points).toEqual([
      { day: "2026-08-26", red: 0, yellow: 0 },
      { day: "2026-11-02", red: 0, yellow: 0 },
      { day: "2026-11-09", red: 0, yellow: 100_000 },
      { day: "2026-11-16", red: 100_000, yellow: 30_000 },
      { day: "2026-11-23", red: 122_000, yellow: 30_000 },
    ]);
  });

  it("ends on the digest's own ARR-at-risk total", async () => {
    await given([
      { id: "A", arr: 100_000, currency: "USD", bands: { 0: "red" } },
      { id: "B", arr: 50_000, currency: "EUR", bands: { 0: "red" } },
      { id: "C", arr: 70_000, currency: "USD", bands: { 0: "yellow" } },
    ]);
    const chart = await weeklyDigestChart(t.db.prisma, t.db.query, today, { fx });
    const { digest } = await loadDigestInput(t.db.prisma, t.db.query, defaultHealthModel(), today, today, fx);

    expect(digest.arrAtRisk.converted?.amount).toBe(155_000);
    expect(chart?.view.altText).toContain("$155,000 on 2026-11-23");
  });

  it("reads nothing and gives no chart once the week's chart is enqueued, or without snapshots", async () => {
    expect(await weeklyDigestChart(t.db.prisma, t.db.query, today, { fx })).toBeUndefined();
    await given([{ id: "A", arr: 100_000, currency: "USD", bands: { 0: "red" } }]);
    expect(await weeklyDigestChart(t.db.prisma, t.db.query, today, { fx })).toMatchObject({
      key: "digest-chart:2026-W48",
    });
    await enqueue(t.db.prisma, {
      method: "files.uploadV2",
      channel: "C0DIGEST01",
      message: {},
      dedupeKey: "digest-chart:2026-W48",
    });
    // Thursday of the same week: the week's chart is out.
    expect(await weeklyDigestChart(t.db.prisma, t.db.query, addDays(today, 3), { fx })).toBeUndefined();
    // The next Monday: a new week.
    expect(await weeklyDigestChart(t.db.prisma, t.db.query, addDays(today, 7), { fx })).toBeDefined();
  });
});
