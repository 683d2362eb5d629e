import { z } from "zod";
import type { Db } from "../accounts/repository.js";
import { type Status, statusSchema } from "../contracts/state.js";
import { type RequestType, requestTypeSchema } from "../contracts/types.js";
import type { SqlQuery } from "../db/database.js";
import { jsonRows } from "../db/json-rows.js";
import { memoized } from "../memo.js";
import { addDays, isoDay, utcDay } from "../time.js";
import { type CauseFacts, causeFactsSchema } from "./alert-reason.js";
import { type Band, bandSchema, checkedBand, type HealthModel } from "./model.js";
import type { SampleRow } from "./readings.js";
import { type Readings, staleBefore } from "./score.js";

/** Health's reads and writes. Dates are passed as YYYY-MM-DD and cast to `date` in SQL. */

/** A snapshot's component scores as stored: { usage: 72, support: 90, ... }. */
export const componentScoresSchema = z.record(z.string(), z.number());

/** A snapshot's score and band, read back and checked. */
export const snapshotScoreSchema = z.object({ score: z.number().int(), band: bandSchema });

/**
 * The latest snapshot of the account `accountSql` on or before the day `daySql` (SQL
 * expressions; no day: its latest of all), as a subquery to join LATERAL: the one way Kuroko
 * asks how healthy an account was on a day. `"t.date - 1"` asks for the one before snapshot t.
 */
export function latestSnapshotSql(accountSql: string, daySql?: string, columns = "score, band"): string {
  const until = daySql ? ` AND h.date <= ${daySql}` : "";
  return `(SELECT ${columns} FROM health_snapshots h WHERE h.account_id = ${accountSql}${until}
           ORDER BY h.date DESC LIMIT 1)`;
}

/**
 * Whether the account `accountSql` is stale: `isStale` (score.ts) in SQL, its newest metric
 * before `$n::date` bound to `staleBeforeParam(model, day)`, or no metric at all.
 */
export const staleSql = (accountSql: string, staleBeforeSql: string) =>
  `coalesce((SELECT max(m.date) FROM metric_samples m WHERE m.account_id = ${accountSql}) < ${staleBeforeSql}, true)`;

/**
 * The snapshot `t`'s previous band and day, and whether its data is stale (`staleBeforeSql` as
 * `staleSql`'s): as recorded on it by the snapshot job, or, on a snapshot written before they
 * were recorded (`measured_on` null), looked up as before. A CASE runs its look-up only for
 * such a snapshot.
 */
const recorded = (t: string, column: string, lookUp: string) =>
  `CASE WHEN ${t}.measured_on IS NOT NULL THEN ${column} ELSE ${lookUp} END`;
const previousLookUp = (t: string, column: string) =>
  `(SELECT h.${column} FROM health_snapshots h WHERE h.account_id = ${t}.account_id AND h.date < ${t}.date
    ORDER BY h.date DESC LIMIT 1)`;
export const previousBandSql = (t: string) => recorded(t, `${t}.previous_band`, previousLookUp(t, "band"));
export const previousDateSql = (t: string) => recorded(t, `${t}.previous_date`, previousLookUp(t, "date"));
export const snapshotStaleSql = (t: string, staleBeforeSql: string) =>
  recorded(t, `${t}.measured_on < ${staleBeforeSql}`, staleSql(`${t}.account_id`, staleBeforeSql));

/** The value `staleSql`'s day parameter takes: the same model parameter as `isStale`. */
export const staleBeforeParam = (model: HealthModel, day: Date) => isoDay(staleBefore(model, day));

type Raw = Pick<Db, "$queryRawUnsafe">;

/** The latest day on or before `onOrBefore` with any snapshot: the day a portfolio report reads. */
export async function latestSnapshotDay(db: Raw, onOrBefore: Date): Promise<Date | undefined> {
  const [row] = await db.$queryRawUnsafe<{ day: string | null }[]>(
    "SELECT to_char(max(date), 'YYYY-MM-DD') AS day FROM health_snapshots WHERE date <= $1::date",
    isoDay(onOrBefore),
  );
  return row?.day ? utcDay(row.day) : undefined;
}

