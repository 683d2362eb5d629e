import type { PrismaClient } from "../db/database.js";
import { isoDay } from "../time.js";
import type { AccountRow, MetricName, MetricRow } from "./rows.js";
import { searchKey } from "./search-key.js";

/** A transaction client or the client itself: writes here compose into a caller's transaction. */
export type Db = Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe" | "account" | "metricSample">;

/** Rows per statement: large enough to be fast, small enough to keep each parameter modest. */
export const CHUNK = 1_000;

export type AccountField = "domain" | "arr" | "currency" | "renewalDate" | "ownerSlackId" | "segment";

const ACCOUNT_SQL_COLUMNS: Record<
  AccountField | "externalId" | "name" | "searchKey",
  { column: string; type: string }
> = {
  externalId: { column: "external_id", type: "text" },
  name: { column: "name", type: "text" },
  searchKey: { column: "search_key", type: "text" },
  domain: { column: "domain", type: "text" },
  arr: { column: "arr", type: "numeric" },
  currency: { column: "currency", type: "varchar(3)" },
  renewalDate: { column: "renewal_date", type: "date" },
  ownerSlackId: { column: "owner_slack_id", type: "text" },
  segment: { column: "segment", type: "text" },
};

const METRIC_SQL_COLUMNS: Record<MetricName, { column: string; type: string }> = {
  active_users: { column: "active_users", type: "int" },
  licensed_seats: { column: "licensed_seats", type: "int" },
  logins_30d: { column: "logins_30d", type: "int" },
  feature_adoption: { column: "feature_adoption", type: "float8" },
  open_tickets: { column: "open_tickets", type: "int" },
  p1_tickets_30d: { column: "p1_tickets_30d", type: "int" },
  nps: { column: "nps", type: "int" },
  csat: { column: "csat", type: "float8" },
  days_since_last_touch: { column: "days_since_last_touch", type: "int" },
  days_overdue: { column: "days_overdue", type: "int" },
};

const day = (date: Date | null | undefined) => (date ? isoDay(date) : date);

/**
 * Columns that cannot be empty (they have defaults): an empty cell keeps the stored value, and
 * a new account gets the default. ARR is never wiped by a blank cell in a spreadsheet.
 */
const KEEP_WHEN_EMPTY: Partial<Record<AccountField, string>> = { arr: "0", currency: "'USD'" };

/** Where an upsert reads its rows: the `FROM` item (rows named `r`) and a condition on them. */
interface RowSource {
  from: string;
  where: string;
}

type SqlColumn = { column: string; type: string };

const recordset = (columns: SqlColumn[]) =>
  `jsonb_to_recordset($1::jsonb) AS r(${columns.map((c) => `${c.column} ${c.type}`).join(", ")})`;

/**
 * The statements that upsert accounts from a source of rows: the upsert (counting what it
 * created and updated), then one update per column that an empty cell must not clear.
 */
function accountUpsert(fields: AccountField[], source: (columns: SqlColumn[]) => RowSource) {
  const keys = ["externalId", "name", "searchKey", ...fields] as (keyof typeof ACCOUNT_SQL_COLUMNS)[];
  const columns = keys.map((k) => ({ key: k, ...ACCOUNT_SQL_COLUMNS[k] }));
  const { from, where } = source(columns);
  const defaultOf = (key: string) => KEEP_WHEN_EMPTY[key as AccountField];
  const upsert = `
    WITH upserted AS (
      INSERT INTO accounts (${columns.map((c) => c.column).join(", ")}, updated_at)
      SELECT ${columns.map((c) => (defaultOf(c.key) ? `COALESCE(r.${c.column}, ${defaultOf(c.key)})` : `r.${c.column}`)).join(", ")}, now()
      FROM ${from} WHERE ${where}
      ON CONFLICT (external_id) DO UPDATE SET
        ${columns
          .slice(1)
          .filter((c) => !defaultOf(c.key))
          .map((c) => `${c.column} = EXCLUDED.${c.column}`)
          .join(", ")}, updated_at = now()
      RETURNING (xmax = 0) AS inserted)
    SELECT (count(*) FILTER (WHERE inserted))::int AS created,
           (count(*) FILTER (WHERE NOT inserted))::int AS updated
    FROM upserted`;
  const updateKept = columns
    .filter((c) => defaultOf(c.key))
    .map(
      (c) => `UPDATE accounts a SET ${c.column} = r.${c.column}
       FROM ${from} WHERE ${where} AND a.external_id = r.external_id AND r.${c.column} IS NOT NULL`,
    );
  return async (db: Db, ...params: unknown[]) => {
    const [counts] = await db.$queryRawUnsafe<{ created: number; updated: number }[]>(upsert, ...params);
    for (const statement of updateKept) await db.$executeRawUnsafe(statement, ...params);
    return counts ?? { created: 0, updated: 0 };
  };
}

