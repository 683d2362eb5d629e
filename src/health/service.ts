import type { PrismaClient } from "../db/database.js";
import { addDays } from "../time.js";
import type { Band, HealthModel } from "./model.js";
import { readingsAsOf } from "./readings.js";
import { samplesBetween, snapshotsSince } from "./repository.js";
import {
  bandWithHysteresis,
  explainChange,
  type HealthChange,
  type HealthScore,
  scoreHealth,
} from "./score.js";

/** Contract request statuses that still need work (the contracts feature owns the full list). */
export const OPEN_CONTRACT_STATUSES = [
  "submitted",
  "in_review",
  "changes_requested",
  "awaiting_second_approval",
];

/** How far back the card's trend goes. */
export const TREND_DAYS = 90;

export interface HealthCardAccount {
  id: number;
  name: string;
  externalId: string;
  domain: string | null;
  arr: number;
  currency: string;
  renewalDate: Date | null;
  ownerSlackId: string | null;
  segment: string | null;
}

/** Everything a health card shows, computed; the views only lay it out. */
export interface HealthCardData {
  account: HealthCardAccount;
  today: Date;
  /** Undefined: the account has no usable metric yet. */
  health?: HealthScore;
  band?: Band;
  changes: { days7?: HealthChange; days30?: HealthChange };
  /** Stored daily scores over the last 90 days, then today's. */
  trend: { date: Date; score: number }[];
  /**
   * The last stored day scored by another model version: the trend before it is not comparable.
   * (The changes above are recomputed with today's model, so they are not affected.)
   */
  modelChangedAfter?: Date;
  openRequests: number;
  modelName: string;
  modelVersion: string;
}

/**
 * Assembles an account's health card: today's score and band, the change since 7 and 30 days
 * ago (both recomputed from the readings with today's model, so a model change never passes
 * for a customer's), the stored trend, and the open paperwork. Four queries, run together.
 */
export async function loadHealthCard(
  prisma: PrismaClient,
  model: HealthModel,
  accountId: number,
  today: Date,
): Promise<HealthCardData | undefined> {
  const lookback = 30 + model.freshness.ignoreAfterDays;
  const [account, samples, snapshots, openRequests] = await Promise.all([
    prisma.account.findUnique({ where: { id: accountId } }),
    samplesBetween(prisma, accountId, addDays(today, -lookback), today),
    snapshotsSince(prisma, accountId, addDays(today, -TREND_DAYS)),
    prisma.contractRequest.count({ where: { accountId, status: { in: OPEN_CONTRACT_STATUSES } } }),
  ]);
  if (!account) return undefined;

  const scoreAt = (daysAgo: number) => {
    const date = addDays(today, -daysAgo);
    return scoreHealth(readingsAsOf(samples, date), model, date);
  };
  const health = scoreAt(0);
  const before = { days7: scoreAt(7), days30: scoreAt(30) };
  const history = snapshots.filter((s) => s.date < today);
  const stored = snapshots.find(
    (s) => s.date.getTime() === today.getTime() && s.modelVersion === model.version,
  );
  const band = health
    ? (stored?.band ?? bandWithHysteresis(health.score, history[history.length - 1]?.band, model))
    : undefined;
  const changed = history.filter((s) => s.modelVersion !== model.version);

  return {
    account: {
      id: account.id,
      name: account.name,
      externalId: account.externalId,
      domain: account.domain,
      arr: account.arr.toNumber(),
      currency: account.currency,
      renewalDate: account.renewalDate,
      ownerSlackId: account.ownerSlackId,
      segment: account.segment,
    },
    today,
    health,
    band,
    changes: {
      days7: health && before.days7 ? explainChange(health, before.days7, 7) : undefined,
      days30: health && before.days30 ? explainChange(health, before.days30, 30) : undefined,
    },
    trend: [
      ...history.map((s) => ({ date: s.date, score: s.score })),
      ...(health ? [{ date: today, score: health.score }] : []),
    ],
    modelChangedAfter: changed.length > 0 ? changed[changed.length - 1]!.date : undefined,
    openRequests,
    modelName: model.name,
    modelVersion: model.version,
  };
}
