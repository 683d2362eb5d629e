import { z } from "zod";
import type { PrismaClient } from "../db/database.js";
import { type Band, bandSchema, type HealthModel } from "../health/model.js";
import { latestSnapshotSql, staleBeforeParam, staleSql } from "../health/repository.js";
import { isoDay } from "../time.js";
import { COLLAPSE_DAYS, COLLAPSE_POINTS, type DigestAccount } from "./compose.js";

/** The digest's reads. */

type Db = Pick<PrismaClient, "$queryRawUnsafe">;

const digestRow = z.object({
  id: z.number().int(),
  name: z.string(),
  arr: z.coerce.number(),
  currency: z.string(),
  renewal_date: z.date().nullable(),
  owner_slack_id: z.string().nullable(),
  score: z.number().int(),
  band: bandSchema,
  previous_band: bandSchema.nullable(),
  score_30: z.number().int().nullable(),
  stale: z.boolean(),
});

/**
 * The accounts scored on `day` that a digest list may name, with their band in the snapshot
 * before, their score in the latest snapshot on or before 30 days earlier, and whether they are
 * stale (one query); and how many were scored in each band (another). A healthy account no list
 * names (not stale, not recovered, no collapse of `collapsePoints`) is counted, not read: most
 * of a portfolio (at a million accounts, ~700,000 rows the digest would only count).
 */
export async function loadDigestAccounts(
  db: Db,
  model: HealthModel,
  day: Date,
  collapsePoints: number = COLLAPSE_POINTS,
): Promise<{ accounts: DigestAccount[]; counts: Record<Band, number> }> {
  const bands = await db.$queryRawUnsafe<{ band: string; n: number }[]>(
    "SELECT band, count(*)::int AS n FROM health_snapshots WHERE date = $1::date GROUP BY band",
    isoDay(day),
  );
  const counts: Record<Band, number> = { red: 0, yellow: 0, green: 0 };
  for (const { band, n } of bands) counts[bandSchema.parse(band)] += n;
  const rows = await db.$queryRawUnsafe<unknown[]>(
    `SELECT * FROM (
       SELECT a.id, a.name, a.arr::float8 AS arr, a.currency, a.renewal_date, a.owner_slack_id, t.score, t.band,
         p.band AS previous_band, m.score AS score_30, ${staleSql("t.account_id", "$2::date")} AS stale
       FROM health_snapshots t JOIN accounts a ON a.id = t.account_id
       LEFT JOIN LATERAL ${latestSnapshotSql("t.account_id", "t.date - 1", "band")} p ON true
       LEFT JOIN LATERAL ${latestSnapshotSql("t.account_id", `t.date - ${COLLAPSE_DAYS}`, "score")} m ON true
       WHERE t.date = $1::date) d
     WHERE d.band <> 'green' OR d.previous_band = 'red' OR d.stale OR d.score_30 - d.score >= $3`,
    isoDay(day),
    staleBeforeParam(model, day),
    collapsePoints,
  );
  const accounts = rows.map((raw) => {
    const r = digestRow.parse(raw);
    return {
      id: r.id,
      name: r.name,
      arr: r.arr,
      currency: r.currency,
      renewalDate: r.renewal_date,
      ownerSlackId: r.owner_slack_id,
      score: r.score,
      band: r.band,
      previousBand: r.previous_band,
      score30DaysAgo: r.score_30,
      stale: r.stale,
    };
  });
  return { accounts, counts };
}
