import {
  classifyDirect,
  DIRECT_COLUMNS,
  DIRECT_LIMIT,
  DIRECT_ORDER,
  DIRECT_WHERE,
  directParams,
  type LookupResult,
  parseLookupQuery,
  searchFurther,
} from "../accounts/lookup.js";
import type { Candidate } from "../accounts/search.js";
import { OPEN_STATUSES } from "../contracts/state.js";
import type { SqlQuery } from "../db/database.js";
import type { Locale } from "../i18n/locale.js";
import { addDays } from "../time.js";
import type { AccountContext } from "./context.js";
import type { Band, HealthModel } from "./model.js";
import { asModels, type HealthModels, widestIgnoreAfterDays } from "./models.js";
import { readingsAsOf, type SampleRow } from "./readings.js";
import {
  type CardAlert,
  type CardRow,
  cardJsonSql,
  cardParamValues,
  parseCard,
  readCard,
  readSamplesOf,
  segmentsOf,
} from "./repository.js";
import {
  bandWithHysteresis,
  describeChange,
  explainChange,
  type HealthChange,
  type HealthScore,
  scoreHealth,
} from "./score.js";

/** How far back the card's trend goes. */
export const TREND_DAYS = 90;

/** The account as a card shows it. */
export type HealthCardAccount = CardRow["account"];

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
  /** The account at a glance, as every message draws it (context-view.ts `contextLine`). */
  context: AccountContext;
  /** The account's alert in force (open, acknowledged or snoozed); undefined: none. */
  alert?: CardAlert;
  /** The model's bands: the band's words, its hysteresis note, the bars' colours. */
  bands: HealthModel["bands"];
  modelName: string;
  modelVersion: string;
  /** The segment (as the model file writes it) whose own model scored the card; undefined: the default model. */
  modelSegment?: string;
}

/**
 * The days a card reads: samples far enough back for the 30-day comparison (under whichever
 * model the account turns out to have), 90 days of trend.
 */
const cardWindow = (models: HealthModels, today: Date) => ({
  samplesFrom: addDays(today, -(30 + widestIgnoreAfterDays(models))),
  trendFrom: addDays(today, -TREND_DAYS),
  today,
});

/**
 * An account's health card: today's score and band, the change since 7 and 30 days ago (both
 * recomputed from the readings with today's model, so a model change never passes for a
 * customer's), the stored trend, and the open paperwork. One query.
 */
export async function loadHealthCard(
  sql: SqlQuery,
  model: HealthModel | HealthModels,
  accountId: number,
  today: Date,
): Promise<HealthCardData | undefined> {
  const models = asModels(model);
  const row = await readCard(sql, accountId, cardWindow(models, today), OPEN_STATUSES);
  return row && buildAccountCard(row, models, today);
}

/** The card under the account's own model (its segment's, or the default). */
function buildAccountCard(row: CardRow, models: HealthModels, today: Date): HealthCardData {
  const { segment } = row.account;
  const card = buildCardData(row, models.modelFor(segment), today);
  const modelSegment = models.segmentFor(segment);
  return modelSegment === undefined ? card : { ...card, modelSegment };
}

/**
 * An account's health in one line, as alerts and the digest give it: the change over 7 days
 * (over 30 when a week's history is missing), "−18 in 7 days: usage −12 (…)".
 */
export function oneLineWhy(
  card: Pick<HealthCardData, "changes"> | undefined,
  locale: Locale = "en",
): string | undefined {
  const { days7, days30 } = card?.changes ?? {};
  // The window that moved most explains it: a 30-day collapse is not told by its last week.
  const change =
    days7 && days30 ? (Math.abs(days30.delta) > Math.abs(days7.delta) ? days30 : days7) : (days7 ?? days30);
  return change ? describeChange(change, locale) : undefined;
}

/** `oneLineWhy` of an account as of `day` (not the wall clock: a catch-up run may be late). */
export async function loadWhy(
  sql: SqlQuery,
  model: HealthModel | HealthModels,
  accountId: number,
  day: Date,
): Promise<string | undefined> {
  return oneLineWhy(await loadHealthCard(sql, model, accountId, day));
}

/**
 * `loadWhy` of many accounts as of `day`, in one query: the same line, from the same samples
 * (a card's "why" needs only its 7- and 30-day changes). Accounts without one map to undefined.
 */
