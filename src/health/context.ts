import { z } from "zod";
import { OPEN_STATUSES, type Status, statusSchema } from "../contracts/state.js";
import { type RequestType, requestTypeSchema } from "../contracts/types.js";
import type { PrismaClient } from "../db/database.js";
import { isoDay } from "../time.js";
import { type Band, bandSchema } from "./model.js";
import { latestSnapshotSql } from "./repository.js";

/**
 * An account at a glance: what every alert, reminder, digest line, queue message and review
 * shows beside its own news (ARR, renewal, band, owner, open paperwork, the CRM record). One
 * query for any number of accounts; context-view.ts draws it.
 */
export interface AccountContext {
  id: number;
  externalId: string;
  name: string;
  arr: number;
  currency: string;
  renewalDate: Date | null;
  ownerSlackId: string | null;
  /** The latest snapshot on or before the day asked for. */
  score: number | null;
  band: Band | null;
  /** Open contract requests, and approved ones whose start date is today or later. */
  paperwork: Paperwork[];
}

export interface Paperwork {
  number: number;
  type: RequestType;
  status: Status;
  startDate: Date | null;
}

type Db = Pick<PrismaClient, "$queryRawUnsafe">;

const contextRow = z.object({
  id: z.number().int(),
  external_id: z.string(),
  name: z.string(),
  arr: z.coerce.number(),
  currency: z.string(),
  renewal_date: z.date().nullable(),
  owner_slack_id: z.string().nullable(),
  score: z.number().int().nullable(),
  band: bandSchema.nullable(),
  paperwork: z
    .array(
      z.object({
        number: z.number().int(),
        type: requestTypeSchema,
        status: statusSchema,
        start_date: z.string().nullable(),
      }),
    )
    .nullable(),
});

/** How many paperwork items a context carries per account (newest first). */
const PAPERWORK_LIMIT = 5;

/** The contexts of these accounts as of `day`, by id (unknown ids are absent). */
export async function loadAccountContexts(
  db: Db,
  accountIds: readonly number[],
  day: Date,
): Promise<Map<number, AccountContext>> {
  const contexts = new Map<number, AccountContext>();
  const ids = [...new Set(accountIds)];
  for (let i = 0; i < ids.length; i += 5_000) {
    const rows = await db.$queryRawUnsafe<unknown[]>(
      `SELECT a.id, a.external_id, a.name, a.arr::float8 AS arr, a.currency, a.renewal_date, a.owner_slack_id,
         s.score, s.band,
         (SELECT json_agg(json_build_object('number', p.number, 'type', p.type, 'status', p.status,
                   'start_date', to_char(p.start_date, 'YYYY-MM-DD')) ORDER BY p.submitted_at DESC)
          FROM (SELECT * FROM contract_requests r WHERE r.account_id = a.id
                  AND (r.status = ANY($3::text[]) OR (r.status = 'approved' AND r.start_date >= $2::date))
                ORDER BY r.submitted_at DESC LIMIT ${PAPERWORK_LIMIT}) p) AS paperwork
       FROM accounts a LEFT JOIN LATERAL ${latestSnapshotSql("a.id", "$2::date")} s ON true
       WHERE a.id = ANY($1::int[])`,
      ids.slice(i, i + 5_000),
      isoDay(day),
      [...OPEN_STATUSES],
    );
    for (const raw of rows) {
      const row = contextRow.parse(raw);
      contexts.set(row.id, {
        id: row.id,
        externalId: row.external_id,
        name: row.name,
        arr: row.arr,
        currency: row.currency,
        renewalDate: row.renewal_date,
        ownerSlackId: row.owner_slack_id,
        score: row.score,
        band: row.band,
        paperwork: (row.paperwork ?? []).map((p) => ({
          number: p.number,
          type: p.type,
          status: p.status,
          startDate: p.start_date ? new Date(`${p.start_date}T00:00:00Z`) : null,
        })),
      });
    }
  }
  return contexts;
}

export async function loadAccountContext(
  db: Db,
  accountId: number,
  day: Date,
): Promise<AccountContext | undefined> {
  return (await loadAccountContexts(db, [accountId], day)).get(accountId);
}
