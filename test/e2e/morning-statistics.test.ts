import { describe, expect, it } from "vitest";
import { ANALYZE_AFTER_ROWS } from "../../src/db/statistics.js";
import { seedDemo } from "../../src/demo.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { runJob } from "../../src/jobs/runner.js";
import { jobNamed } from "../../src/jobs/schedule.js";
import { useApp } from "../support/harness.js";

/**
 * A first morning on a database whose planner statistics were taken while the alerts and
 * reminders tables were empty (a new install; or, as measured at a million accounts, a table
 * analysed between two mornings). The morning DM then marked 80,000 alerts told by a nested
 * loop planned for an empty table: over ten minutes in one transaction. The jobs that fill those
 * tables in bulk refresh their statistics, so that whatever reads them next is planned for what
 * is there.
 */

const model = defaultHealthModel();
const today = new Date("2026-11-22T00:00:00Z");
const now = new Date("2026-11-22T06:15:00Z");

const t = useApp({
  now,
  seed: async (db) => {
    await seedDemo(db.prisma, { accounts: 2_000, today, model });
  },
});

/** What the planner believes a table holds. */
async function plannedRows(table: string): Promise<number> {
  const [row] = await t.db.query<{ n: number }>(
    "SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass($1)",
    [`public.${table}`],
  );
  return Number(row!.n);
}

describe("a first morning's bulk writes", () => {
  it("leave the planner statistics of what they wrote, so the morning DM is planned for it", async () => {
    await t.db.prisma.$executeRawUnsafe("ANALYZE alerts, renewal_reminders");
    expect(await plannedRows("alerts")).toBeLessThanOrEqual(0);
    expect(await plannedRows("renewal_reminders")).toBeLessThanOrEqual(0);

    for (const job of ["alerts", "renewals"] as const)
      await runJob(jobNamed(job), t.app.kuroko.jobDeps, { now });

    const alerts = await t.db.prisma.alert.count();
    const reminders = await t.db.prisma.renewalReminder.count();
    // The portfolio is large enough for both jobs to write in bulk.
    expect(alerts).toBeGreaterThanOrEqual(ANALYZE_AFTER_ROWS);
    expect(reminders).toBeGreaterThanOrEqual(ANALYZE_AFTER_ROWS);
    expect(await plannedRows("alerts")).toBe(alerts);
    expect(await plannedRows("renewal_reminders")).toBe(reminders);

    await runJob(jobNamed("morning"), t.app.kuroko.jobDeps, { now });
    expect(
      await t.db.prisma.alert.count({ where: { ownerNotifiedAt: null, status: { not: "resolved" } } }),
    ).toBe(0);
  });
});
