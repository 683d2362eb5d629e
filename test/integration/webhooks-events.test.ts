import { describe, expect, it } from "vitest";
import { upsertAccounts, upsertMetrics } from "../../src/accounts/repository.js";
import { METRIC_NAMES } from "../../src/accounts/rows.js";
import { DEFAULT_ALERT_RULES } from "../../src/alerts/rules.js";
import { actOnAlert, runAlertSweep } from "../../src/alerts/service.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { runSnapshot } from "../../src/health/snapshot.js";
import { runRenewalReminders } from "../../src/renewals/reminders.js";
import { addDays } from "../../src/time.js";
import type { Webhooks } from "../../src/webhooks/emit.js";
import { useDatabase } from "../support/harness.js";
import { HEALTHY_METRICS } from "../support/metrics.js";

/** The alerts and renewals features report their changes to the endpoints that want them. */
const t = useDatabase({ resetEachTest: true });
const model = defaultHealthModel();
const webhooks: Webhooks = {
  endpoints: [{ name: "crm", url: "http://127.0.0.1:9/unused", events: "*", secret: "x".repeat(16) }],
};
const before = new Date("2026-11-15T00:00:00Z");
const today = new Date("2026-11-22T00:00:00Z");
const after = new Date("2026-11-23T00:00:00Z");
const collapsed = { ...HEALTHY_METRICS, active_users: 40, feature_adoption: 20, open_tickets: 12, nps: -40 };

/** The events enqueued for the endpoint, in order: type and data. */
async function events() {
  const rows = await t.db.prisma.outboxMessage.findMany({
    where: { channel: "webhook:crm" },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => JSON.parse((r.payload as { message: { body: string } }).message.body));
}

describe("events reported by the features", () => {
  it("an alert opened by the sweep, acknowledged from its button, resolved when the account recovers", async () => {
    await upsertAccounts(t.db.prisma, [{ line: 0, externalId: "CRM-0001", name: "Acme Corp" }], []);
    await upsertMetrics(
      t.db.prisma,
      [
        { line: 0, externalId: "CRM-0001", date: before, values: HEALTHY_METRICS },
        { line: 0, externalId: "CRM-0001", date: today, values: collapsed },
        { line: 0, externalId: "CRM-0001", date: after, values: HEALTHY_METRICS },
      ],
      METRIC_NAMES,
    );
    for (const day of [before, today]) await runSnapshot(t.db.prisma, model, day);
    const deps = {
      prisma: t.db.prisma,
      sql: t.db.query,
      model,
      rules: DEFAULT_ALERT_RULES,
      onOutbox: () => {},
      webhooks,
    };

    await runAlertSweep(deps, today, new Date("2026-11-22T06:15:00Z"));
    await runAlertSweep(deps, today, new Date("2026-11-22T07:15:00Z"));
    const alert = await t.db.prisma.alert.findFirstOrThrow();
    await actOnAlert(deps, { id: alert.id }, "U0CSM0001", { kind: "ack" }, new Date("2026-11-22T08:00:00Z"));
    await runSnapshot(t.db.prisma, model, after);
    await runAlertSweep(deps, after, new Date("2026-11-23T06:15:00Z"));

    const sent = await events();
    expect(sent.map((e) => [e.type, e.data.alert.status])).toEqual([
      ["alert.opened", "open"],
      ["alert.acknowledged", "acknowledged"],
      ["alert.resolved", "resolved"],
    ]);
    expect(sent[0].data.account).toEqual({ id: alert.accountId, external_id: "CRM-0001", name: "Acme Corp" });
    expect(sent[1].data.alert.acknowledged_by).toBe("U0CSM0001");
    expect(new Set(sent.map((e) => e.id)).size).toBe(3);
  });

  it("a renewal reminder, once however often the job runs", async () => {
    await upsertAccounts(
      t.db.prisma,
      [
        {
          line: 0,
          externalId: "CRM-0002",
          name: "Globex",
          renewalDate: addDays(today, 60),
          arr: 50_000,
          currency: "USD",
        },
      ],
      ["renewalDate", "arr", "currency"],
    );
    const deps = {
      prisma: t.db.prisma,
      windows: [60, 30],
      calendar: { nextBusinessDay: (d: Date) => addDays(d, 1) },
      onOutbox: () => {},
      webhooks,
    };

    await runRenewalReminders(deps, today);
    await runRenewalReminders(deps, today);

    const sent = await events();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      type: "renewal.reminded",
      data: {
        account: { external_id: "CRM-0002", name: "Globex" },
        renewal: { renewal_date: "2027-01-21", window_days: 60, days_left: 60, arr: 50_000, currency: "USD" },
      },
    });
  });
});
