import { describe, expect, it } from "vitest";
import { upsertAccounts, upsertMetrics } from "../../src/accounts/repository.js";
import { METRIC_NAMES } from "../../src/accounts/rows.js";
import { type HealthCardJson, healthCardSchema } from "../../src/api/schemas.js";
import { addDays } from "../../src/time.js";
import { useApp } from "../support/harness.js";
import { HEALTHY_METRICS } from "../support/metrics.js";

const TOKEN = "etl-token-0123456789abcdefghij";
const today = new Date("2026-11-22T00:00:00Z");
const t = useApp({
  now: new Date("2026-11-22T09:00:00Z"),
  env: { KUROKO_API_TOKENS: `etl:${TOKEN}` },
  seed: async (db) => {
    await upsertAccounts(
      db.prisma,
      [
        {
          line: 0,
          externalId: "CRM 0001/A",
          name: "Acme Corp",
          domain: "acme.com",
          arr: 240_000,
          currency: "USD",
          renewalDate: addDays(today, 45),
          ownerSlackId: "U0CSM0001",
        },
      ],
      ["domain", "arr", "currency", "renewalDate", "ownerSlackId"],
    );
    await upsertMetrics(
      db.prisma,
      [
        { line: 0, externalId: "CRM 0001/A", date: addDays(today, -30), values: HEALTHY_METRICS },
        {
          line: 0,
          externalId: "CRM 0001/A",
          date: today,
          values: { ...HEALTHY_METRICS, active_users: 120, p1_tickets_30d: 2 },
        },
      ],
      METRIC_NAMES,
    );
  },
});

const get = (path: string) =>
  fetch(`${t.app.baseUrl}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });

describe("GET /api/v1/accounts/{external_id}/health", () => {
  it("answers the account's health card as JSON: score, band in words, components, trend, context", async () => {
    const res = await get(`/api/v1/accounts/${encodeURIComponent("CRM 0001/A")}/health`);

    expect(res.status).toBe(200);
    const card = (await res.json()) as HealthCardJson;
    expect(healthCardSchema.safeParse(card).error).toBeUndefined();
    expect(card.account).toEqual({
      external_id: "CRM 0001/A",
      name: "Acme Corp",
      domain: "acme.com",
      arr: 240_000,
      currency: "USD",
      renewal_date: "2027-01-06",
      owner_slack_id: "U0CSM0001",
      segment: null,
    });
    expect(card.as_of).toBe("2026-11-22");
    expect(card.score).toEqual(expect.any(Number));
    expect(["red", "yellow", "green"]).toContain(card.band);
    expect(card.band_meaning).toBe(
      { red: "at risk", yellow: "needs attention", green: "healthy" }[card.band!],
    );
    const usage = card.components.find((c) => c.key === "usage");
    expect(usage?.signals).toContainEqual(
      expect.objectContaining({
        signal: "active_user_ratio",
        value: 30,
        measured_on: "2026-11-22",
        stale: false,
      }),
    );
    expect(card.changes.days_30?.why).toMatch(/in 30 days: usage −\d+ \(active users 75% → 30%/);
    expect(card.trend.at(-1)).toEqual({ date: "2026-11-22", score: card.score });
    expect(card.model.version).toMatch(/\w+/);
    expect(card.alert).toBeNull();
  });

  it("answers 404, in JSON, for an unknown account", async () => {
    const res = await get("/api/v1/accounts/CRM-9999/health");

    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'No account has the external_id "CRM-9999".' });
  });
});
