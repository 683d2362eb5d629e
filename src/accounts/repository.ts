import type { PrismaClient } from "../db/database.js";
import { isoDay } from "../time.js";
import type { AccountRow, MetricName, MetricRow } from "./rows.js";
import { searchKey } from "./search-key.js";

/** A transaction client or the client itself: writes here compose into a caller's transaction. */
export type Db = Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe" | "account" | "metricSample">;

/** Rows per statement: large enough to be fast, small enough to keep each parameter modest. */
export const CHUNK = 1_000;

export type AccountField = "domain" | "arr" | "currency" | "renewalDate" | "ownerSlackId" | "segment";

/** Each account field's column and SQL type (shared with the import's staging table). */
export const ACCOUNT_SQL_COLUMNS: Record<
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

/** Each metric's column and SQL type (shared with the import's staging table). */
export const METRIC_SQL_COLUMNS: Record<MetricName, { column: string; type: string }> = {
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

/** A column as `jsonb_to_recordset` and `CREATE TABLE` name it. */
export type SqlColumn = { column: string; type: string };

const recordset = (columns: SqlColumn[]) =>
  `jsonb_to_recordset($1::jsonb) AS r(${columns.map((c) => `${c.column} ${c.type}`).join(", ")})`;

/**
 * The statements that upsert accounts from a source of rows: the upsert (counting what it
 * created and updated), then one update per column that an empty cell must not clear.
 */
export function accountUpsert(fields: AccountField[], source: (columns: SqlColumn[]) => RowSource) {
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
export const accountJson = (row: AccountRow) => ({
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
export function metricUpsert(metrics: MetricName[], source: (columns: SqlColumn[]) => RowSource): string {
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

/** A metric row as JSON for `jsonb_to_recordset`. */
export const metricJson = (row: MetricRow) => ({
  external_id: row.externalId,
  date: day(row.date),
  ...row.values,
});

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
