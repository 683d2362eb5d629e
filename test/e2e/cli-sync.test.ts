import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { type OpenedDatabase, openDatabase } from "../../src/db/database.js";
import { DEFAULT_MODEL_SPEC } from "../../src/health/default-model.js";
import { createEmptyPostgresDatabase, testPostgresUrl } from "../support/database.js";
import { openTestWarehouse, type TestWarehouse } from "../support/warehouse.js";

/**
 * `kuroko sync` against a second, real PostgreSQL database (the team's warehouse), Kuroko's own
 * database on the same server. Runs where KUROKO_TEST_DATABASE_URL is set (CI).
 */
const server = testPostgresUrl();
let dir: string;
let env: Record<string, string>;
let warehouse: TestWarehouse;
let kurokoDb: { url: string; drop(): Promise<void> };
let db: OpenedDatabase;

const SOURCES = `
sources:
  - name: crm
    kind: accounts
    url_env: WAREHOUSE_URL
    # The redash query "Accounts for CS", as it is.
    query: |
      SELECT account_id, account_name, annual_revenue, currency_code AS currency, renews_on
      FROM crm_accounts
      ORDER BY account_id;
    columns:
      account_id: external_id
      account_name: name
      annual_revenue: arr
      renews_on: renewal_date
  - name: usage
    kind: metrics
    url_env: WAREHOUSE_URL
    timeout: 30s
    query: |
      SELECT account_id AS external_id, day AS date, active_users, seats AS licensed_seats, api_calls_30d
      FROM usage_daily
      ORDER BY account_id, day
`;

async function kuroko(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (x) => out.push(x), err: (x) => err.push(x), env });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

beforeAll(async () => {
  if (!server) return;
  dir = mkdtempSync(join(tmpdir(), "kuroko-cli-sync-"));
  warehouse = await openTestWarehouse();
  kurokoDb = await createEmptyPostgresDatabase(server);
  writeFileSync(join(dir, "sources.yaml"), SOURCES);
  // A model declaring the team's own signal.
  writeFileSync(
    join(dir, "model.json"),
    JSON.stringify({
      ...DEFAULT_MODEL_SPEC,
      signals: [{ name: "api_calls_30d", label: "API calls (30 d)", min: 0, integer: true }],
    }),
  );
  env = {
    DATABASE_URL: kurokoDb.url,
    KUROKO_TIMEZONE: "Asia/Tokyo",
    KUROKO_SOURCES_PATH: join(dir, "sources.yaml"),
    HEALTH_MODEL_PATH: join(dir, "model.json"),
    WAREHOUSE_URL: warehouse.url,
  };
  await warehouse.sql(`
    INSERT INTO crm_accounts (account_id, account_name, annual_revenue, currency_code, renews_on) VALUES
      ('001A', '株式会社アクメ', 1200000.50, 'JPY', '2027-03-31'),
      ('001B', 'Globex', 54000, 'USD', NULL);
    INSERT INTO usage_daily (account_id, day, active_users, seats, api_calls_30d) VALUES
      ('001A', '2026-11-22', 12, 20, 4521),
      ('001B', '2026-11-22', 3, 10, 120);
  `);
  expect((await kuroko("migrate")).code).toBe(0);
  db = await openDatabase({ url: kurokoDb.url, dataDir: "unused" });
}, 60_000);
afterAll(async () => {
  await db?.close();
  await kurokoDb?.drop();
  await warehouse?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it.runIf(server)(
  "says what a dry run would write, writes nothing; then fills accounts and metrics",
  {
    timeout: 60_000,
  },
  async () => {
    const dry = await kuroko("sync", "--dry-run");

    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^crm \(accounts\): would write 2 accounts \(2 new, 0 updated\), \d+ ms$/m);
    expect(dry.out).toMatch(/^usage \(metrics\): would write 2 account-days of metrics, \d+ ms$/m);
    expect(dry.out).toMatch(/2 sources\. Dry run: nothing was written\.$/);
    expect(await db.prisma.account.count()).toBe(0);

    const run = await kuroko("sync", "--json");

    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toEqual({
      dryRun: false,
      failed: 0,
      sources: [
        { source: "crm", kind: "accounts", rows: 2, created: 2, updated: 0, ms: expect.any(Number) },
        { source: "usage", kind: "metrics", rows: 2, ms: expect.any(Number) },
      ],
    });
    const samples = await db.prisma.metricSample.findMany({ orderBy: { accountId: "asc" } });
    expect(samples.map((s) => s.metrics)).toEqual([
      { active_users: 12, licensed_seats: 20, api_calls_30d: 4521 },
      { active_users: 3, licensed_seats: 10, api_calls_30d: 120 },
    ]);
  },
);

it.runIf(server)(
  "exits 1 naming the source, row and field when a source is refused",
  {
    timeout: 60_000,
  },
  async () => {
    await warehouse.sql("UPDATE usage_daily SET active_users = -1 WHERE account_id = '001B'");

    const run = await kuroko("sync", "--source", "usage");
    const unknown = await kuroko("sync", "--source", "hubspot");

    expect(run.code).toBe(1);
    expect(run.out).toMatch(
      /^usage \(metrics\): FAILED after \d+ ms, nothing written: Refused: 1 problem; nothing was written\.\n {2}row 1 \(active_users\): /,
    );
    expect(run.out).toMatch(/1 source; 1 failed\.$/);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe('No source is named "hubspot": the sources are crm, usage.');
  },
);
