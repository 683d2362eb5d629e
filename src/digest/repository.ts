import { z } from "zod";
import type { PrismaClient } from "../db/database.js";
import { bandSchema, type HealthModel } from "../health/model.js";
import { latestSnapshotSql, staleBeforeParam, staleSql } from "../health/repository.js";
import { isoDay } from "../time.js";
import { COLLAPSE_DAYS, type DigestAccount } from "./compose.js";

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
 * Every account scored on `day`, with its band in the snapshot before, its score in the latest
 * snapshot on or before 30 days earlier, and whether it is stale: one query.
 */
export async function loadDigestAccounts(db: Db, model: HealthModel, day: Date): Promise<DigestAccount[]> {
  const rows = await db.$queryRawUnsafe<unknown[]>(
    `SELECT a.id, a.name, a.arr::float8 AS arr, a.currency, a.renewal_date, a.owner_slack_id, t.score, t.band,
       p.band AS previous_band, m.score AS score_30, ${staleSql("t.account_id", "$2::date")} AS stale
     FROM health_snapshots t JOIN accounts a ON a.id = t.account_id
     LEFT JOIN LATERAL ${latestSnapshotSql("t.account_id", "t.date - 1", "band")} p ON true
     LEFT JOIN LATERAL ${latestSnapshotSql("t.account_id", `t.date - ${COLLAPSE_DAYS}`, "score")} m ON true
     WHERE t.date = $1::date`,
    isoDay(day),
    staleBeforeParam(model, day),
  );
  return rows.map((raw) => {
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
}