/** An account's latest score and band, if it has been scored. */
export async function latestSnapshotOf(
  db: Raw,
  accountId: number,
): Promise<z.infer<typeof snapshotScoreSchema> | undefined> {
  const [row] = await db.$queryRawUnsafe<unknown[]>(
    `SELECT s.score, s.band FROM ${latestSnapshotSql("$1::int")} s`,
    accountId,
  );
  return row === undefined ? undefined : snapshotScoreSchema.parse(row);
}

/** Account ids from..to, inclusive: the portfolio is scored a slice at a time. */
export interface IdRange {
  from: number;
  to: number;
}

/**
 * Every account's latest value of each metric on or before `asOf`, within `horizonDays`, for a
 * slice of accounts: the portfolio's snapshot never costs a query per account. Most accounts'
 * newest sample has every metric the model needs (`wanted`), so that row is read first (one
 * index-ordered pass); only accounts missing one there are searched further back.
 */
export async function latestReadingsForAll(
  sql: SqlQuery,
  asOf: Date,
  horizonDays: number,
  ids: IdRange,
  wanted: readonly string[],
): Promise<Map<number, { readings: Readings; newest: Date }>> {
  const from = isoDay(addDays(asOf, -horizonDays));
  // One backward index probe per account (LATERAL ... LIMIT 1) rather than every sample of the
  // horizon sorted: with 14 samples an account, 3-5x less work for the database. Only the wanted
  // signals, as one JSON text of [account, day offset, value...] per account parsed at once:
  // row by row, the driver's parsing and the objects it made were a tenth of a snapshot.
  const latest = await jsonRows(
    sql,
    `SELECT json_agg(json_build_array(a.id, m.date - $1::date${wanted.map((_, i) => `, m.metrics->$${i + 5}`).join("")}))::text AS rows
     FROM accounts a
     CROSS JOIN LATERAL (SELECT s.date, s.metrics FROM metric_samples s
       WHERE s.account_id = a.id AND s.date <= $1::date AND s.date > $2::date
       ORDER BY s.date DESC LIMIT 1) m
     WHERE a.id BETWEEN $3 AND $4`,
    [isoDay(asOf), from, ids.from, ids.to, ...wanted],
  );
  // By account: its readings, and the day of its newest sample (staleness is judged by it).
  const result = new Map<number, { readings: Readings; newest: Date }>();
  const incomplete: number[] = [];
  // A slice's samples share a few days: one Date each (readings only read them).
  const dateAt = memoized((offset: number) => addDays(asOf, offset));
  for (const row of latest) {
    const [accountId, offset] = row;
    if (typeof accountId !== "number" || typeof offset !== "number")
      throw new Error("snapshot: a latest sample is not of the expected shape");
    const date = dateAt(offset);
    const readings: Readings = {};
    let complete = true;
    for (let i = 0; i < wanted.length; i++) {
      const value = row[i + 2];
      if (typeof value === "number" && Number.isFinite(value)) readings[wanted[i]!] = { value, date };
      else complete = false;
    }
    result.set(accountId, { readings, newest: date });
    if (!complete) incomplete.push(accountId);
  }
  if (incomplete.length === 0) return result;
  // An account whose newest sample lacks a signal takes that signal's latest number from its
  // older samples in the horizon, read like the newest: only the wanted signals, picked in Node.
  // (A tenth of the bench's portfolio; expanding every key of every older sample and sorting
  // them by name in the database cost more than the first read: 40 s of a million-account run.)
  const older = await jsonRows(
    sql,
    `SELECT json_agg(json_build_array(m.account_id, m.date - $1::date${wanted.map((_, i) => `, m.metrics->$${i + 4}`).join("")}))::text AS rows
     FROM metric_samples m
     WHERE m.account_id IN (SELECT jsonb_array_elements_text($3::jsonb)::int)
       AND m.date <= $1::date AND m.date > $2::date`,
    [isoDay(asOf), from, JSON.stringify(incomplete), ...wanted],
  );
  // Newest first, so that each signal keeps its latest reading.
  const byDay = older.map((row) => {
    const [accountId, offset] = row;
    if (typeof accountId !== "number" || typeof offset !== "number")
      throw new Error("snapshot: an older sample is not of the expected shape");
    return { accountId, offset, row };
  });
  byDay.sort((a, b) => b.offset - a.offset);
  for (const { accountId, offset, row } of byDay) {
    const found = result.get(accountId);
    if (!found) continue;
    for (let i = 0; i < wanted.length; i++) {
      const value = row[i + 2];
      const name = wanted[i]!;
      if (!found.readings[name] && typeof value === "number" && Number.isFinite(value))
        found.readings[name] = { value, date: dateAt(offset) };
    }
  }
  return result;
}

