import type { Db } from "../accounts/repository.js";
import { METRIC_NAMES } from "../accounts/rows.js";
import { addDays, isoDay } from "../time.js";
import type { Band } from "./model.js";
import type { SampleRow } from "./readings.js";
import type { Readings } from "./score.js";

/** Health's reads and writes. Dates are passed as YYYY-MM-DD and cast to `date` in SQL. */

const METRIC_LIST = METRIC_NAMES.join(", ");

/** An account's samples between two days, oldest first. */
export async function samplesBetween(db: Db, accountId: number, from: Date, to: Date): Promise<SampleRow[]> {
  return db.$queryRawUnsafe<SampleRow[]>(
    `SELECT date, ${METRIC_LIST} FROM metric_samples
     WHERE account_id = $1 AND date BETWEEN $2::date AND $3::date ORDER BY date`,
    accountId,
    isoDay(from),
    isoDay(to),
  );
}

/**
 * Every account's latest value of each metric on or before `asOf`, within `horizonDays`, in one
 * query: the portfolio's snapshot must not cost a query per account.
 */
export async function latestReadingsForAll(
  db: Db,
  asOf: Date,
  horizonDays: number,
): Promise<Map<number, Readings>> {
  const columns = METRIC_NAMES.map(
    (m) =>
      `(array_agg(${m} ORDER BY date DESC) FILTER (WHERE ${m} IS NOT NULL))[1] AS ${m}, ` +
      `max(date) FILTER (WHERE ${m} IS NOT NULL) AS ${m}__date`,
  ).join(",\n");
  const rows = await db.$queryRawUnsafe<Record<string, number | Date | null>[]>(
    `SELECT account_id, ${columns} FROM metric_samples
     WHERE date <= $1::date AND date > $2::date GROUP BY account_id`,
    isoDay(asOf),
    isoDay(addDays(asOf, -horizonDays)),
  );
  const result = new Map<number, Readings>();
  for (const row of rows) {
    const readings: Readings = {};
    for (const metric of METRIC_NAMES) {
      const value = row[metric];
      if (value !== null && value !== undefined)
        readings[metric] = { value: Number(value), date: row[`${metric}__date`] as Date };
    }
    result.set(Number(row.account_id), readings);
  }
  return result;
}

/** Each account's band in its latest snapshot before `date` (for hysteresis). */
export async function previousBands(db: Db, date: Date): Promise<Map<number, Band>> {
  const rows = await db.$queryRawUnsafe<{ account_id: number; band: Band }[]>(
    `SELECT DISTINCT ON (account_id) account_id, band FROM health_snapshots
     WHERE date < $1::date ORDER BY account_id, date DESC`,
    isoDay(date),
  );
  return new Map(rows.map((r) => [Number(r.account_id), r.band]));
}

export interface SnapshotRow {
  accountId: number;
  score: number;
  band: Band;
  /** Component scores, rounded: { usage: 72, support: 90, ... }. */
  components: Record<string, number>;
}

/** Writes one day's snapshots, replacing any already there (a rerun is idempotent). */
export async function writeSnapshots(
  db: Db,
  date: Date,
  modelVersion: string,
  rows: SnapshotRow[],
): Promise<number> {
  let written = 0;
  for (let start = 0; start < rows.length; start += 2_000) {
    const chunk = rows.slice(start, start + 2_000).map((r) => ({
      account_id: r.accountId,
      score: r.score,
      band: r.band,
      components: r.components,
    }));
    written += await db.$executeRawUnsafe(
      `INSERT INTO health_snapshots (account_id, date, score, band, components, model_version)
       SELECT r.account_id, $2::date, r.score, r.band, r.components, $3
       FROM jsonb_to_recordset($1::jsonb) AS r(account_id int, score int, band text, components jsonb)
       ON CONFLICT (account_id, date) DO UPDATE SET
         score = EXCLUDED.score, band = EXCLUDED.band, components = EXCLUDED.components,
         model_version = EXCLUDED.model_version, created_at = now()`,
      JSON.stringify(chunk),
      isoDay(date),
      modelVersion,
    );
  }
  return written;
}

/**
 * History grain: daily snapshots for the last `dailyDays` days, one a week (Mondays) before
 * that, so that years of history stay affordable.
 */
export async function thinOldSnapshots(db: Db, today: Date, dailyDays: number): Promise<number> {
  return db.$executeRawUnsafe(
    "DELETE FROM health_snapshots WHERE date < $1::date AND extract(isodow FROM date) <> 1",
    isoDay(addDays(today, -dailyDays)),
  );
}

export interface StoredSnapshot {
  date: Date;
  score: number;
  band: Band;
  modelVersion: string;
}

export async function snapshotsSince(db: Db, accountId: number, from: Date): Promise<StoredSnapshot[]> {
  const rows = await db.$queryRawUnsafe<{ date: Date; score: number; band: Band; model_version: string }[]>(
    `SELECT date, score, band, model_version FROM health_snapshots
     WHERE account_id = $1 AND date >= $2::date ORDER BY date`,
    accountId,
    isoDay(from),
  );
  return rows.map((r) => ({ date: r.date, score: r.score, band: r.band, modelVersion: r.model_version }));
}
