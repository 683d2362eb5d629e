import { describe, expect, it } from "vitest";
import { upsertAccounts, upsertMetrics } from "../../src/accounts/repository.js";
import { METRIC_NAMES } from "../../src/accounts/rows.js";
import { DEFAULT_ALERT_RULES } from "../../src/alerts/rules.js";
import { runAlertSweep } from "../../src/alerts/service.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { runSnapshot } from "../../src/health/snapshot.js";
import type { FxRates } from "../../src/money.js";
import { useDatabase } from "../support/harness.js";
import { HEALTHY_METRICS } from "../support/metrics.js";

const model = defaultHealthModel();
const before = new Date("2026-11-15T00:00:00Z");
const today = new Date("2026-11-22T00:00:00Z");
const collapsed = { ...HEALTHY_METRICS, active_users: 40, feature_adoption: 20, open_tickets: 12, nps: -40 };
const yen: FxRates = { currency: "JPY", rates: { USD: [{ date: "2026-11-01", rate: 150 }] } };

const t = useDatabase();

describe("an alert's severity in another reporting currency", () => {
  it("still ranks by ARR with a yen reporting currency: a $12k account below a $416k one", async () => {
    const accounts = [
      {
        line: 0,
        externalId: "SMALL",
        name: "Northwind",
        arr: 12_256,
        currency: "USD",
        ownerSlackId: "U0CSM0001",
      },
      {
        line: 1,
        externalId: "LARGE",
        name: "Silver Media",
        arr: 416_422,
        currency: "USD",
        ownerSlackId: "U0CSM0001",
      },
    ];
    await upsertAccounts(t.db.prisma, accounts, ["arr", "currency", "ownerSlackId"]);
    await upsertMetrics(
      t.db.prisma,
      accounts.flatMap((a) => [
        { line: 0, externalId: a.externalId, date: before, values: HEALTHY_METRICS },
        { line: 0, externalId: a.externalId, date: today, values: collapsed },
      ]),
      METRIC_NAMES,
    );
    for (const day of [before, today]) await runSnapshot(t.db.prisma, model, day);

    await runAlertSweep(
      {
        prisma: t.db.prisma,
        sql: t.db.query,
        model,
        rules: DEFAULT_ALERT_RULES,
        fx: yen,
        onOutbox: () => {},
      },
      today,
      new Date("2026-11-22T06:15:00Z"),
    );

    const alerts = await t.db.prisma.alert.findMany({
      include: { account: true },
      orderBy: { severity: "desc" },
    });
    expect(alerts.map((a) => a.account.name)).toEqual(["Silver Media", "Northwind"]);
    // The same collapse, the same renewal: only the ARR differs, and it counts (¥ or $ alike).
    expect(alerts[0]!.severity - alerts[1]!.severity).toBeGreaterThanOrEqual(10);
  });
});
