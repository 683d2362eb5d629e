import { z } from "zod";
import type { PrismaClient } from "../db/database.js";
import { bandSchema } from "../health/model.js";
import { latestSnapshotSql } from "../health/repository.js";
import { isoDay } from "../time.js";
import type { RenewalSubject } from "./views.js";

/** Renewals' reads: the accounts coming up for renewal, and which reminders went out. */

type Db = Pick<PrismaClient, "$queryRawUnsafe" | "outboxMessage">;

const renewalRow = z.object({
  id: z.number().int(),
  name: z.string(),
  arr: z.coerce.number(),
  currency: z.string(),
  renewal_date: z.date(),
  owner_slack_id: z.string().nullable(),
  score: z.number().int().nullable(),
  band: bandSchema.nullable(),
});

/** Accounts renewing from `today` to `horizon` (inclusive), soonest first, with their health on `today`. */
export async function loadRenewingAccounts(db: Db, today: Date, horizon: Date): Promise<RenewalSubject[]> {
  const rows = await db.$queryRawUnsafe<unknown[]>(
    `SELECT a.id, a.name, a.arr::float8 AS arr, a.currency, a.renewal_date, a.owner_slack_id, s.score, s.band
     FROM accounts a LEFT JOIN LATERAL ${latestSnapshotSql("a.id", "$1::date")} s ON true
     WHERE a.renewal_date BETWEEN $1::date AND $2::date ORDER BY a.renewal_date, a.id`,
    isoDay(today),
    isoDay(horizon),
  );
  return rows.map((raw) => {
    const row = renewalRow.parse(raw);
    return {
      id: row.id,
      name: row.name,
      arr: row.arr,
      currency: row.currency,
      renewalDate: row.renewal_date,
      ownerSlackId: row.owner_slack_id,
      score: row.score,
      band: row.band,
    };
  });
}

/** Which of these outbox dedupe keys were enqueued already: one query per thousand keys. */
export async function enqueuedKeys(db: Db, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 1_000) {
    const rows = await db.outboxMessage.findMany({
      where: { dedupeKey: { in: keys.slice(i, i + 1_000) } },
      select: { dedupeKey: true },
    });
    for (const row of rows) if (row.dedupeKey) found.add(row.dedupeKey);
  }
  return found;
}
