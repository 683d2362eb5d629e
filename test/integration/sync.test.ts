import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { DEFAULT_POLICY } from "../../src/contracts/state.js";
import { DEFAULT_MODEL_SPEC } from "../../src/health/default-model.js";
import { buildHealthModel } from "../../src/health/model.js";
import { standaloneSlack } from "../../src/jobs/deps.js";
import { runJob, startScheduler } from "../../src/jobs/runner.js";
import { JOBS, jobNamed } from "../../src/jobs/schedule.js";
import { createLogger } from "../../src/log.js";
import { slackOwnerLookup } from "../../src/slack/owner-lookup.js";
import { runSync } from "../../src/sync/run.js";
import { selectSources, type WarehouseSource } from "../../src/sync/sources.js";
import { wire } from "../../src/wiring.js";
import { testPostgresUrl } from "../support/database.js";
import { FakeSlack } from "../support/fake-slack.js";
import { useDatabase } from "../support/harness.js";
import { openTestWarehouse, type TestWarehouse, warehouseSource } from "../support/warehouse.js";

/**
 * The warehouse pull against a second, real PostgreSQL database (the team's CRM and usage
 * tables). Runs where KUROKO_TEST_DATABASE_URL names a server (CI); skipped on a fresh clone
 * without one. The parts that need no database are in test/unit/sync.test.ts.
 */
const t = useDatabase({ resetEachTest: true });
let warehouse: TestWarehouse;
const onPostgres = Boolean(testPostgresUrl());

const model = buildHealthModel({
  ...DEFAULT_MODEL_SPEC,
  signals: [{ name: "api_calls_30d", label: "API calls (30 d)", min: 0, integer: true }],
});
const deps = () => ({ prisma: t.db.prisma, model, timezone: "Asia/Tokyo" });

/** The redash query "Accounts for CS", its column names mapped to Kuroko's. */
const crm = () =>
  warehouseSource(warehouse, {
    name: "crm",
    kind: "accounts",
    query: `-- Accounts for CS (redash #12)
      SELECT account_id, account_name, annual_revenue, currency_code AS currency, renews_on
      FROM crm_accounts ORDER BY account_id`,
    columns: {
      account_id: "external_id",
      account_name: "name",
      annual_revenue: "arr",
      renews_on: "renewal_date",
    },
  });

const usage = (query?: string) =>
  warehouseSource(warehouse, {
    name: "usage",
    kind: "metrics",
    query:
      query ??
      `SELECT account_id AS external_id, day AS date, active_users, seats AS licensed_seats,
              api_calls_30d, adoption AS feature_adoption
       FROM usage_daily ORDER BY account_id, day`,
  });

async function seedWarehouse() {
  await warehouse.sql(`
    INSERT INTO crm_accounts (account_id, account_name, annual_revenue, currency_code, renews_on) VALUES
      ('001A', '株式会社アクメ', 1200000.50, 'JPY', '2027-03-31'),
      ('001B', 'Globex', 54000, 'USD', NULL);
    INSERT INTO usage_daily VALUES
      ('001A', '2026-11-21', 12, 20, 4521, 37.5),
      ('001A', '2026-11-22', 13, 20, NULL, 40),
      ('001B', '2026-11-22', 3, 10, 120, NULL);
  `);
}

const metricsOf = async (externalId: string) =>
  (
    await t.db.prisma.metricSample.findMany({
      where: { account: { externalId } },
      orderBy: { date: "asc" },
    })
  ).map((m) => [m.date.toISOString().slice(0, 10), m.metrics]);

beforeAll(async () => {
  if (onPostgres) warehouse = await openTestWarehouse();
});
afterAll(async () => {
  await warehouse?.drop();
});
beforeEach(async () => {
  await warehouse?.sql("TRUNCATE crm_accounts, usage_daily, touched");
});