/**
 * The samples of several accounts from `from` to `to` (days, inclusive), oldest first, by
 * account: what `readCard` reads of one account, for many in one query (the alert sweep's "why").
 */
export async function readSamplesOf(
  sql: SqlQuery,
  accountIds: readonly number[],
  from: Date,
  to: Date,
): Promise<Map<number, SampleRow[]>> {
  const rows = await sql<{ account_id: number; date: string; metrics: unknown }>(
    `SELECT account_id, to_char(date, 'YYYY-MM-DD') AS date, metrics FROM metric_samples
     WHERE account_id IN (SELECT jsonb_array_elements_text($1::jsonb)::int)
       AND date BETWEEN $2::date AND $3::date
     ORDER BY account_id, date`,
    [JSON.stringify(accountIds), isoDay(from), isoDay(to)],
  );
  const byAccount = new Map<number, SampleRow[]>();
  for (const row of rows) {
    const id = Number(row.account_id);
    const samples = byAccount.get(id) ?? [];
    if (samples.length === 0) byAccount.set(id, samples);
    samples.push({ date: utcDay(row.date), metrics: metricsObject(row.metrics) });
  }
  return byAccount;
}

/** A stored sample's `metrics` as numbers by name (anything else in it is ignored). */
export function metricsObject(json: unknown): Record<string, number> {
  const object = (typeof json === "string" ? JSON.parse(json) : json) as Record<string, unknown> | null;
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(object ?? {})) {
    if (typeof value === "number" && Number.isFinite(value)) out[name] = value;
  }
  return out;
}

/**
 * The segment of each of these accounts that has one (by id or by id range): which model scores
 * it, when the models are by segment (models.ts).
 */
export async function segmentsOf(
  sql: SqlQuery,
  ids: readonly number[] | IdRange,
): Promise<Map<number, string>> {
  const rows = await sql<{ id: number; segment: string }>(
    Array.isArray(ids)
      ? "SELECT id, segment FROM accounts WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::int) AND segment IS NOT NULL"
      : "SELECT id, segment FROM accounts WHERE id BETWEEN $1 AND $2 AND segment IS NOT NULL",
    Array.isArray(ids) ? [JSON.stringify(ids)] : [(ids as IdRange).from, (ids as IdRange).to],
  );
  return new Map(rows.map((r) => [Number(r.id), r.segment]));
}

/** An account's latest snapshot before a day: its band and its day. */
export interface PreviousSnapshot {
  band: Band;
  date: Date;
}

/**
 * Each account's latest snapshot before `date`: its band (for hysteresis) and day (recorded on
 * the new snapshot, for the sweep's "entered red" and renewal risk).
 */
export async function previousSnapshots(
  sql: SqlQuery,
  date: Date,
  ids: IdRange,
): Promise<Map<number, PreviousSnapshot>> {
  // One JSON text of [account, band, day offset] per account, parsed at once (see
  // latestReadingsForAll); one Date per distinct day.
  const found = await jsonRows(
    sql,
    `SELECT json_agg(json_build_array(a.id, h.band, h.date - $1::date))::text AS rows FROM accounts a
     CROSS JOIN LATERAL (SELECT s.band, s.date FROM health_snapshots s
       WHERE s.account_id = a.id AND s.date < $1::date ORDER BY s.date DESC LIMIT 1) h
     WHERE a.id BETWEEN $2 AND $3`,
    [isoDay(date), ids.from, ids.to],
  );
  const result = new Map<number, PreviousSnapshot>();
  const dateAt = memoized((offset: number) => addDays(date, offset));
  for (const [accountId, band, offset] of found) {
    if (typeof accountId !== "number" || typeof offset !== "number")
      throw new Error("snapshot: a previous snapshot is not of the expected shape");
    const day = dateAt(offset);
    result.set(accountId, { band: checkedBand(band, `snapshot: account ${accountId}`), date: day });
  }
  return result;
}

