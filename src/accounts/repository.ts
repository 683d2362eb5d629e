import type { PrismaClient } from "../db/database.js";
import { isoDay } from "../time.js";
import type { AccountRow, MetricName, MetricRow, OutcomeRow } from "./rows.js";
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
  return async (db: Pick<Db, "$queryRawUnsafe" | "$executeRawUnsafe">, ...params: unknown[]) => {
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

/** The columns a metrics source has: the key, the signal (long form) and the values as JSON. */
export const METRIC_SOURCE_COLUMNS: SqlColumn[] = [
  { column: "external_id", type: "text" },
  { column: "date", type: "date" },
  { column: "signal", type: "text" },
  { column: "metrics", type: "jsonb" },
];

/**
 * The statement that merges metric samples from a source of rows: the stored object and the
 * new one are merged (`||`), so a signal the row leaves out keeps its value. Rows of one
 * (account, day) in the source are merged first (the long form has one row per signal). A row
 * measuring nothing writes nothing (an empty sample would make a stale account look fresh).
 */
export function metricUpsert(source: (columns: SqlColumn[]) => RowSource, grouped = false): string {
  const { from, where } = source(METRIC_SOURCE_COLUMNS);
  const select = grouped
    ? `SELECT a.id, r.date, jsonb_object_agg(e.key, e.value)
    FROM ${from}
    JOIN accounts a ON a.external_id = r.external_id
    CROSS JOIN LATERAL jsonb_each(r.metrics) e
    WHERE ${where}
    GROUP BY a.id, r.date`
    : `SELECT a.id, r.date, r.metrics
    FROM ${from}
    JOIN accounts a ON a.external_id = r.external_id
    WHERE ${where} AND r.metrics <> '{}'::jsonb`;
  return `
    INSERT INTO metric_samples (account_id, date, metrics)
    ${select}
    ON CONFLICT (account_id, date) DO UPDATE SET metrics = metric_samples.metrics || EXCLUDED.metrics`;
}

/** A metric row as JSON for `jsonb_to_recordset`: the values measured (an empty cell is left out). */
export const metricJson = (row: MetricRow, only?: ReadonlySet<string>) => ({
  external_id: row.externalId,
  date: day(row.date),
  signal: row.signal ?? null,
  metrics: Object.fromEntries(
    Object.entries(row.values).filter(
      ([name, value]) => value !== null && value !== undefined && (!only || only.has(name)),
    ),
  ),
});

/**
 * Inserts or merges daily metric samples by (account, date), writing only the `metrics` named.
 * A missing value keeps what is stored: an import that leaves a cell empty never erases a
 * measurement.
 */
export async function upsertMetrics(
  db: Db,
  rows: MetricRow[],
  metrics: readonly MetricName[],
  onChunk?: (done: number) => void,
): Promise<{ written: number }> {
  const sql = metricUpsert((columns) => ({ from: recordset(columns), where: "true" }));
  const only = new Set(metrics);
  let written = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK).map((row) => metricJson(row, only));
    written += await db.$executeRawUnsafe(sql, JSON.stringify(chunk));
    onChunk?.(Math.min(start + CHUNK, rows.length));
  }
  return { written };
}

/** The columns an outcomes source has. */
export const OUTCOME_SOURCE_COLUMNS: SqlColumn[] = [
  { column: "external_id", type: "text" },
  { column: "date", type: "date" },
  { column: "kind", type: "text" },
  { column: "arr_change", type: "numeric" },
  { column: "note", type: "text" },
];

/** An outcome row as JSON for `jsonb_to_recordset`. */
export const outcomeJson = (row: OutcomeRow) => ({
  external_id: row.externalId,
  date: day(row.date),
  kind: row.kind,
  arr_change: row.arrChange ?? null,
  note: row.note ?? null,
});

/**
 * The statement that upserts outcomes by (account, kind, day) from a source of rows, counting
 * what it created and updated. An outcome given again without an ARR change or a note keeps
 * the stored one.
 */
export function outcomeUpsert(source: (columns: SqlColumn[]) => RowSource): string {
  const { from, where } = source(OUTCOME_SOURCE_COLUMNS);
  return `
    WITH upserted AS (
      INSERT INTO account_outcomes (account_id, kind, date, arr_change, note, updated_at)
      SELECT a.id, r.kind, r.date, r.arr_change, r.note, now()
      FROM ${from} JOIN accounts a ON a.external_id = r.external_id
      WHERE ${where}
      ON CONFLICT (account_id, kind, date) DO UPDATE SET
        arr_change = COALESCE(EXCLUDED.arr_change, account_outcomes.arr_change),
        note = COALESCE(EXCLUDED.note, account_outcomes.note),
        updated_at = now()
      RETURNING (xmax = 0) AS inserted)
    SELECT (count(*) FILTER (WHERE inserted))::int AS created,
           (count(*) FILTER (WHERE NOT inserted))::int AS updated
    FROM upserted`;
}

/** Inserts or updates outcomes by (account, kind, day), for rows of known accounts (the demo seed's). */
export async function upsertOutcomes(
  db: Db,
  rows: OutcomeRow[],
): Promise<{ created: number; updated: number }> {
  if (rows.length === 0) return { created: 0, updated: 0 };
  const sql = outcomeUpsert((columns) => ({ from: recordset(columns), where: "true" }));
  const [counts] = await db.$queryRawUnsafe<{ created: number; updated: number }[]>(
    sql,
    JSON.stringify(rows.map(outcomeJson)),
  );
  return { created: Number(counts?.created ?? 0), updated: Number(counts?.updated ?? 0) };
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
