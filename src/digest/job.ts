import { listRequests } from "../contracts/service.js";
import { WAITING_ON_CS_OPS } from "../contracts/state.js";
import type { PrismaClient, SqlQuery } from "../db/database.js";
import type { Band, HealthModel } from "../health/model.js";
import { describeChange } from "../health/score.js";
import { loadHealthCard } from "../health/service.js";
import type { SlackMessage } from "../slack/blocks.js";
import { addDays, isoDay } from "../time.js";
import { composeDigest, type DigestAccount, type DigestInput } from "./compose.js";
import { buildDigestMessages } from "./view.js";

/** How many of the first-named accounts get their one-line "why" (one card each). */
const WHY_FOR = 10;

/** Reads what the digest needs: the latest snapshot day up to `today`, in one query. */
export async function loadDigestInput(
  prisma: PrismaClient,
  sql: SqlQuery,
  model: HealthModel,
  today: Date,
  now: Date,
): Promise<DigestInput> {
  const [latest] = await prisma.$queryRawUnsafe<{ day: string | null }[]>(
    "SELECT to_char(max(date), 'YYYY-MM-DD') AS day FROM health_snapshots WHERE date <= $1::date",
    isoDay(today),
  );
  const day = latest?.day ? new Date(`${latest.day}T00:00:00Z`) : today;
  const rows = await prisma.$queryRawUnsafe<
    {
      id: number;
      name: string;
      arr: number;
      currency: string;
      renewal_date: Date | null;
      owner_slack_id: string | null;
      score: number;
      band: Band;
      previous_band: Band | null;
      stale: boolean;
    }[]
  >(
    `SELECT a.id, a.name, a.arr::float8 AS arr, a.currency, a.renewal_date, a.owner_slack_id, t.score, t.band, p.band AS previous_band,
       coalesce((SELECT max(m.date) FROM metric_samples m WHERE m.account_id = t.account_id) < $2::date, true) AS stale
     FROM health_snapshots t JOIN accounts a ON a.id = t.account_id
     LEFT JOIN LATERAL (SELECT band FROM health_snapshots h WHERE h.account_id = t.account_id AND h.date < t.date
                        ORDER BY h.date DESC LIMIT 1) p ON true
     WHERE t.date = $1::date`,
    isoDay(day),
    isoDay(addDays(day, -model.freshness.staleAfterDays)),
  );
  const accounts: DigestAccount[] = rows.map((r) => ({
    id: r.id,
    name: r.name,
    arr: Number(r.arr),
    currency: r.currency,
    renewalDate: r.renewal_date,
    ownerSlackId: r.owner_slack_id,
    score: r.score,
    band: r.band,
    previousBand: r.previous_band,
    stale: r.stale,
  }));
  const overdueRequests = await listRequests(prisma, { statuses: [...WAITING_ON_CS_OPS], overdueAt: now });
  const draft = composeDigest({ day, accounts, overdueRequests, why: new Map(), now });
  const named = [...new Map([...draft.newlyAtRisk, ...draft.topAtRisk].map((a) => [a.id, a])).values()].slice(
    0,
    WHY_FOR,
  );
  const why = new Map<number, string>();
  for (const account of named) {
    const card = await loadHealthCard(sql, model, account.id, day);
    const change = card?.changes.days7 ?? card?.changes.days30;
    if (change) why.set(account.id, describeChange(change));
  }
  return { day, accounts, overdueRequests, why, now };
}

/** The digest's messages for a day: composed, not sent. */
export async function buildDigest(
  prisma: PrismaClient,
  sql: SqlQuery,
  model: HealthModel,
  today: Date,
  now: Date,
): Promise<{ day: string; main: SlackMessage; thread: SlackMessage[] }> {
  const input = await loadDigestInput(prisma, sql, model, today, now);
  const digest = composeDigest(input);
  return { day: digest.day, ...buildDigestMessages(digest, input) };
}
