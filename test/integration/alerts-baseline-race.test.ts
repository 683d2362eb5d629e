import { describe, expect, it } from "vitest";
import { DEFAULT_ALERT_RULES } from "../../src/alerts/rules.js";
import { runAlertSweep } from "../../src/alerts/service.js";
import { seedDemo } from "../../src/demo.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { useDatabase } from "../support/harness.js";

const model = defaultHealthModel();
const today = new Date("2026-11-22T00:00:00Z");
const now = new Date("2026-11-22T06:15:00Z");

const t = useDatabase();

describe("the first sweep's baseline", () => {
  it("is recorded once, with every account it lists, and summarised once when two sweeps run at once", async () => {
    await seedDemo(t.db.prisma, { accounts: 300, today, model });
    const deps = {
      prisma: t.db.prisma,
      sql: t.db.query,
      model,
      rules: DEFAULT_ALERT_RULES,
      channel: "C0ALERTS01",
      onOutbox: () => {},
    };

    const [a, b] = await Promise.all([runAlertSweep(deps, today, now), runAlertSweep(deps, today, now)]);

    const baselines = await t.db.prisma.alertBaseline.findMany();
    expect(baselines).toHaveLength(1);
    const listed = baselines[0]!.accounts as { accountId: number; red: boolean; renewalAtRisk: boolean }[];
    expect(listed.length).toBe(Math.max(a.baseline ?? 0, b.baseline ?? 0));
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((e) => typeof e.accountId === "number" && (e.red || e.renewalAtRisk))).toBe(true);
    expect(
      await t.db.prisma.outboxMessage.count({
        where: { dedupeKey: { startsWith: "alerts:baseline:" }, parentId: null },
      }),
    ).toBe(1);
    // One open alert per account, whichever sweep raised it.
    const alerts = await t.db.prisma.alert.groupBy({ by: ["accountId"], _count: true });
    expect(alerts.every((g) => g._count === 1)).toBe(true);
  });
});
