import type { Prisma, PrismaClient, SqlQuery } from "../db/database.js";
import { jsonRowsWith } from "../db/json-rows.js";
import { type Band, type HealthModel, isBand } from "../health/model.js";
import {
  latestSnapshotSql,
  previousBandSql,
  previousDateSql,
  snapshotStaleSql,
  staleBeforeParam,
} from "../health/repository.js";
import { memoized } from "../memo.js";
import { isoDay, utcDay } from "../time.js";
import {
  type AlertDetails,
  type AlertRules,
  type AlertStatus,
  type AlertSubject,
  alertDetailsSchema,
  alertStatusSchema,
  OPEN_ALERT_STATUSES,
} from "./rules.js";

/** Alerts' reads and writes. Rows come back checked: a status and details of the known shapes. */

type Db = Pick<PrismaClient, "alert" | "$queryRawUnsafe">;

const withAccount = { account: { select: { id: true, name: true, ownerSlackId: true } } } as const;
type AlertRow = Prisma.AlertGetPayload<{ include: typeof withAccount }>;

/** An alert with its account, as the feature works with it. */
export type AlertRecord = Omit<AlertRow, "status" | "details"> & {
  status: AlertStatus;
  details: AlertDetails;
};

const parseAlert = (row: AlertRow): AlertRecord => ({
  ...row,
  status: alertStatusSchema.parse(row.status),
  details: alertDetailsSchema.parse(row.details ?? {}),
});

export async function findAlert(db: Db, id: number): Promise<AlertRecord | undefined> {
  const row = await db.alert.findUnique({ where: { id }, include: withAccount });
  return row ? parseAlert(row) : undefined;
}

/** Alerts not yet resolved, every account's. */
export async function findOpenAlerts(db: Db): Promise<AlertRecord[]> {
  const rows = await db.alert.findMany({
    where: { status: { in: [...OPEN_ALERT_STATUSES] } },
    include: withAccount,
  });
  return rows.map(parseAlert);
}

