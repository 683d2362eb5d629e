import { describe, expect, it } from "vitest";
import { buildDemoPortfolio, HISTORY_OFFSETS } from "../../src/accounts/demo-portfolio.js";
import { loadDemoPortfolio } from "../../src/accounts/seed.js";
import { isoDay } from "../../src/time.js";
import { useDatabase } from "../support/harness.js";

const t = useDatabase({ resetEachTest: true });
const today = new Date("2026-04-01T00:00:00Z");

interface StoredAccount {
  external_id: string;
  name: string;
  arr: number;
  currency: string;
  renewal_date: string;
  owner_slack_id: string;
  segment: string;
}

const storedAccounts = () =>
  t.db.query<StoredAccount>(
    `SELECT external_id, name, arr::float8 AS arr, currency, renewal_date::text AS renewal_date,
            owner_slack_id, segment FROM accounts ORDER BY external_id`,
  );
const storedSamples = () =>
  t.db.query<{ external_id: string; date: string }>(
    `SELECT a.external_id, m.date::text AS date FROM metric_samples m JOIN accounts a ON a.id = m.account_id
     ORDER BY a.external_id, m.date`,
  );

describe("seeding the demo portfolio in slices", () => {
  it("writes the accounts and samples the in-memory portfolio holds, a slice per transaction", async () => {
    const count = 250;
    const progress: number[] = [];
    const summary = await loadDemoPortfolio(t.db.prisma, {
      accounts: count,
      today,
      slice: 100,
      onProgress: (done, total) => {
        expect(total).toBe(count * (1 + HISTORY_OFFSETS.length));
        progress.push(done);
      },
    });
    expect(summary).toEqual({
      accounts: count,
      created: count,
      updated: 0,
      samples: count * HISTORY_OFFSETS.length,
    });
    // Each slice of 100 accounts reports its accounts, then its 1,400 samples.
    expect(progress).toContain(100);
    expect(progress).toContain(1_500);
    expect(progress).toContain(1_600);
    expect(progress.at(-1)).toBe(count * (1 + HISTORY_OFFSETS.length));

    const expected = buildDemoPortfolio(count, today);
    const accounts = await storedAccounts();
    expect(accounts).toEqual(
      expected.accounts
        .map((a) => ({
          external_id: a.externalId,
          name: a.name,
          arr: a.arr,
          currency: a.currency,
          renewal_date: isoDay(a.renewalDate!),
          owner_slack_id: a.ownerSlackId,
          segment: a.segment,
        }))
        .sort((a, b) => a.external_id.localeCompare(b.external_id)),
    );
    const samples = await storedSamples();
    expect(samples).toEqual(
      expected.metrics
        .map((m) => ({ external_id: m.externalId, date: isoDay(m.date) }))
        .sort((a, b) => a.external_id.localeCompare(b.external_id) || a.date.localeCompare(b.date)),
    );
  });

  it("changes nothing when run again the same day", async () => {
    await loadDemoPortfolio(t.db.prisma, { accounts: 120, today, slice: 50 });
    const before = [await storedAccounts(), await storedSamples()];
    const again = await loadDemoPortfolio(t.db.prisma, { accounts: 120, today, slice: 50 });
    expect(again).toMatchObject({ accounts: 120, created: 0, updated: 120 });
    expect([await storedAccounts(), await storedSamples()]).toEqual(before);
  });

  it("writes the demo's outcomes with their accounts: churns after a decline, a few while green, renewals", async () => {
    await loadDemoPortfolio(t.db.prisma, { accounts: 400, today, slice: 150 });
    const stored = await t.db.query<{ external_id: string; kind: string; date: string; note: string | null }>(
      `SELECT a.external_id, o.kind, o.date::text AS date, o.note FROM account_outcomes o
       JOIN accounts a ON a.id = o.account_id ORDER BY a.external_id, o.kind, o.date`,
    );
    const expected = buildDemoPortfolio(400, today).outcomes;
    expect(stored).toEqual(
      expected
        .map((o) => ({ external_id: o.externalId, kind: o.kind, date: isoDay(o.date), note: o.note ?? null }))
        .sort(
          (a, b) =>
            a.external_id.localeCompare(b.external_id) ||
            a.kind.localeCompare(b.kind) ||
            a.date.localeCompare(b.date),
        ),
    );
    const kinds = new Set(stored.map((o) => o.kind));
    expect([...kinds].sort()).toEqual(["churned", "downgraded", "expanded", "renewed"]);
    const notes = new Set(stored.filter((o) => o.kind === "churned").map((o) => o.note));
    expect(notes).toContain("did not renew after usage collapsed");
    expect(notes).toContain("acquired; the buyer consolidated vendors");
    // Acme Corp, the demo's account at risk, is still a customer; every outcome is in the past.
    expect(stored.some((o) => o.external_id === "CRM-0001")).toBe(false);
    expect(stored.every((o) => o.date <= isoDay(today))).toBe(true);
    await loadDemoPortfolio(t.db.prisma, { accounts: 400, today, slice: 150 });
    expect(await t.db.query("SELECT count(*)::int AS n FROM account_outcomes")).toEqual([
      { n: stored.length },
    ]);
  });
});