/** An account row as JSON for `jsonb_to_recordset`. */
const accountJson = (row: AccountRow) => ({
  external_id: row.externalId,
  name: row.name,
  search_key: searchKey(row.name),
  domain: row.domain,
  arr: row.arr,
  currency: row.currency,
  renewal_date: day(row.renewalDate),
  owner_slack_id: row.ownerSlackId,
  segment: row.segment,
});

/**
 * Inserts or updates accounts by external id, `CHUNK` rows per statement. Only the `fields`
 * named are written on update (a column the file lacks is left alone); on insert the others
 * take their defaults. Returns how many were created and how many updated.
 */
export async function upsertAccounts(
  db: Db,
  rows: AccountRow[],
  fields: AccountField[],
  onChunk?: (done: number) => void,
): Promise<{ created: number; updated: number }> {
  const run = accountUpsert(fields, (columns) => ({ from: recordset(columns), where: "true" }));
  let created = 0;
  let updated = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const counts = await run(db, JSON.stringify(rows.slice(start, start + CHUNK).map(accountJson)));
    created += counts.created;
    updated += counts.updated;
    onChunk?.(Math.min(start + CHUNK, rows.length));
  }
  return { created, updated };
}

/** The statement that merges metric samples from a source of rows; a null keeps what is stored. */
function metricUpsert(metrics: MetricName[], source: (columns: SqlColumn[]) => RowSource): string {
  const columns = metrics.map((m) => METRIC_SQL_COLUMNS[m]);
  const { from, where } = source([
    { column: "external_id", type: "text" },
    { column: "date", type: "date" },
    ...columns,
  ]);
  return `
    INSERT INTO metric_samples (account_id, date${columns.map((c) => `, ${c.column}`).join("")})
    SELECT a.id, r.date${columns.map((c) => `, r.${c.column}`).join("")}
    FROM ${from}
    JOIN accounts a ON a.external_id = r.external_id
    WHERE ${where}
    ON CONFLICT (account_id, date) DO UPDATE SET
      ${columns.map((c) => `${c.column} = COALESCE(EXCLUDED.${c.column}, metric_samples.${c.column})`).join(", ")}`;
}

const metricJson = (row: MetricRow) => ({ external_id: row.externalId, date: day(row.date), ...row.values });

/**
 * Inserts or merges daily metric samples by (account, date). A null value keeps what is
 * stored: an import that leaves a cell empty never erases a measurement.
 */
export async function upsertMetrics(
  db: Db,
  rows: MetricRow[],
  metrics: MetricName[],
  onChunk?: (done: number) => void,
): Promise<{ written: number }> {
  const sql = metricUpsert(metrics, (columns) => ({ from: recordset(columns), where: "true" }));
  let written = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK).map(metricJson);
    written += await db.$executeRawUnsafe(sql, JSON.stringify(chunk));
    onChunk?.(Math.min(start + CHUNK, rows.length));
  }
  return { written };
}

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
    (row) => ("values" in row ? metricJson(row) : { external_id: row.externalId, date: day(row.date) }),
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

export interface AccountSummary {
  externalId: string;
  name: string;
  domain: string | null;
  arr: number;
  currency: string;
  renewalDate: string | null;
  ownerSlackId: string | null;
  segment: string | null;
}

/** The portfolio, by name. */
export async function listAccounts(
  db: Db,
  options: { limit?: number; renewingBefore?: Date } = {},
): Promise<AccountSummary[]> {
  const accounts = await db.account.findMany({
    where: options.renewingBefore ? { renewalDate: { lte: options.renewingBefore } } : undefined,
    orderBy: options.renewingBefore ? [{ renewalDate: "asc" }, { name: "asc" }] : { name: "asc" },
    take: options.limit,
  });
  return accounts.map((a) => ({
    externalId: a.externalId,
    name: a.name,
    domain: a.domain,
    arr: a.arr.toNumber(),
    currency: a.currency,
    renewalDate: day(a.renewalDate) ?? null,
    ownerSlackId: a.ownerSlackId,
    segment: a.segment,
  }));
}
