import { describe, expect, it } from "vitest";
import { composeDigest, type DigestAccount } from "../../src/digest/compose.js";
import { buildDigestMessages } from "../../src/digest/view.js";
import type { Band } from "../../src/health/model.js";
import { slackLimitViolations } from "../../src/slack/limits.js";

const day = new Date("2026-11-23T00:00:00Z");
const BANDS: Band[] = ["green", "green", "green", "yellow", "red"];

function portfolio(size: number): DigestAccount[] {
  return Array.from({ length: size }, (_, i) => ({
    id: i + 1,
    name: `Account ${i} ${"with a long legal name ".repeat(2)}`,
    arr: 1_000 + ((i * 7919) % 500_000),
    currency: i % 10 === 0 ? "JPY" : "USD",
    renewalDate: new Date(day.getTime() + (i % 400) * 86_400_000),
    ownerSlackId: `U0CSM000${i % 6}`,
    score: (i * 37) % 100,
    band: BANDS[i % BANDS.length]!,
    previousBand: BANDS[(i + 1) % BANDS.length]!,
    stale: i % 50 === 0,
  }));
}

describe("the daily digest", () => {
  it("counts bands, adds ARR at risk per currency, and finds the newly at risk and the recovered", () => {
    const accounts = portfolio(10);
    const digest = composeDigest({ day, accounts, overdueRequests: [], why: new Map(), now: day });

    expect(digest.counts).toEqual({ green: 6, yellow: 2, red: 2 });
    expect(digest.arrAtRisk).toEqual({ USD: accounts[4]!.arr + accounts[9]!.arr });
    // Index 4 and 9 are red now (green before); 3 and 8 were red and are yellow now.
    expect(digest.newlyAtRisk.map((a) => a.id).sort((a, b) => a - b)).toEqual([5, 10]);
    expect(digest.recovered.map((a) => a.id).sort((a, b) => a - b)).toEqual([4, 9]);
    expect(digest.stale.map((a) => a.id)).toEqual([1]);
  });

  it("fits Slack's limits for 100,000 accounts: the main message and every thread message", () => {
    const accounts = portfolio(100_000);
    const why = new Map(
      accounts
        .slice(0, 50)
        .map((a) => [
          a.id,
          "−18 in 7 days: usage −12 (active users 61% → 34%), support −6 (P1 tickets 0 → 3)",
        ]),
    );
    const digest = composeDigest({ day, accounts, overdueRequests: [], why, now: day });

    const { main, thread } = buildDigestMessages(digest, { day, why });

    expect(slackLimitViolations(main)).toEqual([]);
    expect(thread.length).toBeGreaterThan(0);
    expect(thread.length).toBeLessThanOrEqual(10);
    for (const message of thread) expect(slackLimitViolations(message)).toEqual([]);
    expect(JSON.stringify(thread.at(-1))).toContain("kuroko accounts");
  });
});
