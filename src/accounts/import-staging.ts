import { isoDay } from "../time.js";
import {
  ACCOUNT_SQL_COLUMNS,
  type AccountField,
  accountJson,
  accountUpsert,
  type Db,
  METRIC_SQL_COLUMNS,
  metricJson,
  metricUpsert,
  type SqlColumn,
} from "./repository.js";
import type { AccountRow, MetricName, MetricRow } from "./rows.js";

/**
 * An import's rows, held in a temporary table inside the import's transaction until the whole
 * file has been read. The checks across rows (a key given twice, an account that does not
 * exist) are then one query each, with nothing held in memory however long the file; the real
 * tables are written only from a file that passed, `CHUNK` rows per statement. The table is
 * dropped with the transaction, committed or not: open it inside one.
 */
export interface Staging<Row, Key> {
  /** Adds rows in file order; a bad row's key alone is added to be checked, never merged. */
  add(rows: (Row | Key)[]): Promise<void>;
  /** How many rows were added. */
  readonly size: number;
  /** Rows whose key repeats an earlier row's: the first `limit` by line, and how many in all. */
  repeatedKeys(limit: number): Promise<{ rows: { line: number; firstLine: number }[]; total: number }>;
}

async function openStaging<Row extends { line: number }, Key extends { line: number }>(
  db: Db,
  table: string,
  columns: SqlColumn[],
  key: string,
  toJson: (row: Row | Key) => Record<string, unknown>,
): Promise<Staging<Row, Key>> {
  const typed = columns.map((c) => `${c.column} ${c.type}`).join(", ");
  await db.$executeRawUnsafe(
    `CREATE TEMP TABLE ${table} (n int PRIMARY KEY, line int NOT NULL, ${typed}) ON COMMIT DROP`,
  );
  const insert = `INSERT INTO ${table} (n, line, ${columns.map((c) => c.column).join(", ")})
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(n int, line int, ${typed})`;
  let size = 0;
  return {
    get size() {
      return size;
    },
    async add(rows) {
      if (rows.length === 0) return;
      const json = rows.map((row, i) => ({ n: size + i + 1, line: row.line, ...toJson(row) }));
      await db.$executeRawUnsafe(insert, JSON.stringify(json));
      size += rows.length;
    },
    async repeatedKeys(limit) {
      // Fresh statistics, so that the merge joins that follow are planned for the real size.
      await db.$executeRawUnsafe(`ANALYZE ${table}`);
      const found = await db.$queryRawUnsafe<{ line: number; first_line: number; total: number }[]>(
        `SELECT line, first_line, (count(*) OVER ())::int AS total
         FROM (SELECT line, min(line) OVER (PARTITION BY ${key}) AS first_line FROM ${table}) d
         WHERE line <> first_line ORDER BY line LIMIT $1`,
        limit,
      );
      return {
        rows: found.map((r) => ({ line: r.line, firstLine: r.first_line })),
        total: found[0]?.total ?? 0,
      };
    },
  };
}

/** A slice of staged rows, (after, upTo] in the order added. */
type Merge<T> = (after: number, upTo: number) => Promise<T>;

/** Stages accounts.csv rows, keyed by external id, to upsert them once the file has passed. */
export async function stageAccounts(db: Db) {
  const staging = await openStaging<AccountRow, { line: number; externalId: string }>(
    db,
    "import_accounts",
    [...Object.values(ACCOUNT_SQL_COLUMNS)],
    "external_id",
    (row) => ("name" in row ? accountJson(row) : { external_id: row.externalId }),
  );
  return Object.assign(staging, {
    /** Upserts a slice, writing only `fields` besides the name on existing accounts. */
    merge(fields: AccountField[]): Merge<{ created: number; updated: number }> {
      const run = accountUpsert(fields, () => ({
        from: "import_accounts r",
        where: "r.n > $1 AND r.n <= $2",
      }));
      return (after, upTo) => run(db, after, upTo);
    },
  });
}

/** Stages metrics.csv rows, keyed by external id and day, to merge them once the file has passed. */
export async function stageMetrics(db: Db) {
  const staging = await openStaging<MetricRow, { line: number; externalId: string; date: Date }>(
    db,
    "import_metrics",
    [
      { column: "external_id", type: "text" },
      { column: "date", type: "date" },
      ...Object.values(METRIC_SQL_COLUMNS),
    ],
    "external_id, date",
    (row) => ("values" in row ? metricJson(row) : { external_id: row.externalId, date: isoDay(row.date) }),
  );
  return Object.assign(staging, {
    /** Staged rows whose account does not exist: the first `limit` by line, and how many in all. */
    async unknownAccounts(limit: number) {
      const found = await db.$queryRawUnsafe<{ line: number; external_id: string; total: number }[]>(
        `SELECT s.line, s.external_id, (count(*) OVER ())::int AS total FROM import_metrics s
         WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.external_id = s.external_id)
         ORDER BY s.line LIMIT $1`,
        limit,
      );
      return {
        rows: found.map((r) => ({ line: r.line, externalId: r.external_id })),
        total: found[0]?.total ?? 0,
      };
    },
    /** Merges a slice into the samples, writing only `metrics`. */
    merge(metrics: MetricName[]): Merge<number> {
      const sql = metricUpsert(metrics, () => ({
        from: "import_metrics r",
        where: "r.n > $1 AND r.n <= $2",
      }));
      return (after, upTo) => db.$executeRawUnsafe(sql, after, upTo);
    },
  });
}