/** The ids of an account's alerts in these statuses. */
export async function alertIdsOf(db: Db, accountId: number, statuses: AlertStatus[]): Promise<number[]> {
  const rows = await db.alert.findMany({
    where: { accountId, status: { in: statuses } },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** Dedupe keys of the alerts resolved since `since` (their causes cool down). */
export async function keysResolvedSince(db: Db, since: Date): Promise<Set<string>> {
  const rows = await db.alert.findMany({
    where: { status: "resolved", resolvedAt: { gte: since } },
    select: { dedupeKey: true },
  });
  return new Set(rows.map((a) => a.dedupeKey));
}

export async function hasOpenAlert(db: Db, accountId: number): Promise<boolean> {
  const open = await db.alert.findFirst({
    where: { accountId, status: { in: [...OPEN_ALERT_STATUSES] } },
    select: { id: true },
  });
  return open !== null;
}

export async function createAlert(
  db: Db,
  alert: {
    accountId: number;
    cause: string;
    dedupeKey: string;
    reason: string;
    /** How much it matters (severity.ts). */
    severity: number;
    details: AlertDetails;
  },
): Promise<AlertRecord> {
  return parseAlert(await db.alert.create({ data: alert, include: withAccount }));
}

/** The advisory-lock class of raising alerts (contracts use 4,201 and 4,202). */
const RAISE_LOCK_CLASS = 4_203;

/**
 * Takes, for the caller's transaction, the lock every transaction raising alerts takes first:
 * "no open alert yet" is then read after any other raise has committed, so two sweeps at once
 * (a manual run beside the scheduled one, two replicas) never open two alerts for one account.
 * Under READ COMMITTED each raise's check would otherwise miss the other's uncommitted row.
 */
export async function lockRaising(tx: Pick<PrismaClient, "$executeRawUnsafe">): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${RAISE_LOCK_CLASS}, 0)`);
}

/**
 * Records many alerts in one statement, skipping each account that has an open alert already
 * (as `hasOpenAlert` then `createAlert` would, row by row): for a sweep's alerts that have no
 * message of their own. Ids follow the order given. Returns the accounts alerted and their ids.
 */
export async function createAlerts(
  db: Pick<PrismaClient, "$queryRawUnsafe">,
  alerts: {
    accountId: number;
    cause: string;
    dedupeKey: string;
    reason: string;
    severity: number;
    details: AlertDetails;
  }[],
): Promise<{ id: number; accountId: number }[]> {
  if (alerts.length === 0) return [];
  const rows = alerts.map((a, ord) => ({
    ord,
    account_id: a.accountId,
    cause: a.cause,
    dedupe_key: a.dedupeKey,
    reason: a.reason,
    severity: a.severity,
    details: a.details,
  }));
  const open = OPEN_ALERT_STATUSES.map((status) => `'${status}'`).join(", ");
  const created = await db.$queryRawUnsafe<{ id: number | bigint; account_id: number | bigint }[]>(
    `INSERT INTO alerts (account_id, cause, dedupe_key, reason, severity, details, updated_at)
     SELECT r.account_id, r.cause, r.dedupe_key, r.reason, r.severity, r.details, now()
     FROM jsonb_to_recordset($1::jsonb)
       AS r(ord int, account_id int, cause text, dedupe_key text, reason text, severity int, details jsonb)
     WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.account_id = r.account_id AND a.status IN (${open}))
     ORDER BY r.ord
     RETURNING id, account_id`,
    JSON.stringify(rows),
  );
  return created
    .map((c) => ({ id: Number(c.id), accountId: Number(c.account_id) }))
    .sort((a, b) => a.id - b.id);
}

/** What a change writes: the new status and who did it, when. */
export interface AlertChange {
  status: AlertStatus;
  acknowledgedBy?: string;
  acknowledgedAt?: Date;
  snoozedBy?: string;
  snoozedUntil?: Date | null;
  resolvedAt?: Date;
  details?: AlertDetails;
}

/**
 * Changes an alert only if it is still the version that was read (optimistic concurrency, as
 * contract requests do): two clicks at the same moment change it once. Returns the changed
 * alert, or undefined when another change came first (nothing written).
 */
export async function updateAlert(
  db: Db,
  alert: { id: number; version: number },
  change: AlertChange,
): Promise<AlertRecord | undefined> {
  const { count } = await db.alert.updateMany({
    where: { id: alert.id, version: alert.version },
    data: { ...change, version: { increment: 1 } },
  });
  if (count === 0) return undefined;
  return findAlert(db, alert.id);
}

/** An account scored on the sweep's day, with what the rules compare it to. */
export interface SweepSubject extends AlertSubject {
  name: string;
  ownerSlackId: string | null;
  /** The account's ARR and its currency (severity orders by it: no context needed to rank). */
  arr: number;
  currency: string;
}

/**
 * A subject as the query below returns it: one JSON array per account, its fields in this order
 * (then each window's score, and its components for a window whose components are read).
 */
type SubjectArray = [
  accountId: number,
  name: string,
  ownerSlackId: string | null,
  renewalDate: string | null,
  arr: number,
  currency: string,
  score: number,
  band: string,
  components: Record<string, number>,
  previousBand: string | null,
  previousDay: string | null,
  stale: boolean,
  ...windows: (number | Record<string, number> | null)[],
];

/**
 * A subject checked by hand, not with zod: a first morning reads a million of them, and zod's
 * parse was a tenth of the sweep. What the SQL cannot promise (a band's text, the JSON's shape)
 * is checked; a row out of shape stops the sweep, naming its account.
 */
function checkedSubject(raw: unknown): SubjectArray & { 7: Band; 9: Band | null } {
  const row = raw as SubjectArray;
  const ok =
    Array.isArray(raw) &&
    typeof row[0] === "number" &&
    typeof row[1] === "string" &&
    typeof row[4] === "number" &&
    typeof row[6] === "number" &&
    isBand(row[7]) &&
    typeof row[8] === "object" &&
    row[8] !== null &&
    (row[9] === null || isBand(row[9])) &&
    typeof row[11] === "boolean";
  if (!ok)
    throw new Error(
      `alert sweep: account ${String(Array.isArray(raw) ? raw[0] : raw)}'s snapshot is not of the expected shape`,
    );
  return row as SubjectArray & { 7: Band; 9: Band | null };
}

/**
 * What the sweep can skip reading: an account with no open alert whose snapshot no rule could
 * act on. The rules (rules.ts `evaluate`) hold nothing for an account that is stale, or green
 * with no decline of a rule's points over its window and no component down by the cliff's:
 * seven in ten of the bench's million accounts. Such accounts are counted (scored, stale), not read.
 */
export interface SweepFilter {
  rules: AlertRules;
  /** The accounts with an alert still open (their alert may resolve or wake): always read. */
  open: readonly number[];
  /** Every component key the models score (a snapshot with another key is read). */
  componentKeys: readonly string[];
}

/** A slice of the sweep: the subjects read, and how many accounts were scored and stale in all. */
export interface SweepSlice {
  subjects: SweepSubject[];
  scored: number;
  stale: number;
}

