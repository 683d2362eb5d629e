import { describe, expect, it } from "vitest";
import { upsertAccounts, upsertMetrics } from "../../src/accounts/repository.js";
import { METRIC_NAMES } from "../../src/accounts/rows.js";
import { DEFAULT_ALERT_RULES } from "../../src/alerts/rules.js";
import { runAlertSweep } from "../../src/alerts/service.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { runSnapshot } from "../../src/health/snapshot.js";
import { useDatabase } from "../support/harness.js";
import { HEALTHY_METRICS } from "../support/metrics.js";

const model = defaultHealthModel();
const before = new Date("2026-11-15T00:00:00Z");
const today = new Date("2026-11-22T00:00:00Z");
const collapsed = { ...HEALTHY_METRICS, active_users: 40, feature_adoption: 20, open_tickets: 12, nps: -40 };

const t = useDatabase();

describe("alerts without an alerts channel", () => {
  it("are recorded, unannounced, for the owner's morning DM to carry; nobody is DMed per alert", async () => {
    await upsertAccounts(
      t.db.prisma,
      [{ line: 0, externalId: "CRM-0001", name: "Acme Corp", ownerSlackId: "U0CSM0001" }],
      ["ownerSlackId"],
    );
    await upsertMetrics(
      t.db.prisma,
      [
        { line: 0, externalId: "CRM-0001", date: before, values: HEALTHY_METRICS },
        { line: 0, externalId: "CRM-0001", date: today, values: collapsed },
      ],
      METRIC_NAMES,
    );
    for (const day of [before, today]) await runSnapshot(t.db.prisma, model, day);

    const summary = await runAlertSweep(
      { prisma: t.db.prisma, sql: t.db.query, model, rules: DEFAULT_ALERT_RULES, onOutbox: () => {} },
      today,
      new Date("2026-11-22T06:15:00Z"),
    );

    expect(summary).toMatchObject({ raised: 1, channelMessages: 0 });
    expect(await t.db.prisma.alert.findFirstOrThrow()).toMatchObject({ ownerNotifiedAt: null });
    expect((await t.db.prisma.alert.findFirstOrThrow()).severity).toBeGreaterThan(0);
    expect(await t.db.prisma.outboxMessage.count()).toBe(0);
  });
});
