import { listRequests } from "../contracts/service.js";
import { WAITING_ON_CS_OPS } from "../contracts/state.js";
import type { PrismaClient, SqlQuery } from "../db/database.js";
import type { HealthModel } from "../health/model.js";
import { latestSnapshotDay } from "../health/repository.js";
import { loadWhy } from "../health/service.js";
import type { SlackMessage } from "../slack/blocks.js";
import { composeDigest, type DigestInput } from "./compose.js";
import { loadDigestAccounts } from "./repository.js";
import { buildDigestMessages } from "./view.js";

/** How many of the first-named accounts get their one-line "why" (one card each). */
const WHY_FOR = 10;

/** Reads what the digest needs: the latest snapshot day up to `today`, its accounts in one query. */
export async function loadDigestInput(
  prisma: PrismaClient,
  sql: SqlQuery,
  model: HealthModel,
  today: Date,
  now: Date,
): Promise<DigestInput> {
  const day = (await latestSnapshotDay(prisma, today)) ?? today;
  const accounts = await loadDigestAccounts(prisma, model, day);
  const overdueRequests = await listRequests(prisma, { statuses: [...WAITING_ON_CS_OPS], overdueAt: now });
  const draft = composeDigest({ day, accounts, overdueRequests, why: new Map(), now });
  const named = [...new Map([...draft.newlyAtRisk, ...draft.topAtRisk].map((a) => [a.id, a])).values()].slice(
    0,
    WHY_FOR,
  );
  const why = new Map<number, string>();
  for (const account of named) {
    const line = await loadWhy(sql, model, account.id, day);
    if (line) why.set(account.id, line);
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
