import { describe, expect, it } from "vitest";
import type { RequestDetails } from "../../src/contracts/request.js";
import type { AccountContext } from "../../src/health/context.js";
import type { HomeAccount, HomeData } from "../../src/home/service.js";
import { buildHomeView, describeTotalIn } from "../../src/home/view.js";
import { translator } from "../../src/i18n/translate.js";
import { describeTotal, reportTotal } from "../../src/money.js";
import { slackLimitViolations } from "../../src/slack/limits.js";
import { englishWords } from "../support/english-words.js";

const today = new Date("2026-11-23T00:00:00Z");
const now = new Date("2026-11-23T09:00:00Z");
const model = { bands: { red: 40, green: 70, margin: 5 } };

const context = (id: number): AccountContext => ({
  id,
  externalId: `CRM-${id}`,
  name: `Customer ${id} ${"with a long legal name ".repeat(3)}`,
  arr: 100_000 + id,
  currency: "USD",
  renewalDate: new Date("2027-01-06T00:00:00Z"),
  ownerSlackId: "U0CSM0001",
  score: 72,
  band: "yellow",
  paperwork: [{ number: 1000 + id, type: "renewal", status: "submitted", startDate: null }],
});

const request = (id: number): RequestDetails => ({
  id,
  number: 1000 + id,
  type: "renewal",
  status: "submitted",
  priority: "normal",
  amount: null,
  currency: null,
  termMonths: null,
  startDate: null,
  endDate: null,
  dueDate: null,
  links: [],
  notes: null,
  requesterId: "U0CSM0001",
  assigneeId: null,
  approvals: [],
  slaDueAt: new Date("2026-11-20T00:00:00Z"),
  account: { id, name: `Customer ${id}` },
});

const ten = <T>(make: (i: number) => T) => Array.from({ length: 10 }, (_, i) => make(i + 1));
const owned = (id: number): HomeAccount => ({
  id,
  name: `Customer ${id}`,
  score: 72,
  band: "yellow",
  renewalDate: new Date("2027-01-06T00:00:00Z"),
});

/** Everything at its longest: 8 alerted accounts, 10 of each list. */
const full: HomeData = {
  userId: "U0OPS0001",
  atRisk: ten(owned),
  renewals: ten(owned),
  contexts: new Map(ten((i) => [i, context(i)] as const)),
  myRequests: ten(request),
  portfolio: {
    day: "2026-11-23",
    counts: { red: 24, yellow: 46, green: 130 },
    arrAtRisk: reportTotal(
      [
        { amount: 2_270_955, currency: "USD" },
        { amount: 120_363, currency: "EUR" },
      ],
      { currency: "USD", rates: { EUR: [{ date: "2026-11-01", rate: 1.08 }] } },
      "2026-11-23",
    ),
    top: Array.from({ length: 8 }, (_, i) => ({
      context: context(i + 1),
      severity: 90 - i,
      reason: "score fell 47 points in 30 days (92 → 45)",
      openAlerts: 2,
    })),
  },
  waiting: ten(request),
  queue: { unassigned: ten(request), overdue: ten(request) },
};

describe("CS Ops' App Home", () => {
  it("fits every section within Home's 100 blocks, nothing cut off, the portfolio first", () => {
    const view = buildHomeView(full, today, now, { model });

    expect(slackLimitViolations(view, "home")).toEqual([]);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain("*ARR at risk*\\n≈ $2,400,947 at rates of 2026-11-01: $2,270,955 + €120,363");
    expect(text).toContain("🟡 72/100, needs attention (yellow until it reaches 75)");
    expect(text.indexOf("Portfolio")).toBeLessThan(text.indexOf("Waiting on CS Ops"));
    // The last list, the reader's own requests, is all there.
    expect(JSON.stringify(view.blocks.at(-1))).toContain("CR-1010");
  });
});

describe("App Home in the reader's language", () => {
  const fx = { currency: "USD", rates: { EUR: [{ date: "2026-11-01", rate: 1.08 }] } };
  const totals = [
    reportTotal([], fx, "2026-11-23"),
    reportTotal([{ amount: 1_000, currency: "USD" }], undefined, "2026-11-23"),
    reportTotal([{ amount: 1_000, currency: "USD" }], fx, "2026-11-23"),
    reportTotal(
      [
        { amount: 1_000, currency: "USD" },
        { amount: 2_000, currency: "EUR" },
      ],
      fx,
      "2026-11-23",
    ),
    reportTotal(
      [
        { amount: 1_000, currency: "USD" },
        { amount: 3_000, currency: "GBP" },
      ],
      fx,
      "2026-11-23",
    ),
    reportTotal(
      [
        { amount: 2_000, currency: "EUR" },
        { amount: 3_000, currency: "GBP" },
      ],
      fx,
      "2026-11-23",
    ),
    reportTotal([{ amount: 3_000, currency: "GBP" }], fx, "2026-11-23"),
  ];

  it("says a total across currencies in English as describeTotal does, and in Japanese in whole sentences", () => {
    const en = translator("en");
    for (const total of totals) expect(describeTotalIn(total, en)).toBe(describeTotal(total));
    const ja = translator("ja");
    expect(totals.map((total) => describeTotalIn(total, ja))).toEqual([
      "なし",
      "$1,000",
      "$1,000",
      "約$3,160（2026年11月1日(日)のレートで換算：$1,000 + €2,000）",
      "$1,000、ほかに未換算の£3,000（2026年11月23日(月)以前のGBPのレートがありません）",
      "約$2,160（2026年11月1日(日)のレートで換算：€2,000）、ほかに未換算の£3,000（2026年11月23日(月)以前のGBPのレートがありません）",
      "£3,000（2026年11月23日(月)以前のGBPのレートがありません）",
    ]);
  });

  it("draws the full Home for a Japanese reader within the limits, with no English word left", () => {
    const portfolio = full.portfolio!;
    const data: HomeData = {
      ...full,
      portfolio: {
        ...portfolio,
        // The sweep's facts: the reason is said in the reader's language (the recorded sentence is English).
        top: portfolio.top.map((a) => ({
          ...a,
          causes: [{ kind: "decline" as const, lost: 47, days: 30, from: 92, to: 45 }],
        })),
      },
    };
    const view = buildHomeView(data, today, now, { model, locale: "ja" });

    expect(slackLimitViolations(view, "home")).toEqual([]);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain(
      "*解約リスクのARR*\\n約$2,400,947（2026年11月1日(日)のレートで換算：$2,270,955 + €120,363）",
    );
    expect(text).toContain("30日間でスコアが47ポイント低下しました（92 → 45）（未解決のアラート 2件）");
    expect(text).toContain("🔴 解約リスク 24件 · 🟡 要注意 46件 · 🟢 良好 130件");
    const names = ten((i) => [context(i).name, `Customer ${i}`, `CRM-${i}`, `CR-${1000 + i}`]).flat();
    expect(englishWords(view, { names })).toEqual([]);
    // Block ids stay the same whatever the language: the buttons' handlers read none, but Slack wants them unique.
    const ids = view.blocks.flatMap((b) => ("block_id" in b && b.block_id ? [b.block_id] : []));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain("home_waiting_on_you_1");
    expect(ids).toContain("home_overdue_1");
  });
});
