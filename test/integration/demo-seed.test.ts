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
});