export interface SnapshotRow {
  accountId: number;
  score: number;
  band: Band;
  /** Component scores, rounded: { usage: 72, support: 90, ... }. */
  components: Record<string, number>;
  /** The version of the model that scored it, when not the one `writeSnapshots` is given (a segment's). */
  modelVersion?: string;
  /** The account's snapshot before this one, if any. */
  previous?: PreviousSnapshot;
  /** The day of the newest metric sample it was scored from. */
  measuredOn: Date;
}

/** Writes one day's snapshots, replacing any already there (a rerun is idempotent). */
export async function writeSnapshots(
  sql: SqlQuery,
  date: Date,
  modelVersion: string,
  rows: SnapshotRow[],
): Promise<void> {
  // A slice's rows share a few days: each written out once (a million toISOString calls were
  // 4% of a snapshot's Node time).
  const day = memoized((time: number) => isoDay(new Date(time)));
  for (let start = 0; start < rows.length; start += 2_000) {
    const chunk = rows.slice(start, start + 2_000).map((r) => ({
      account_id: r.accountId,
      score: r.score,
      band: r.band,
      components: r.components,
      ...(r.modelVersion ? { model_version: r.modelVersion } : {}),
      ...(r.previous
        ? { previous_band: r.previous.band, previous_date: day(r.previous.date.getTime()) }
        : {}),
      measured_on: day(r.measuredOn.getTime()),
    }));
    await sql(
      `INSERT INTO health_snapshots (account_id, date, score, band, components, model_version,
         previous_band, previous_date, measured_on)
       SELECT r.account_id, $2::date, r.score, r.band, r.components, coalesce(r.model_version, $3),
         r.previous_band, r.previous_date, r.measured_on
       FROM jsonb_to_recordset($1::jsonb) AS r(account_id int, score int, band text, components jsonb,
         model_version text, previous_band text, previous_date date, measured_on date)
       ON CONFLICT (account_id, date) DO UPDATE SET
         score = EXCLUDED.score, band = EXCLUDED.band, components = EXCLUDED.components,
         model_version = EXCLUDED.model_version, previous_band = EXCLUDED.previous_band,
         previous_date = EXCLUDED.previous_date, measured_on = EXCLUDED.measured_on, created_at = now()`,
      [JSON.stringify(chunk), isoDay(date), modelVersion],
    );
  }
}

/** Whether any snapshot is of a day after `date` (the day being scored is not the newest). */
export async function hasSnapshotsAfter(sql: SqlQuery, date: Date): Promise<boolean> {
  const [row] = await sql<{ later: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM health_snapshots WHERE date > $1::date) AS later",
    [isoDay(date)],
  );
  return row?.later === true;
}

/**
 * After a slice's snapshots of `date` are written when later ones exist (a missed day scored
 * afterwards, a backfill): each account's next snapshot after `date` records this one as its
 * previous, as a look-up would now find it. Only snapshots that record one are changed.
 */
export async function recordAsPrevious(sql: SqlQuery, date: Date, ids: IdRange): Promise<void> {
  await sql(
    `UPDATE health_snapshots n SET previous_band = s.band, previous_date = s.date
     FROM health_snapshots s
     WHERE s.date = $1::date AND s.account_id BETWEEN $2 AND $3
       AND n.account_id = s.account_id AND n.measured_on IS NOT NULL
       AND n.date = (SELECT min(h.date) FROM health_snapshots h WHERE h.account_id = s.account_id AND h.date > $1::date)`,
    [isoDay(date), ids.from, ids.to],
  );
}

