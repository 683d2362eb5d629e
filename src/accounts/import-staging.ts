import type { RawDb as Db } from "../db/database.js";
import { isoDay } from "../time.js";
import {
  ACCOUNT_SQL_COLUMNS,
  type AccountField,
  accountJson,
  accountUpsert,
  METRIC_SOURCE_COLUMNS,
  metricJson,
  metricUpsert,
  OUTCOME_SOURCE_COLUMNS,
  outcomeJson,
  outcomeUpsert,
  type SqlColumn,
} from "./repository.js";
import type { MetricKey } from "./row-readers.js";
import type { AccountRow, MetricRow, OutcomeRow } from "./rows.js";

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
      // Fresh statistics, so that the merge joins that follow are planned for the real size: of
      // the columns they join and slice on only (the values, JSON, would cost most of it).
      await db.$executeRawUnsafe(`ANALYZE ${table} (n, ${key})`);
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
    [...Object.values(ACCOUNT_SQL_COLUMNS), { column: "owner_email", type: "text" }],
    "external_id",
    (row) =>
      "name" in row ? { ...accountJson(row), owner_email: row.ownerEmail } : { external_id: row.externalId },
  );
  return Object.assign(staging, {
    /** The distinct owner e-mails of the staged rows (one per owner: a team has few). */
    async ownerEmails(): Promise<string[]> {
      const found = await db.$queryRawUnsafe<{ owner_email: string }[]>(
        "SELECT DISTINCT owner_email FROM import_accounts WHERE owner_email IS NOT NULL ORDER BY owner_email",
      );
      return found.map((r) => r.owner_email);
    },
    /** Rows whose owner e-mail is one of `emails`: the first `limit` by line, and how many in all. */
    async rowsOwnedBy(emails: string[], limit: number) {
      const found = await db.$queryRawUnsafe<{ line: number; owner_email: string; total: number }[]>(
        `SELECT line, owner_email, (count(*) OVER ())::int AS total FROM import_accounts
         WHERE owner_email IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY line LIMIT $2`,
        JSON.stringify(emails),
        limit,
      );
      return {
        rows: found.map((r) => ({ line: r.line, email: r.owner_email })),
        total: found[0]?.total ?? 0,
      };
    },
    /** Gives each staged row with an owner e-mail the owner's Slack user id. */
    async setOwners(ids: Map<string, string>): Promise<void> {
      await db.$executeRawUnsafe(
        `UPDATE import_accounts s SET owner_slack_id = r.id
         FROM jsonb_to_recordset($1::jsonb) AS r(email text, id text) WHERE s.owner_email = r.email`,
        JSON.stringify([...ids].map(([email, id]) => ({ email, id }))),
      );
    },
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

/** Staged rows whose account does not exist: the first `limit` by line, and how many in all. */
async function unknownAccounts(db: Db, table: string, limit: number) {
  const found = await db.$queryRawUnsafe<{ line: number; external_id: string; total: number }[]>(
    `SELECT s.line, s.external_id, (count(*) OVER ())::int AS total FROM ${table} s
     WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.external_id = s.external_id)
     ORDER BY s.line LIMIT $1`,
    limit,
  );
  return {
    rows: found.map((r) => ({ line: r.line, externalId: r.external_id })),
    total: found[0]?.total ?? 0,
  };
}

/**
 * Stages metrics.csv rows, keyed by external id and day (and signal, in the long form), to
 * merge them once the file has passed.
 */
export async function stageMetrics(db: Db, form: "wide" | "long") {
  const staging = await openStaging<MetricRow, MetricKey>(
    db,
    "import_metrics",
    METRIC_SOURCE_COLUMNS,
    form === "long" ? "external_id, date, signal" : "external_id, date",
    (row) =>
      "values" in row
        ? metricJson(row)
        : { external_id: row.externalId, date: isoDay(row.date), signal: row.signal ?? null },
  );
  return Object.assign(staging, {
    unknownAccounts: (limit: number) => unknownAccounts(db, "import_metrics", limit),
    /** Merges a slice into the samples. */
    merge(): Merge<number> {
      const sql = metricUpsert(
        () => ({ from: "import_metrics r", where: "r.n > $1 AND r.n <= $2" }),
        form === "long",
      );
      return (after, upTo) => db.$executeRawUnsafe(sql, after, upTo);
    },
  });
}

/** Stages outcomes.csv rows, keyed by external id, kind and day, to upsert them once the file has passed. */
export async function stageOutcomes(db: Db) {
  const staging = await openStaging<
    OutcomeRow,
    { line: number; externalId: string; kind: string; date: Date }
  >(db, "import_outcomes", OUTCOME_SOURCE_COLUMNS, "external_id, kind, date", (row) =>
    "line" in row && "arrChange" in row
      ? outcomeJson(row as OutcomeRow)
      : { external_id: row.externalId, kind: row.kind, date: isoDay(row.date) },
  );
  return Object.assign(staging, {
    unknownAccounts: (limit: number) => unknownAccounts(db, "import_outcomes", limit),
    merge(): Merge<{ created: number; updated: number }> {
      const sql = outcomeUpsert(() => ({ from: "import_outcomes r", where: "r.n > $1 AND r.n <= $2" }));
      return async (after, upTo) => {
        const [counts] = await db.$queryRawUnsafe<{ created: number; updated: number }[]>(sql, after, upTo);
        return counts ?? { created: 0, updated: 0 };
      };
    },
  });
}
