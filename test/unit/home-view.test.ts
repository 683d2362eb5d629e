import { describe, expect, it } from "vitest";
import type { RequestDetails } from "../../src/contracts/request.js";
import type { AccountContext } from "../../src/health/context.js";
import type { HomeAccount, HomeData } from "../../src/home/service.js";
import { buildHomeView } from "../../src/home/view.js";
import { reportTotal } from "../../src/money.js";
import { slackLimitViolations } from "../../src/slack/limits.js";

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
