import { describe, expect, it } from "vitest";
import { composeDigest, type DigestAccount, describeWeakest } from "../../src/digest/compose.js";
import { buildDigestMessages } from "../../src/digest/view.js";
import type { Band } from "../../src/health/model.js";
import { describeTotal } from "../../src/money.js";
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
    score30DaysAgo: i % 7 === 0 ? Math.min(100, ((i * 37) % 100) + 25) : null,
    stale: i % 50 === 0,
  }));
}

describe("the daily digest", () => {
  it("counts bands, adds ARR at risk per currency, and finds the newly at risk and the recovered", () => {
    const accounts = portfolio(10);
    const digest = composeDigest({ day, accounts, overdueRequests: [], reasons: new Map(), now: day });

    expect(digest.counts).toEqual({ green: 6, yellow: 2, red: 2 });
    expect(digest.arrAtRisk).toEqual({ byCurrency: [["USD", accounts[4]!.arr + accounts[9]!.arr]] });
    // Index 4 and 9 are red now (green before); 3 and 8 were red and are yellow now.
    expect(digest.newlyAtRisk.map((a) => a.id).sort((a, b) => a - b)).toEqual([5, 10]);
    expect(digest.recovered.map((a) => a.id).sort((a, b) => a - b)).toEqual([4, 9]);
    expect(digest.stale.map((a) => a.id)).toEqual([1]);
  });

  it("fits Slack's limits for 100,000 accounts: the main message and every thread message", () => {
    const accounts = portfolio(100_000);
    const reasons = new Map(
      accounts.slice(0, 50).map((a) => [
        a.id,
        {
          change: "−18 in 7 days: usage −12 (active users 61% → 34%), support −6 (P1 tickets 0 → 3)",
          weakest:
            "🟥 usage 18/100 (active users 22%, logins per seat (30 d) 1.1), 🟥 support 25/100 (P1 tickets (30 d) 4)",
        },
      ]),
    );
    const digest = composeDigest({ day, accounts, overdueRequests: [], reasons, now: day });

    const { main, thread } = buildDigestMessages(digest, { day, now: day, reasons });

    expect(slackLimitViolations(main)).toEqual([]);
    expect(thread.length).toBeGreaterThan(0);
    expect(thread.length).toBeLessThanOrEqual(10);
    for (const message of thread) expect(slackLimitViolations(message)).toEqual([]);
    expect(JSON.stringify(thread.at(-1))).toContain("kuroko accounts");
  });
});

const one = (id: number, fields: Partial<DigestAccount>): DigestAccount => ({
  id,
  name: `Account ${id}`,
  arr: 100_000,
  currency: "USD",
  renewalDate: null,
  ownerSlackId: null,
  score: 80,
  band: "green",
  previousBand: "green",
  score30DaysAgo: null,
  stale: false,
  ...fields,
});

describe("the digest's 30-day collapses", () => {
  const accounts = [
    one(1, {
      name: "Acme Corp",
      arr: 240_000,
      score: 45,
      band: "yellow",
      previousBand: "yellow",
      score30DaysAgo: 92,
    }),
    one(2, { arr: 300_000, score: 30, band: "red", previousBand: "red", score30DaysAgo: 50 }),
    one(3, { score: 60, band: "yellow", score30DaysAgo: 79 }),
    one(4, { score: 20, band: "red", previousBand: "red", score30DaysAgo: null }),
  ];

  it("lists every account that fell 20 points or more in 30 days, whatever its band, the largest ARR first", () => {
    const digest = composeDigest({ day, accounts, overdueRequests: [], reasons: new Map(), now: day });

    expect(digest.collapses.map((a) => a.id)).toEqual([2, 1]);
  });

  it("takes the threshold as a parameter", () => {
    const digest = composeDigest({
      day,
      accounts,
      overdueRequests: [],
      reasons: new Map(),
      now: day,
      collapsePoints: 15,
    });

    expect(digest.collapses.map((a) => a.id)).toEqual([2, 1, 3]);
  });
});

describe("the digest's ARR at risk", () => {
  const accounts = [
    one(1, { arr: 200_000, band: "red", score: 30 }),
    one(2, { arr: 100_000, currency: "EUR", band: "red", score: 30 }),
    one(3, { arr: 10_000_000, currency: "JPY", band: "red", score: 30 }),
    one(4, { arr: 999_999, band: "yellow", score: 50 }),
  ];
  const fx = {
    currency: "USD",
    rates: {
      EUR: [
        { date: "2026-10-01", rate: 1.05 },
        { date: "2026-11-01", rate: 1.1 },
      ],
      JPY: [{ date: "2026-11-01", rate: 0.0065 }],
    },
  };

  it("is one total in the reporting currency, with the rates' date and the per-currency breakdown", () => {
    const digest = composeDigest({ day, accounts, overdueRequests: [], reasons: new Map(), now: day, fx });

    expect(describeTotal(digest.arrAtRisk)).toBe(
      "≈ $375,000 at rates of 2026-11-01: $200,000 + €100,000 + ¥10,000,000",
    );
  });

  it("lists a currency without a rate apart, unconverted, and says so", () => {
    const noYen = { ...fx, rates: { EUR: fx.rates.EUR } };
    const digest = composeDigest({
      day,
      accounts,
      overdueRequests: [],
      reasons: new Map(),
      now: day,
      fx: noYen,
    });

    expect(describeTotal(digest.arrAtRisk)).toBe(
      "≈ $310,000 at rates of 2026-11-01: $200,000 + €100,000, plus ¥10,000,000 not converted (no JPY rate on or before 2026-11-23)",
    );
  });

  it("without rates, is today's per-currency sums", () => {
    const digest = composeDigest({ day, accounts, overdueRequests: [], reasons: new Map(), now: day });

    expect(describeTotal(digest.arrAtRisk)).toBe("$200,000 + €100,000 + ¥10,000,000");
  });
});

describe("why an account is at risk", () => {
  const model = { bands: { red: 40, green: 70, margin: 5 } };
  const signal = (label: string, value: number, score: number) => ({
    signal: label === "active users" ? ("active_user_ratio" as const) : ("p1_tickets_30d" as const),
    label,
    unit: label === "active users" ? "%" : "",
    value,
    score,
    date: day,
    stale: false,
  });

  it("names its weakest components, worst first, with the readings that pull each down", () => {
    const why = describeWeakest(
      {
        components: [
          { key: "billing", label: "Billing", score: 100, share: 0.2, contribution: 20, signals: [] },
          {
            key: "support",
            label: "Support",
            score: 52,
            share: 0.3,
            contribution: 15.6,
            signals: [signal("P1 tickets (30 d)", 3, 52)],
          },
          {
            key: "usage",
            label: "Usage",
            score: 18,
            share: 0.5,
            contribution: 9,
            signals: [signal("active users", 22, 18)],
          },
        ],
      },
      model,
    );

    expect(why).toBe("🟥 usage 18/100 (active users 22%), 🟨 support 52/100 (P1 tickets (30 d) 3)");
  });
});
