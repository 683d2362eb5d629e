/**
 * Ingest throughput, measured in the bench's run: metric rows sent through the real
 * `POST /api/v1/metrics` (10,000-row JSON batches, a bearer token, one request at a time) against
 * the same rows written by plain multi-row `INSERT`s into metric_samples over one connection,
 * on the same database in the same run. Both write one sample per account per day on days far
 * before the portfolio's history (nothing the morning reads), and both are deleted afterwards.
 */
import pg from "pg";
import type { OpenedDatabase } from "../../src/db/database.js";
import { addDays, isoDay } from "../../src/time.js";

/** Rows per request: the API's documented maximum (MAX_ROWS). */
const BATCH = 10_000;

/** Days before today of the API's rows and of the plain INSERTs' (beyond every cached history). */
const API_DAYS_BACK = 1_000;
const INSERT_DAYS_BACK = 2_000;

/** The rows to ingest for a portfolio: one a day per account, at least 100,000 (so several days at 10,000 accounts), at most 1,000,000. */
export const ingestRowCount = (accounts: number) =>
  Math.min(1_000_000, Math.max(accounts, Math.ceil(100_000 / accounts) * accounts));

/** A demo-like sample's values for account `i` (the same for the API and the INSERTs). */
function values(i: number) {
  const seats = 10 + (i % 490);
  return {
    licensed_seats: seats,
    active_users: Math.round(seats * 0.7),
    logins_30d: seats * 12,
    feature_adoption: 40 + (i % 50),
    open_tickets: i % 7,
    p1_tickets_30d: i % 3 === 0 ? 1 : 0,
    nps: (i % 200) - 100,
    csat: 60 + (i % 40),
    days_since_last_touch: i % 60,
    days_overdue: 0,
  };
}

export interface IngestFigures {
  rows: number;
  batchRows: number;
  api: { seconds: number; rowsPerSecond: number; requests: number };
  plainInsert: { seconds: number; rowsPerSecond: number; statements: number };
  /** API rate ÷ INSERT rate (target: at least 1/3). */
  apiVsInsert: number;
  target: { apiAtLeastAThirdOfInsert: boolean };
}

export async function measureIngest(options: {
  db: OpenedDatabase;
  /** The PostgreSQL URL of the bench database (plain INSERTs go through their own connection); unset on the embedded database. */
  url?: string;
  baseUrl: string;
  token: string;
  today: Date;
  status: (text: string) => void;
}): Promise<IngestFigures> {
  const { db, today } = options;
  const accounts = await db.query<{ id: number; external_id: string }>(
    "SELECT id, external_id FROM accounts ORDER BY id",
  );
  const rows = ingestRowCount(accounts.length);
  /** Row k: account k mod N on day k div N back from `back`. */
  const row = (k: number, back: number) => {
    const a = accounts[k % accounts.length]!;
    return { a, date: isoDay(addDays(today, -back - Math.floor(k / accounts.length))), v: values(k) };
  };
  const clear = () =>
    db.prisma.$executeRawUnsafe(
      "DELETE FROM metric_samples WHERE date <= $1::date",
      isoDay(addDays(today, -API_DAYS_BACK)),
    );
  await clear();
  try {
    options.status(`  ${rows} metric rows through POST /api/v1/metrics, ${BATCH} a request…`);
    let apiMs = 0;
    let requests = 0;
    for (let start = 0; start < rows; start += BATCH) {
      const batch = [];
      for (let k = start; k < Math.min(rows, start + BATCH); k++) {
        const { a, date, v } = row(k, API_DAYS_BACK);
        batch.push({ external_id: a.external_id, date, ...v });
      }
      const body = JSON.stringify(batch);
      const started = performance.now();
      const response = await fetch(`${options.baseUrl}/api/v1/metrics`, {
        method: "POST",
        headers: { authorization: `Bearer ${options.token}`, "content-type": "application/json" },
        body,
      });
      const answer = await response.text();
      apiMs += performance.now() - started;
      requests++;
      if (response.status !== 200)
        throw new Error(`POST /api/v1/metrics: ${response.status} ${answer.slice(0, 500)}`);
    }

    options.status(`  the same ${rows} rows as plain multi-row INSERTs, ${BATCH} a statement…`);
    const insert = (count: number) =>
      `INSERT INTO metric_samples (account_id, date, metrics) VALUES ${Array.from(
        { length: count },
        (_, i) => `($${3 * i + 1}::int, $${3 * i + 2}::date, $${3 * i + 3}::jsonb)`,
      ).join(", ")}`;
    const client = options.url ? new pg.Client({ connectionString: options.url }) : undefined;
    await client?.connect();
    let insertMs = 0;
    let statements = 0;
    try {
      for (let start = 0; start < rows; start += BATCH) {
        const params: unknown[] = [];
        const end = Math.min(rows, start + BATCH);
        for (let k = start; k < end; k++) {
          const { a, date, v } = row(k, INSERT_DAYS_BACK);
          params.push(a.id, date, JSON.stringify(v));
        }
        const sql = insert(end - start);
        const started = performance.now();
        if (client) await client.query(sql, params);
        else await db.prisma.$executeRawUnsafe(sql, ...params);
        insertMs += performance.now() - started;
        statements++;
      }
    } finally {
      await client?.end();
    }
    const rate = (ms: number) => Math.round(rows / (ms / 1000));
    const apiRate = rate(apiMs);
    const insertRate = rate(insertMs);
    const ratio = Math.round((100 * apiRate) / insertRate) / 100;
    return {
      rows,
      batchRows: BATCH,
      api: { seconds: Math.round(apiMs / 10) / 100, rowsPerSecond: apiRate, requests },
      plainInsert: { seconds: Math.round(insertMs / 10) / 100, rowsPerSecond: insertRate, statements },
      apiVsInsert: ratio,
      target: { apiAtLeastAThirdOfInsert: ratio >= 1 / 3 },
    };
  } finally {
    await clear();
  }
}