/**
 * History grain: daily snapshots for the last `dailyDays` days, one a week (Mondays) before
 * that, so that years of history stay affordable.
 */
export async function thinOldSnapshots(db: Db, today: Date, dailyDays: number): Promise<number> {
  return db.$executeRawUnsafe(
    "DELETE FROM health_snapshots WHERE date < $1::date AND extract(isodow FROM date) <> 1",
    isoDay(addDays(today, -dailyDays)),
  );
}

export interface StoredSnapshot {
  date: Date;
  score: number;
  band: Band;
  modelVersion: string;
}

/** What a health card reads about one account. */
export interface CardRow {
  account: {
    id: number;
    name: string;
    externalId: string;
    domain: string | null;
    arr: number;
    currency: string;
    renewalDate: Date | null;
    ownerSlackId: string | null;
    segment: string | null;
  };
  samples: SampleRow[];
  snapshots: StoredSnapshot[];
  openRequests: number;
  /** Open requests, and approved ones starting today or later, newest first (at most 5). */
  paperwork: CardPaperwork[];
  /** The account's alert still in force, if any: an open or acknowledged one before a snoozed one. */
  alert?: CardAlert;
}

/** A contract request as the card lists it (the same as an account context's paperwork). */
export interface CardPaperwork {
  number: number;
  type: RequestType;
  status: Status;
  startDate: Date | null;
}

/**
 * The account's alert as the card shows it, read from the alerts table here: health may not
 * import the alerts feature (alerts builds on health). Statuses as src/alerts/rules.ts has them.
 */
export interface CardAlert {
  status: "open" | "acknowledged" | "snoozed";
  /** In English, as recorded; `causes` (when recorded) says it in the reader's language. */
  reason: string;
  causes?: CauseFacts[];
  createdAt: Date;
  acknowledgedBy: string | null;
  snoozedUntil: Date | null;
  snoozedBy: string | null;
}

/** Alert statuses still in force (src/alerts/rules.ts OPEN_ALERT_STATUSES, which health cannot import). */
const ALERT_IN_FORCE = ["open", "acknowledged", "snoozed"] as const;

const quoteList = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ");

/** Where a card query finds its dates: SQL parameter placeholders ("$2"...). */
export interface CardParams {
  samplesFrom: string;
  today: string;
  trendFrom: string;
}

/**
 * A scalar SQL subquery giving, as one JSON value, everything a health card needs about the
 * account whose id is `idSql`: the account, its samples, its snapshots, and how many contract
 * requests are open. One round trip instead of four keeps `/health` close to a bare ack.
 */
export function cardJsonSql(idSql: string, p: CardParams, openStatuses: readonly string[]): string {
  return `(SELECT json_build_object(
      'account', json_build_object('id', a.id, 'name', a.name, 'externalId', a.external_id, 'domain', a.domain,
        'arr', a.arr::float8, 'currency', a.currency, 'renewalDate', a.renewal_date,
        'ownerSlackId', a.owner_slack_id, 'segment', a.segment),
      'samples', (SELECT coalesce(json_agg(json_build_object('date', m.date, 'metrics', m.metrics) ORDER BY m.date), '[]'::json)
        FROM metric_samples m WHERE m.account_id = a.id AND m.date BETWEEN ${p.samplesFrom}::date AND ${p.today}::date),
      'snapshots', (SELECT coalesce(json_agg(json_build_object('date', s.date, 'score', s.score, 'band', s.band,
          'modelVersion', s.model_version) ORDER BY s.date), '[]'::json)
        FROM health_snapshots s WHERE s.account_id = a.id AND s.date >= ${p.trendFrom}::date),
      'openRequests', (SELECT count(*)::int FROM contract_requests c
        WHERE c.account_id = a.id AND c.status IN (${quoteList(openStatuses)})),
      'paperwork', (SELECT coalesce(json_agg(json_build_object('number', p.number, 'type', p.type,
          'status', p.status, 'startDate', to_char(p.start_date, 'YYYY-MM-DD')) ORDER BY p.submitted_at DESC), '[]'::json)
        FROM (SELECT * FROM contract_requests r WHERE r.account_id = a.id
          AND (r.status IN (${quoteList(openStatuses)}) OR (r.status = 'approved' AND r.start_date >= ${p.today}::date))
          ORDER BY r.submitted_at DESC LIMIT 5) p),
      'alert', (SELECT json_build_object('status', al.status, 'reason', al.reason, 'causes', al.details->'causes',
          'createdAt', (extract(epoch FROM al.created_at) * 1000)::float8,
          'acknowledgedBy', al.acknowledged_by,
          'snoozedUntil', (extract(epoch FROM al.snoozed_until) * 1000)::float8, 'snoozedBy', al.snoozed_by)
        FROM alerts al WHERE al.account_id = a.id AND al.status IN (${quoteList(ALERT_IN_FORCE)})
        ORDER BY al.status = 'snoozed', al.created_at DESC LIMIT 1))
    FROM accounts a WHERE a.id = ${idSql})`;
}