describe.runIf(onPostgres)("pulling from a warehouse (a second PostgreSQL database)", () => {
  it("fills accounts and metrics, a model's declared signal included, from the team's own queries", async () => {
    await seedWarehouse();

    const summary = await runSync(deps(), selectSources([usage(), crm()]));

    expect(summary.failed).toBe(0);
    expect(summary.sources.map(({ ms: _, ...r }) => r)).toEqual([
      { source: "crm", kind: "accounts", rows: 2, created: 2, updated: 0 },
      { source: "usage", kind: "metrics", rows: 3, created: undefined, updated: undefined },
    ]);
    const acme = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "001A" } });
    expect([acme.name, acme.arr.toString(), acme.currency, acme.renewalDate?.toISOString()]).toEqual([
      "株式会社アクメ",
      "1200000.5",
      "JPY",
      "2027-03-31T00:00:00.000Z",
    ]);
    expect(await metricsOf("001A")).toEqual([
      ["2026-11-21", { active_users: 12, licensed_seats: 20, api_calls_30d: 4521, feature_adoption: 37.5 }],
      // A NULL is "not measured": absent, never zero.
      ["2026-11-22", { active_users: 13, licensed_seats: 20, feature_adoption: 40 }],
    ]);
    expect(await metricsOf("001B")).toEqual([
      ["2026-11-22", { active_users: 3, licensed_seats: 10, api_calls_30d: 120 }],
    ]);
  });

  it("finds an owner named by e-mail in Slack, as the CRM import does", async () => {
    const fake = await new FakeSlack().start();
    try {
      fake.users.set("U0CSM0001", {
        name: "hana.sato",
        realName: "Hana Sato",
        email: "hana.sato@example.com",
      });
      const config = loadConfig({
        env: { KUROKO_DATA_DIR: "unused", SLACK_BOT_TOKEN: "xoxb-test", SLACK_API_URL: fake.apiUrl },
      });
      const owned = warehouseSource(warehouse, {
        name: "crm",
        kind: "accounts",
        query: "SELECT '001A' AS external_id, 'Acme' AS name, 'hana.sato@example.com' AS owner_email",
      });

      const summary = await runSync({ ...deps(), ownerLookup: slackOwnerLookup(config) }, [owned]);

      expect(summary.failed).toBe(0);
      const acme = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "001A" } });
      expect(acme.ownerSlackId).toBe("U0CSM0001");
    } finally {
      await fake.stop();
    }
  });

  it("reads a timestamptz as its day in the team's time zone", async () => {
    await seedWarehouse();
    await runSync(deps(), [crm()]);

    await runSync(deps(), [
      usage(`SELECT '001A' AS external_id, timestamptz '2026-11-22 20:30:00+00' AS date, 5 AS active_users`),
    ]);

    expect(await metricsOf("001A")).toEqual([["2026-11-23", { active_users: 5 }]]);
  });

  it("refuses a source with a bad row, naming the row and field, writing nothing for it; the next source still lands", async () => {
    await seedWarehouse();
    await warehouse.sql(`
      UPDATE usage_daily SET active_users = -3 WHERE account_id = '001A' AND day = '2026-11-22';
      INSERT INTO usage_daily VALUES ('001Z', '2026-11-22', 1, 1, 1, 1);
    `);

    const summary = await runSync(deps(), selectSources([usage(), crm()]));

    expect(summary.failed).toBe(1);
    const [accounts, metrics] = summary.sources;
    expect(accounts).toMatchObject({ source: "crm", rows: 2, created: 2 });
    expect(accounts?.error).toBeUndefined();
    expect(metrics).toMatchObject({ source: "usage", rows: 0 });
    expect(metrics?.error).toMatch(
      /^Refused: 2 problems; nothing was written\.\n {2}row 1 \(active_users\): /,
    );
    expect(metrics?.problems).toEqual([
      { index: 1, field: "active_users", reason: expect.stringMatching(/whole number/) },
      { index: 3, field: "external_id", reason: expect.stringMatching(/no account has external_id "001Z"/) },
    ]);
    expect(await t.db.prisma.account.count()).toBe(2);
    expect(await t.db.prisma.metricSample.count()).toBe(0);
  });

  it("reads a result larger than one fetch, naming a bad row by its place in the whole result", async () => {
    await warehouse.sql(`INSERT INTO crm_accounts (account_id, account_name) VALUES ('001A', 'Acme')`);
    await warehouse.sql(`
      INSERT INTO usage_daily (account_id, day, active_users)
      SELECT '001A', date '2000-01-01' + i, CASE WHEN i = 11000 THEN -1 ELSE i % 50 END
      FROM generate_series(0, 12000) AS i`);
    await runSync(deps(), [crm()]);
    const daily = usage(
      "SELECT account_id AS external_id, day AS date, active_users FROM usage_daily ORDER BY day",
    );

    const refused = await runSync(deps(), [daily]);
    await warehouse.sql("UPDATE usage_daily SET active_users = 1 WHERE active_users < 0");
    const pulled = await runSync(deps(), [daily]);

    expect(refused.sources[0]?.problems).toEqual([
      { index: 11000, field: "active_users", reason: expect.any(String) },
    ]);
    expect(pulled.sources[0]).toMatchObject({ rows: 12001 });
    expect(pulled.sources[0]?.error).toBeUndefined();
    expect(await t.db.prisma.metricSample.count()).toBe(12001);
  });

  it("stops a query at its statement time-out and says so", async () => {
    const slow = warehouseSource(warehouse, {
      name: "slow",
      kind: "accounts",
      query: "SELECT '001A' AS external_id, 'Acme' AS name FROM pg_sleep(5)",
      timeoutMs: 1_000,
    });

    const summary = await runSync(deps(), [slow]);

    expect(summary.sources[0]?.error).toMatch(/^timed out: the query ran past its 1 s time-out/);
    expect(summary.sources[0]?.ms).toBeLessThan(4_000);
    expect(await t.db.prisma.account.count()).toBe(0);
  });

  it("runs a query read-only: a write through a function, or a second statement, is refused", async () => {
    await seedWarehouse();
    await warehouse.sql(
      "CREATE FUNCTION touch() RETURNS int LANGUAGE sql AS 'INSERT INTO touched VALUES (1) RETURNING 1'",
    );
    const writing = warehouseSource(warehouse, {
      name: "sneaky",
      kind: "accounts",
      query: "SELECT '001A' AS external_id, 'Acme' AS name, touch()::text AS segment",
    });
    // Past the file's check (built here directly): the driver sends one statement only.
    const twoStatements = warehouseSource(warehouse, {
      name: "two",
      kind: "accounts",
      query: "SELECT '001A' AS external_id, 'Acme' AS name; DELETE FROM crm_accounts",
    });

    const summary = await runSync(deps(), [writing, twoStatements]);

    expect(summary.sources[0]?.error).toMatch(
      /^the query tried to write \(cannot execute INSERT in a read-only transaction\)/,
    );
    expect(summary.sources[1]?.error).toMatch(/^the query failed/);
    expect(await warehouse.sql("SELECT * FROM touched")).toEqual([]);
    expect(await warehouse.sql("SELECT count(*)::int AS n FROM crm_accounts")).toEqual([{ n: 2 }]);
    expect(await t.db.prisma.account.count()).toBe(0);
  });

  it("reports a database it cannot reach, and still runs the other sources", async () => {
    await seedWarehouse();
    const unreachable = { ...crm(), name: "old-crm", url: "postgresql://kuroko@127.0.0.1:1/crm" };

    const summary = await runSync(deps(), [unreachable, crm()]);

    expect(summary.sources[0]?.error).toMatch(/^cannot reach the database in WAREHOUSE_URL: .*ECONNREFUSED/);
    expect(summary.sources[0]?.error).not.toContain("postgresql://");
    expect(summary.sources[1]).toMatchObject({ source: "crm", rows: 2 });
  });

  it("on a dry run, runs every query and check (metrics seeing the accounts before them) and writes nothing", async () => {
    await seedWarehouse();

    const tickets = {
      ...usage("SELECT account_id AS external_id, day AS date, 2 AS open_tickets FROM usage_daily"),
      name: "tickets",
    };

    const summary = await runSync(deps(), selectSources([usage(), crm(), tickets]), { dryRun: true });

    expect(summary.dryRun).toBe(true);
    expect(summary.sources.map((r) => [r.source, r.rows, r.created, r.error])).toEqual([
      ["crm", 2, 2, undefined],
      ["usage", 3, undefined, undefined],
      ["tickets", 3, undefined, undefined],
    ]);
    expect(await t.db.prisma.account.count()).toBe(0);
    expect(await t.db.prisma.metricSample.count()).toBe(0);
  });
});

