import type { SqlQuery } from "../db/database.js";
import { jsonRows } from "../db/json-rows.js";
import { type Band, checkedBand, type HealthModel } from "../health/model.js";
import {
  latestSnapshotSql,
  previousBandSql,
  snapshotStaleSql,
  staleBeforeParam,
} from "../health/repository.js";
import { memoized } from "../memo.js";
import { eachSliceReadAhead } from "../read-ahead.js";
import { isoDay, utcDay } from "../time.js";
import { COLLAPSE_DAYS, COLLAPSE_POINTS, type DigestAccount } from "./compose.js";

/** The digest's reads. */

const bandOf = (value: string, id: unknown): Band => checkedBand(value, `digest: account ${String(id)}`);

/** Accounts read per statement, and statements in flight (each on a connection of its own). */
const SLICE = 100_000;
const LANES = 2;

/**
 * The accounts scored on `day` that a digest list may name, with their band in the snapshot
 * before, their score in the latest snapshot on or before 30 days earlier, and whether they are
 * stale; and how many were scored in each band. A healthy account no list names (not stale, not
 * recovered, no collapse of `collapsePoints`) is counted, not read: most of a portfolio (at a
 * million accounts, ~700,000 rows the digest would only count). Straight through the driver, a
 * slice of accounts a statement, two at once: at a million accounts the one statement it was
 * took 20 s on one core.
 */
export async function loadDigestAccounts(
  sql: SqlQuery,
  model: HealthModel,
  day: Date,
  collapsePoints: number = COLLAPSE_POINTS,
): Promise<{ accounts: DigestAccount[]; counts: Record<Band, number> }> {
  const [bands, [range]] = await Promise.all([
    sql<{ band: string; n: number | string }>(
      "SELECT band, count(*)::int AS n FROM health_snapshots WHERE date = $1::date GROUP BY band",
      [isoDay(day)],
    ),
    sql<{ min: number | string | null; max: number | string | null }>(
      "SELECT min(account_id) AS min, max(account_id) AS max FROM health_snapshots WHERE date = $1::date",
      [isoDay(day)],
    ),
  ]);
  const counts: Record<Band, number> = { red: 0, yellow: 0, green: 0 };
  for (const { band, n } of bands) counts[bandOf(band, "(count)")] += Number(n);
  // One JSON text of an array per account a slice, parsed at once, days as JSON ('YYYY-MM-DD'
  // whatever the DateStyle): the driver's parsing of each column of 300,000 rows, and to_char,
  // were most of the digest's time that was not the database's look-ups.
  const slice = (from: number, to: number) =>
    jsonRows(
      sql,
      `SELECT json_agg(json_build_array(d.id, d.name, d.arr, d.currency, d.renewal_date, d.owner_slack_id,
         d.score, d.band, d.previous_band, d.score_30, d.stale))::text AS rows
       FROM (
         SELECT a.id, a.name, a.arr::float8 AS arr, a.currency, a.renewal_date,
           a.owner_slack_id, t.score, t.band, ${previousBandSql("t")} AS previous_band, m.score AS score_30,
           ${snapshotStaleSql("t", "$2::date")} AS stale
         FROM health_snapshots t JOIN accounts a ON a.id = t.account_id
         LEFT JOIN LATERAL ${latestSnapshotSql("t.account_id", `t.date - ${COLLAPSE_DAYS}`, "score")} m ON true
         WHERE t.date = $1::date AND t.account_id BETWEEN $4 AND $5 AND a.id BETWEEN $4 AND $5) d
       WHERE d.band <> 'green' OR d.previous_band = 'red' OR d.stale OR d.score_30 - d.score >= $3`,
      [isoDay(day), staleBeforeParam(model, day), collapsePoints, from, to],
    );
  const accounts: DigestAccount[] = [];
  const dayOf = memoized(utcDay);
  if (range?.min !== null && range?.min !== undefined && range.max !== null) {
    await eachSliceReadAhead(
      { min: Number(range.min), max: Number(range.max), size: SLICE },
      LANES,
      slice,
      (found) => {
        for (const raw of found) {
          const [
            id,
            name,
            arr,
            currency,
            renewalDate,
            ownerSlackId,
            score,
            band,
            previousBand,
            score30,
            stale,
          ] = raw;
          if (
            typeof id !== "number" ||
            typeof name !== "string" ||
            typeof arr !== "number" ||
            typeof score !== "number"
          )
            throw new Error(`digest: account ${String(id)} is not of the expected shape`);
          accounts.push({
            id,
            name,
            arr,
            currency: String(currency),
            renewalDate: typeof renewalDate === "string" ? dayOf(renewalDate) : null,
            ownerSlackId: typeof ownerSlackId === "string" ? ownerSlackId : null,
            score,
            band: bandOf(String(band), id),
            previousBand: previousBand === null ? null : bandOf(String(previousBand), id),
            score30DaysAgo: typeof score30 === "number" ? score30 : null,
            stale: stale === true,
          });
        }
      },
    );
  }
  return { accounts, counts };
}