/**
 * The day's snapshots with what the rules compare them to (the snapshot before, the latest one
 * on or before each of `windows` days ago, the renewal date, ARR, staleness), in one query,
 * straight through the driver (`sql`). A window's score is a plain field; its component scores
 * (JSON, costly to write out and to parse a million times) are read only for `componentWindows`
 * (the cliff's). A slice comes back as one JSON text of an array per account, parsed at once:
 * row by row, the driver's parsing of each column and the objects it made were a third of a
 * first morning's sweep at a million accounts. With a `filter`, only the accounts it cannot rule
 * out are read, and every account is counted (scored, and stale or not).
 */
export async function loadSweepSlice(
  sql: SqlQuery,
  model: HealthModel,
  day: Date,
  windows: readonly number[],
  /** Only accounts whose id is in this range (the sweep reads a slice at a time). */
  ids?: { from: number; to: number },
  componentWindows: readonly number[] = windows,
  filter?: SweepFilter,
): Promise<SweepSlice> {
  const days = windows.map((w) => Math.trunc(w));
  const withComponents = days.map((w) => componentWindows.some((c) => Math.trunc(c) === w));
  const params: unknown[] = [isoDay(day), staleBeforeParam(model, day), ...(ids ? [ids.from, ids.to] : [])];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  // One lateral read per window: w<i> is the latest snapshot on or before that day.
  const laterals = days
    .map(
      (w, i) =>
        `LEFT JOIN LATERAL ${latestSnapshotSql("t.account_id", `$1::date - ${w}`, withComponents[i] ? "score, components" : "score")} w${i} ON true`,
    )
    .join("\n       ");
  const windowColumns = days
    .map(
      (_, i) =>
        `, w${i}.score AS w${i}_score${withComponents[i] ? `, w${i}.components AS w${i}_components` : ""}`,
    )
    .join("");
  const windowFields = days
    .map((_, i) => `, s.w${i}_score${withComponents[i] ? `, s.w${i}_components` : ""}`)
    .join("");
  const read = filter ? mightActSql(filter, days, withComponents, param) : "true";
  const { rows: list, columns } = await jsonRowsWith(
    sql,
    // Days as JSON give 'YYYY-MM-DD' whatever the DateStyle (to_char was a third of the JSON's cost).
    `SELECT count(*) AS scored, count(*) FILTER (WHERE s.stale) AS stale,
       json_agg(json_build_array(s.account_id, s.name, s.owner_slack_id,
         s.renewal_date, s.arr, s.currency, s.score, s.band, s.components,
         s.previous_band, s.previous_date, s.stale${windowFields})) FILTER (WHERE s.read)::text AS rows
     FROM (
       SELECT t.account_id, a.name, a.owner_slack_id, a.renewal_date, a.arr::float8 AS arr, a.currency,
         t.score, t.band, t.components, ${previousBandSql("t")} AS previous_band,
         ${previousDateSql("t")} AS previous_date, ${snapshotStaleSql("t", "$2::date")} AS stale${windowColumns}
       FROM health_snapshots t JOIN accounts a ON a.id = t.account_id
       ${laterals}
       WHERE t.date = $1::date${
         // The range on both sides of the join: on the snapshot's side alone, PostgreSQL reads
         // every account for each slice (a million rows per 20,000 at a million accounts).
         ids ? " AND t.account_id BETWEEN $3 AND $4 AND a.id BETWEEN $3 AND $4" : ""
       }) s0
     CROSS JOIN LATERAL (SELECT s0.*, ${read} AS read) s`,
    params,
  );
  // A slice's renewal and previous days are a few hundred distinct ones: one Date each (nothing
  // changes a Date in place), not two new ones per account.
  const dayOf = memoized(utcDay);
  const subjects = list.map((raw): SweepSubject => {
    const row = checkedSubject(raw);
    const windowsFound: SweepSubject["before"] = {};
    let at = 12;
    for (const [i, w] of days.entries()) {
      const score = row[at++];
      const components = withComponents[i] ? row[at++] : undefined;
      if (score === null || score === undefined) continue;
      if (
        typeof score !== "number" ||
        (withComponents[i] && (typeof components !== "object" || components === null))
      )
        throw new Error(`alert sweep: account ${row[0]}'s snapshot is not of the expected shape`);
      windowsFound[w] = withComponents[i]
        ? { score, components: components as Record<string, number> }
        : { score };
    }
    return {
      accountId: row[0],
      day,
      name: row[1],
      ownerSlackId: row[2],
      renewalDate: row[3] ? dayOf(row[3]) : null,
      arr: row[4],
      currency: row[5],
      score: row[6],
      band: row[7],
      previous: row[9] && row[10] ? { band: row[9], day: dayOf(row[10]) } : null,
      components: row[8],
      before: windowsFound,
      stale: row[11],
    };
  });
  return { subjects, scored: Number(columns.scored ?? 0), stale: Number(columns.stale ?? 0) };
}

