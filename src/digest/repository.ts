import type { SqlQuery } from "../db/database.js";
import { type Band, checkedBand, type HealthModel } from "../health/model.js";
import {
  latestSnapshotSql,
  previousBandSql,
  snapshotStaleSql,
  staleBeforeParam,
} from "../health/repository.js";
import { eachSliceReadAhead } from "../read-ahead.js";
import { isoDay } from "../time.js";
import { COLLAPSE_DAYS, COLLAPSE_POINTS, type DigestAccount } from "./compose.js";

/** The digest's reads. */

/** A digest row as the query returns it (its casts fix the types). */
interface DigestRow {
  id: number | string;
  name: string;
  arr: number | string;
  currency: string;
  renewal_date: string | null;
  owner_slack_id: string | null;
  score: number | string;
  band: string;
  previous_band: string | null;
  score_30: number | string | null;
  stale: boolean;
}

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
  const slice = (from: number, to: number) =>
    sql<DigestRow>(
      `SELECT * FROM (
         SELECT a.id, a.name, a.arr::float8 AS arr, a.currency, to_char(a.renewal_date, 'YYYY-MM-DD') AS renewal_date,
           a.owner_slack_id, t.score, t.band, ${previousBandSql("t")} AS previous_band, m.score AS score_30,
           ${snapshotStaleSql("t", "$2::date")} AS stale
         FROM health_snapshots t JOIN accounts a ON a.id = t.account_id
         LEFT JOIN LATERAL ${latestSnapshotSql("t.account_id", `t.date - ${COLLAPSE_DAYS}`, "score")} m ON true
         WHERE t.date = $1::date AND t.account_id BETWEEN $4 AND $5 AND a.id BETWEEN $4 AND $5) d
       WHERE d.band <> 'green' OR d.previous_band = 'red' OR d.stale OR d.score_30 - d.score >= $3`,
      [isoDay(day), staleBeforeParam(model, day), collapsePoints, from, to],
    );
  const rows: DigestRow[] = [];
  if (range?.min !== null && range?.min !== undefined && range.max !== null) {
    await eachSliceReadAhead(
      { min: Number(range.min), max: Number(range.max), size: SLICE },
      LANES,
      slice,
      (found) => {
        rows.push(...found);
      },
    );
  }
  const accounts = rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    arr: Number(r.arr),
    currency: r.currency,
    renewalDate: r.renewal_date ? new Date(`${r.renewal_date}T00:00:00Z`) : null,
    ownerSlackId: r.owner_slack_id,
    score: Number(r.score),
    band: bandOf(r.band, r.id),
    previousBand: r.previous_band === null ? null : bandOf(r.previous_band, r.id),
    score30DaysAgo: r.score_30 === null ? null : Number(r.score_30),
    stale: r.stale === true,
  }));
  return { accounts, counts };
}