export async function loadWhys(
  sql: SqlQuery,
  model: HealthModel | HealthModels,
  accountIds: readonly number[],
  day: Date,
  locale: Locale = "en",
): Promise<Map<number, string | undefined>> {
  const models = asModels(model);
  const window = cardWindow(models, day);
  const [samples, segments] = accountIds.length
    ? await Promise.all([
        readSamplesOf(sql, accountIds, window.samplesFrom, window.today),
        models.segments.length > 0 ? segmentsOf(sql, accountIds) : new Map<number, string>(),
      ])
    : [new Map<number, SampleRow[]>(), new Map<number, string>()];
  return new Map(
    accountIds.map((id) => [
      id,
      oneLineWhy(
        { changes: scoredChanges(samples.get(id) ?? [], models.modelFor(segments.get(id)), day).changes },
        locale,
      ),
    ]),
  );
}

/** `byTypo`: the account was found only by forgiving a typo in what was typed. */
export type CardLookup =
  | { kind: "card"; card: HealthCardData; byTypo?: true }
  | Exclude<LookupResult, { kind: "found" }>;

/**
 * What `/health <query>` shows, in one round trip for the usual case: the lookup's direct step
 * and the card of its best match come back together. Only a typo, or a best match that is not
 * the one found, costs more queries.
 */
export async function lookupHealthCard(
  sql: SqlQuery,
  model: HealthModel | HealthModels,
  query: string,
  today: Date,
): Promise<CardLookup> {
  const models = asModels(model);
  const q = parseLookupQuery(query);
  const [row] = await sql<{ candidates: Candidate[]; card: unknown }>(
    `WITH cand AS (
       SELECT ${DIRECT_COLUMNS}, row_number() OVER (ORDER BY ${DIRECT_ORDER}) AS rn
       FROM accounts WHERE ${DIRECT_WHERE} ORDER BY rn LIMIT ${DIRECT_LIMIT})
     SELECT
       (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name, 'searchKey', "searchKey",
          'externalId', "externalId", 'domain', domain) ORDER BY rn), '[]'::json) FROM cand) AS candidates,
       ${cardJsonSql("(SELECT id FROM cand WHERE rn = 1)", { samplesFrom: "$6", today: "$7", trendFrom: "$8" }, OPEN_STATUSES)} AS card`,
    [...directParams(q), ...cardParamValues(cardWindow(models, today))],
  );
  const candidates =
    typeof row?.candidates === "string"
      ? (JSON.parse(row.candidates) as Candidate[])
      : (row?.candidates ?? []);
  const result = classifyDirect(q, candidates) ?? (await searchFurther(sql, q));
  if (result.kind !== "found") return result;
  const prefetched = parseCard(row?.card);
  const card =
    prefetched && prefetched.account.id === result.account.id
      ? buildAccountCard(prefetched, models, today)
      : await loadHealthCard(sql, models, result.account.id, today);
  if (!card) return { kind: "none", suggestions: [] };
  return result.byTypo ? { kind: "card", card, byTypo: true } : { kind: "card", card };
}

/** The card's facts from what was read. Pure. */
/**
 * Today's score from an account's samples (oldest first), and its changes since 7 and 30 days
 * ago, each recomputed with today's model.
 */
function scoredChanges(samples: SampleRow[], model: HealthModel, today: Date) {
  const scoreAt = (daysAgo: number) => {
    const date = addDays(today, -daysAgo);
    return scoreHealth(readingsAsOf(samples, date), model, date);
  };
  const health = scoreAt(0);
  const before = { days7: scoreAt(7), days30: scoreAt(30) };
  return {
    health,
    changes: {
      days7: health && before.days7 ? explainChange(health, before.days7, 7) : undefined,
      days30: health && before.days30 ? explainChange(health, before.days30, 30) : undefined,
    },
  };
}

export function buildCardData(row: CardRow, model: HealthModel, today: Date): HealthCardData {
  const { account, samples, snapshots, openRequests, paperwork, alert } = row;
  const { health, changes } = scoredChanges(samples, model, today);
  const history = snapshots.filter((s) => s.date < today);
  const stored = snapshots.find(
    (s) => s.date.getTime() === today.getTime() && s.modelVersion === model.version,
  );
  const band = health
    ? (stored?.band ?? bandWithHysteresis(health.score, history[history.length - 1]?.band, model))
    : undefined;
  const changed = history.filter((s) => s.modelVersion !== model.version);

  return {
    account,
    today,
    health,
    band,
    changes,
    trend: [
      ...history.map((s) => ({ date: s.date, score: s.score })),
      ...(health ? [{ date: today, score: health.score }] : []),
    ],
    modelChangedAfter: changed.length > 0 ? changed[changed.length - 1]!.date : undefined,
    openRequests,
    context: {
      id: account.id,
      externalId: account.externalId,
      name: account.name,
      arr: account.arr,
      currency: account.currency,
      renewalDate: account.renewalDate,
      ownerSlackId: account.ownerSlackId,
      score: health?.score ?? null,
      band: band ?? null,
      paperwork,
    },
    alert,
    bands: model.bands,
    modelName: model.name,
    modelVersion: model.version,
  };
}
