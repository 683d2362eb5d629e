import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { applyMigrations, readMigrations } from "../../src/db/migrate.js";

/** The migration to declared signals moves every stored metric into `metrics`, losing none. */
describe("the declared-signals migration", () => {
  it("moves each sample's values into metrics by name, leaving out what was not measured", async () => {
    const pg = new PGlite();
    const runner = {
      exec: async (sql: string) => {
        await pg.exec(sql);
      },
      query: async <T>(sql: string, params?: unknown[]) => (await pg.query<T>(sql, params)).rows,
    };
    try {
      const all = readMigrations();
      const at = all.findIndex((m) => m.name.endsWith("_declared_signals"));
      expect(at).toBeGreaterThan(0);
      await applyMigrations(runner, all.slice(0, at));
      await pg.exec(`
        INSERT INTO accounts (external_id, name, updated_at) VALUES ('A-1', 'Acme', now());
        INSERT INTO metric_samples (account_id, date, active_users, licensed_seats, logins_30d, feature_adoption,
          open_tickets, p1_tickets_30d, nps, csat, days_since_last_touch, days_overdue)
        VALUES (1, '2026-11-01', 40, 50, 300, 61.5, 2, 0, -20, 88.5, 3, 0),
               (1, '2026-11-02', NULL, NULL, NULL, NULL, NULL, NULL, 35, NULL, NULL, NULL);`);

      await applyMigrations(runner, all);

      const rows = await runner.query<{ date: string; metrics: unknown }>(
        "SELECT to_char(date, 'YYYY-MM-DD') AS date, metrics FROM metric_samples ORDER BY date",
      );
      expect(rows).toEqual([
        {
          date: "2026-11-01",
          metrics: {
            active_users: 40,
            licensed_seats: 50,
            logins_30d: 300,
            feature_adoption: 61.5,
            open_tickets: 2,
            p1_tickets_30d: 0,
            nps: -20,
            csat: 88.5,
            days_since_last_touch: 3,
            days_overdue: 0,
          },
        },
        { date: "2026-11-02", metrics: { nps: 35 } },
      ]);
    } finally {
      await pg.close();
    }
  });
});