describe.runIf(onPostgres)("the sync job", () => {
  /** 09:00 in Tokyo: the day's sync slot (05:00) has passed. */
  const now = new Date("2026-11-23T00:00:00Z");
  const jobDeps = (sources: WarehouseSource[]) => {
    const logger = createLogger("error", () => {});
    const config = loadConfig({ env: { KUROKO_TIMEZONE: "Asia/Tokyo", KUROKO_DATA_DIR: "unused" } });
    const wired = wire({
      config,
      db: t.db,
      logger,
      model,
      policy: DEFAULT_POLICY,
      clock: () => now,
      ...standaloneSlack(config, t.db, logger),
    });
    return { ...wired.jobs, sources };
  };

  it("pulls once when two runners race for the day's slot", async () => {
    await seedWarehouse();
    const deps = jobDeps([crm(), usage()]);

    const results = await Promise.all(
      ["replica-1", "replica-2"].map((owner) => runJob(jobNamed("sync"), deps, { now, owner })),
    );

    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect(results.find((r) => !r.ran)?.reason).toMatch(/another run/);
    const runs = await t.db.prisma.jobRun.findMany();
    expect(runs.map((r) => [r.job, r.slot, r.status])).toEqual([["sync", "2026-11-22T20:00Z", "done"]]);
    expect(runs[0]?.summary).toMatchObject({
      sources: [
        { source: "crm", rows: 2, created: 2 },
        { source: "usage", rows: 3 },
      ],
    });
    expect(await t.db.prisma.metricSample.count()).toBe(3);
  });

  it("is caught up on start before the portfolio is scored, so the morning's scores use the pulled data", async () => {
    await seedWarehouse();

    const jobs = JOBS.filter((job) => job.name === "snapshot" || job.name === "sync");
    const scheduler = startScheduler(jobs, jobDeps([crm(), usage()]), () => now);
    await scheduler.caughtUp;
    await scheduler.stop();

    const runs = await t.db.prisma.jobRun.findMany({ orderBy: { id: "asc" } });
    expect(runs.map((r) => [r.job, r.status])).toEqual([
      ["sync", "done"],
      ["snapshot", "done"],
    ]);
    expect(await t.db.prisma.healthSnapshot.count()).toBe(2);
  });

  it("marks the run failed, naming the source, when one fails; the others are written", async () => {
    await seedWarehouse();
    const broken = usage("SELECT account_id AS external_id, day AS date, no_such_column FROM usage_daily");

    await expect(runJob(jobNamed("sync"), jobDeps([crm(), broken]), { now })).rejects.toThrow(
      /^sync: 1 of 2 sources failed: usage \(the query failed at character \d+: column "no_such_column" does not exist\)/,
    );

    const runs = await t.db.prisma.jobRun.findMany();
    expect(runs.map((r) => [r.job, r.status])).toEqual([["sync", "failed"]]);
    expect(await t.db.prisma.account.count()).toBe(2);
  });
});