/** The dates a card query binds, in its parameters' order. */
export const cardParamValues = (window: { samplesFrom: Date; trendFrom: Date; today: Date }) => [
  isoDay(window.samplesFrom),
  isoDay(window.today),
  isoDay(window.trendFrom),
];

interface CardJson {
  account: Omit<CardRow["account"], "renewalDate"> & { renewalDate: string | null };
  samples: { date: string; metrics: unknown }[];
  snapshots: { date: string; score: number; band: string; modelVersion: string }[];
  openRequests: number;
  paperwork: { number: number; type: string; status: string; startDate: string | null }[];
  alert:
    | (Omit<CardAlert, "createdAt" | "snoozedUntil" | "causes"> & {
        createdAt: number;
        snoozedUntil: number | null;
        causes: unknown;
      })
    | null;
}

/** Recorded causes, if they read as facts (an alert recorded before them keeps its sentence). */
function causesOf(json: unknown): CauseFacts[] | undefined {
  const parsed = z.array(causeFactsSchema).safeParse(json);
  return parsed.success && parsed.data.length > 0 ? parsed.data : undefined;
}

/** Turns `cardJsonSql`'s value into typed rows (dates as UTC midnights). */
export function parseCard(json: unknown): CardRow | undefined {
  if (!json) return undefined;
  const card = (typeof json === "string" ? JSON.parse(json) : json) as CardJson;
  return {
    account: {
      ...card.account,
      renewalDate: card.account.renewalDate ? utcDay(card.account.renewalDate) : null,
    },
    samples: card.samples.map(
      (s): SampleRow => ({ date: utcDay(s.date), metrics: metricsObject(s.metrics) }),
    ),
    snapshots: card.snapshots.map((s) => ({ ...s, date: utcDay(s.date), band: bandSchema.parse(s.band) })),
    openRequests: card.openRequests,
    paperwork: card.paperwork.map((p) => ({
      number: p.number,
      type: requestTypeSchema.parse(p.type),
      status: statusSchema.parse(p.status),
      startDate: p.startDate ? utcDay(p.startDate) : null,
    })),
    alert: card.alert
      ? {
          ...card.alert,
          status: z.enum(ALERT_IN_FORCE).parse(card.alert.status),
          causes: causesOf(card.alert.causes),
          createdAt: new Date(card.alert.createdAt),
          snoozedUntil: card.alert.snoozedUntil === null ? null : new Date(card.alert.snoozedUntil),
        }
      : undefined,
  };
}

/** One account's card data by id. */
export async function readCard(
  sql: SqlQuery,
  accountId: number,
  window: { samplesFrom: Date; trendFrom: Date; today: Date },
  openStatuses: readonly string[],
): Promise<CardRow | undefined> {
  const rows = await sql<{ card: unknown }>(
    `SELECT ${cardJsonSql("$1", { samplesFrom: "$2", today: "$3", trendFrom: "$4" }, openStatuses)} AS card`,
    [accountId, ...cardParamValues(window)],
  );
  return parseCard(rows[0]?.card);
}
