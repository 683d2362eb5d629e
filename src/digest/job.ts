import { listRequests } from "../contracts/service.js";
import { WAITING_ON_CS_OPS } from "../contracts/state.js";
import type { PrismaClient, SqlQuery } from "../db/database.js";
import { type AccountContext, loadAccountContexts } from "../health/context.js";
import type { HealthModel } from "../health/model.js";
import { latestSnapshotDay } from "../health/repository.js";
import { describeChange } from "../health/score.js";
import { loadHealthCard } from "../health/service.js";
import type { Locale } from "../i18n/locale.js";
import type { FxRates } from "../money.js";
import type { SlackMessage } from "../slack/blocks.js";
import {
  composeDigest,
  type Digest,
  type DigestInput,
  type DigestReason,
  describeWeakest,
} from "./compose.js";
import { loadDigestAccounts } from "./repository.js";
import { buildDigestMessages, namedInMain } from "./view.js";

/** What the digest reads besides the database: rates for one total, the CRM link. */
export interface DigestOptions {
  fx?: FxRates;
  crmUrlTemplate?: string;
  /** `/csops digest`: one private message, its lists inline (an ephemeral message has no thread). */
  preview?: boolean;
  /** Its language: the channel's for the posted digest, the reader's for a preview (default English). */
  locale?: Locale;
}

/**
 * Reads what the digest needs: the latest snapshot day up to `today`, its accounts in one
 * query; then, for the accounts the main message names with their reasons, each one's card
 * (why it is at risk) and their contexts (one query).
 */
export async function loadDigestInput(
  prisma: PrismaClient,
  sql: SqlQuery,
  model: HealthModel,
  today: Date,
  now: Date,
  fx?: FxRates,
  locale: Locale = "en",
): Promise<{ input: DigestInput; digest: Digest; contexts: Map<number, AccountContext> }> {
  const day = (await latestSnapshotDay(prisma, today)) ?? today;
  const { accounts, counts } = await loadDigestAccounts(sql, model, day);
  const overdueRequests = await listRequests(prisma, { statuses: [...WAITING_ON_CS_OPS], overdueAt: now });
  const base = { day, accounts, counts, overdueRequests, now, fx };
  const digest = composeDigest({ ...base, reasons: new Map() });
  const named = namedInMain(digest);
  const collapsed = new Set(digest.collapses.map((a) => a.id));
  const reasons = new Map<number, DigestReason>();
  for (const account of named) {
    const card = await loadHealthCard(sql, model, account.id, day);
    if (!card) continue;
    // A collapse is explained over its 30 days; anything else by its last week (or month).
    const change = collapsed.has(account.id)
      ? card.changes.days30
      : (card.changes.days7 ?? card.changes.days30);
    reasons.set(account.id, {
      change: change ? describeChange(change, locale) : undefined,
      weakest: card.health ? describeWeakest(card.health, model, undefined, locale) : undefined,
    });
  }
  const contexts = await loadAccountContexts(
    prisma,
    named.map((a) => a.id),
    day,
  );
  return { input: { ...base, reasons }, digest, contexts };
}

/** The digest's messages for a day: composed, not sent. */
export async function buildDigest(
  prisma: PrismaClient,
  sql: SqlQuery,
  model: HealthModel,
  today: Date,
  now: Date,
  options: DigestOptions = {},
): Promise<{ day: string; main: SlackMessage; thread: SlackMessage[] }> {
  const { input, digest, contexts } = await loadDigestInput(
    prisma,
    sql,
    model,
    today,
    now,
    options.fx,
    options.locale,
  );
  return {
    day: digest.day,
    ...buildDigestMessages(digest, {
      day: input.day,
      now,
      reasons: input.reasons,
      contexts,
      model,
      crmUrlTemplate: options.crmUrlTemplate,
      preview: options.preview,
      locale: options.locale,
    }),
  };
}
