import { describe, expect, it } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import { composeDigest } from "../../src/digest/compose.js";
import { loadDigestAccounts } from "../../src/digest/repository.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { addDays, isoDay } from "../../src/time.js";
import { useDatabase } from "../support/harness.js";

/** The digest reads only the accounts a list may name, and counts the rest (issue 14). */

const t = useDatabase({ resetEachTest: true });
const model = defaultHealthModel();
const today = new Date("2026-11-22T00:00:00Z");

/** Accounts with snapshots 30 days ago, yesterday and today, and a fresh (or old) sample. */
async function given(
  accounts: { id: string; scores: [number, number, number]; bands: string[]; staleDays?: number }[],
) {
  await upsertAccounts(
    t.db.prisma,
    accounts.map((a) => ({ line: 0, externalId: a.id, name: a.id })),
    [],
  );
  for (const a of accounts) {
    const { id } = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: a.id } });
    for (const [i, back] of [30, 1, 0].entries())
      await t.db.prisma.$executeRawUnsafe(
        `INSERT INTO health_snapshots (account_id, date, score, band, components, model_version)
         VALUES ($1, $2::date, $3, $4, '{}'::jsonb, 'v1')`,
        id,
        isoDay(addDays(today, -back)),
        a.scores[i],
        a.bands[i],
      );
    await t.db.prisma.$executeRawUnsafe(
      `INSERT INTO metric_samples (account_id, date, metrics) VALUES ($1, $2::date, '{"nps": 10}'::jsonb)`,
      id,
      isoDay(addDays(today, -(a.staleDays ?? 0))),
    );
  }
}

describe("the digest's read", () => {
  it("reads every account a list names, counts the healthy ones it names nowhere, and composes the same digest", async () => {
    await given([
      { id: "GREEN-STEADY", scores: [90, 90, 91], bands: ["green", "green", "green"] },
      { id: "GREEN-STEADY-2", scores: [85, 84, 84], bands: ["green", "green", "green"] },
      { id: "GREEN-COLLAPSED", scores: [99, 80, 75], bands: ["green", "green", "green"] },
      { id: "GREEN-RECOVERED", scores: [40, 30, 72], bands: ["red", "red", "green"] },
      { id: "GREEN-STALE", scores: [90, 90, 90], bands: ["green", "green", "green"], staleDays: 60 },
      { id: "YELLOW", scores: [60, 60, 60], bands: ["yellow", "yellow", "yellow"] },
      { id: "RED", scores: [30, 50, 30], bands: ["red", "yellow", "red"] },
    ]);
    const { accounts, counts } = await loadDigestAccounts(t.db.query, model, today);
    expect(counts).toEqual({ red: 1, yellow: 1, green: 5 });
    expect(accounts.map((a) => a.name).sort()).toEqual([
      "GREEN-COLLAPSED",
      "GREEN-RECOVERED",
      "GREEN-STALE",
      "RED",
      "YELLOW",
    ]);
    // The same digest as from every account: the lists and the counts.
    const { accounts: all } = await loadDigestAccounts(t.db.query, model, today, -1_000);
    expect(all).toHaveLength(7);
    const base = { day: today, overdueRequests: [], reasons: new Map(), now: today };
    expect(composeDigest({ ...base, accounts, counts })).toEqual(composeDigest({ ...base, accounts: all }));
  });
});
