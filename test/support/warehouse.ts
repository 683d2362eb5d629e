import pg from "pg";
import type { WarehouseSource } from "../../src/sync/sources.js";
import { createEmptyPostgresDatabase, testPostgresUrl } from "./database.js";

/**
 * A "warehouse" for the sync tests: a second, real database on the test PostgreSQL server
 * (KUROKO_TEST_DATABASE_URL), with a team's own tables — the CRM's accounts and product usage by
 * day — as a redash query would read them.
 */
export interface TestWarehouse {
  url: string;
  /** Runs SQL on the warehouse (as its owner: the tests' arrange and assert steps). */
  sql<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export async function openTestWarehouse(): Promise<TestWarehouse> {
  const server = testPostgresUrl();
  if (!server) throw new Error("the warehouse tests need KUROKO_TEST_DATABASE_URL");
  const database = await createEmptyPostgresDatabase(server);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(`
    CREATE TABLE crm_accounts (
      account_id text PRIMARY KEY,
      account_name text NOT NULL,
      annual_revenue numeric(14, 2),
      currency_code char(3),
      renews_on date,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE usage_daily (
      account_id text NOT NULL,
      day date NOT NULL,
      active_users bigint,
      seats integer,
      api_calls_30d bigint,
      adoption double precision,
      PRIMARY KEY (account_id, day)
    );
    CREATE TABLE touched (n int);
  `);
  return {
    url: database.url,
    async sql(text, values) {
      return (await client.query(text, values)).rows;
    },
    async drop() {
      await client.end();
      await database.drop();
    },
  };
}

/** A source on the warehouse, as the sources file would give it. */
export function warehouseSource(
  warehouse: TestWarehouse,
  source: Pick<WarehouseSource, "name" | "kind" | "query"> & Partial<WarehouseSource>,
): WarehouseSource {
  return { urlEnv: "WAREHOUSE_URL", url: warehouse.url, columns: {}, timeoutMs: 60_000, ...source };
}