/**
 * SQL that is true for every account of the slice (`s0`) the rules could act on, and for some
 * they will not: kept in step with rules.ts `evaluate`, which holds nothing for a stale account,
 * and otherwise needs red or yellow (entered red, red, a renewal at risk), a drop of a decline
 * rule's points over its window, or a component down by the cliff's points over its window.
 * Anything out of the usual shape (a band not known, components that are not an object, a
 * component not a number, a key no model scores) is read, for the sweep to judge or refuse as
 * before. Accounts with an alert still open are always read. Component scores are whole numbers
 * (the snapshot rounds them); the cliff's comparison allows for a fraction's rounding all the same.
 */
function mightActSql(
  filter: SweepFilter,
  days: readonly number[],
  withComponents: readonly boolean[],
  param: (value: unknown) => string,
): string {
  const { rules } = filter;
  const parts = ["s0.band <> 'green'"];
  for (const rule of [rules.drop, rules.decline]) {
    const i = days.indexOf(rule.days);
    if (rule.enabled && i >= 0) parts.push(`s0.w${i}_score - s0.score >= ${param(rule.points)}::int`);
  }
  const c = days.indexOf(rules.cliff.days);
  if (rules.cliff.enabled && c >= 0) {
    if (!withComponents[c]) throw new Error("alert sweep: the cliff's window is read without its components");
    const then = `s0.w${c}_components`;
    const points = `${param(rules.cliff.points)}::numeric`;
    const keys = filter.componentKeys.map((key) => `${param(key)}::text`);
    const drops = keys.map(
      (
        key,
      ) => `(CASE WHEN jsonb_typeof(${then}->${key}) = 'number' AND jsonb_typeof(s0.components->${key}) = 'number'
          THEN (${then}->${key})::numeric - (s0.components->${key})::numeric >= ${points} - 0.000001
          ELSE ${then}->${key} IS NOT NULL AND s0.components->${key} IS NOT NULL END)`,
    );
    parts.push(`(CASE WHEN ${then} IS NULL THEN false
        WHEN jsonb_typeof(s0.components) <> 'object' OR jsonb_typeof(${then}) <> 'object' THEN true
        ELSE s0.components - ARRAY[${keys.join(", ")}]::text[] <> '{}'::jsonb${drops.map((d) => ` OR ${d}`).join("")} END)`);
  }
  // A row out of shape is read whatever its state: the sweep stops on it, naming its account.
  const bands = "('red', 'yellow', 'green')";
  const odd = [
    `s0.band NOT IN ${bands}`,
    `s0.previous_band NOT IN ${bands}`,
    "jsonb_typeof(s0.components) <> 'object'",
    ...days.flatMap((_, i) => (withComponents[i] ? [`jsonb_typeof(s0.w${i}_components) <> 'object'`] : [])),
  ];
  const open = param(JSON.stringify(filter.open));
  return `(s0.account_id IN (SELECT jsonb_array_elements_text(${open}::jsonb)::int)
      OR ${odd.join(" OR ")}
      OR (NOT s0.stale AND (${parts.join(" OR ")})))`;
}

/** A baseline's account, as recorded (alert_baselines.accounts). */
export interface BaselineEntry {
  accountId: number;
  red: boolean;
  renewalAtRisk: boolean;
}

type BaselineDb = Pick<PrismaClient, "alertBaseline">;

export async function hasBaseline(db: BaselineDb, fingerprint: string): Promise<boolean> {
  return (await db.alertBaseline.count({ where: { fingerprint } })) > 0;
}

/**
 * Records the baseline for `fingerprint`, unless one exists: the unique fingerprint decides
 * between two sweeps at once. True when this call wrote it (and so posts its summary). The
 * accounts go as one JSON text parameter of a raw statement: a first morning on a million
 * accounts records ~110,000 of them, and Prisma's createMany took 20 s over that object.
 */
export async function recordBaseline(
  db: Pick<PrismaClient, "$executeRawUnsafe">,
  fingerprint: string,
  day: Date,
  accounts: BaselineEntry[],
): Promise<boolean> {
  const written = await db.$executeRawUnsafe(
    `INSERT INTO alert_baselines (fingerprint, day, accounts) VALUES ($1, $2::date, $3::jsonb)
     ON CONFLICT (fingerprint) DO NOTHING`,
    fingerprint,
    isoDay(day),
    JSON.stringify(accounts),
  );
  return written === 1;
}
