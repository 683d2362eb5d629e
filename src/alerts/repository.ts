import { z } from "zod";
import type { Prisma, PrismaClient } from "../db/database.js";
import { bandSchema, type HealthModel } from "../health/model.js";
import {
  componentScoresSchema,
  latestSnapshotSql,
  staleBeforeParam,
  staleSql,
} from "../health/repository.js";
import { isoDay } from "../time.js";
import {
  type AlertDetails,
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

/**
 * Records many alerts in one statement, skipping each account that has an open alert already
 * (as `hasOpenAlert` then `createAlert` would, row by row): for a sweep's alerts that have no
 * message of their own. Ids follow the order given. Returns the accounts alerted and their ids.
 */
export async function createAlerts(
  db: Db,
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
  const created = await db.$queryRawUnsafe<{ id: number; account_id: number }[]>(
    `INSERT INTO alerts (account_id, cause, dedupe_key, reason, severity, details, updated_at)
     SELECT r.account_id, r.cause, r.dedupe_key, r.reason, r.severity, r.details, now()
     FROM jsonb_to_recordset($1::jsonb)
       AS r(ord int, account_id int, cause text, dedupe_key text, reason text, severity int, details jsonb)
     WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.account_id = r.account_id AND a.status IN (${open}))
     ORDER BY r.ord
     RETURNING id, account_id`,
    JSON.stringify(rows),
  );
  return created.map((c) => ({ id: c.id, accountId: c.account_id })).sort((a, b) => a.id - b.id);
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
}

const subjectRow = z.object({
  account_id: z.number().int(),
  name: z.string(),
  owner_slack_id: z.string().nullable(),
  renewal_date: z.date().nullable(),
  score: z.number().int(),
  band: bandSchema,
  components: componentScoresSchema,
  previous_band: bandSchema.nullable(),
  previous_day: z.date().nullable(),
  before: z
    .record(z.string(), z.object({ score: z.number().int(), components: componentScoresSchema }).nullable())
    .nullable(),
  stale: z.boolean(),
});

/**
 * The day's snapshots with what the rules compare them to (the snapshot before, the latest one
 * on or before each of `windows` days ago, the renewal date, staleness), in one query.
 */
export async function loadSweepSubjects(
  db: Db,
  model: HealthModel,
  day: Date,
  windows: readonly number[],
  /** Only accounts whose id is in this range (the sweep reads a slice at a time). */
  ids?: { from: number; to: number },
): Promise<SweepSubject[]> {
  // One lateral read per window: w<days> is the latest snapshot on or before that day.
  const laterals = windows
    .map(
      (w, i) =>
        `LEFT JOIN LATERAL ${latestSnapshotSql("t.account_id", `$1::date - ${Math.trunc(w)}`, "score, components")} w${i} ON true`,
    )
    .join("\n     ");
  const before = windows.length
    ? `json_build_object(${windows
        .map(
          (w, i) =>
            `'${Math.trunc(w)}', CASE WHEN w${i}.score IS NULL THEN NULL ELSE json_build_object('score', w${i}.score, 'components', w${i}.components) END`,
        )
        .join(", ")})`
    : "NULL";
  const rows = await db.$queryRawUnsafe<unknown[]>(
    `SELECT t.account_id, a.name, a.owner_slack_id, a.renewal_date, t.score, t.band, t.components,
       p.band AS previous_band, p.date AS previous_day, ${before} AS before,
       ${staleSql("t.account_id", "$2::date")} AS stale
     FROM health_snapshots t JOIN accounts a ON a.id = t.account_id
     LEFT JOIN LATERAL ${latestSnapshotSql("t.account_id", "t.date - 1", "band, date")} p ON true
     ${laterals}
     WHERE t.date = $1::date${
       // The range on both sides of the join: on the snapshot's side alone, PostgreSQL reads
       // every account for each slice (a million rows per 20,000 at a million accounts).
       ids ? " AND t.account_id BETWEEN $3 AND $4 AND a.id BETWEEN $3 AND $4" : ""
     }`,
    isoDay(day),
    staleBeforeParam(model, day),
    ...(ids ? [ids.from, ids.to] : []),
  );
  return rows.map((raw) => {
    const row = subjectRow.parse(raw);
    const windowsFound: SweepSubject["before"] = {};
    for (const [w, snapshot] of Object.entries(row.before ?? {}))
      if (snapshot) windowsFound[Number(w)] = snapshot;
    return {
      accountId: row.account_id,
      day,
      name: row.name,
      ownerSlackId: row.owner_slack_id,
      renewalDate: row.renewal_date,
      score: row.score,
      band: row.band,
      previous:
        row.previous_band && row.previous_day ? { band: row.previous_band, day: row.previous_day } : null,
      components: row.components,
      before: windowsFound,
      stale: row.stale,
    };
  });
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
 * between two sweeps at once. True when this call wrote it (and so posts its summary).
 */
export async function recordBaseline(
  db: BaselineDb,
  fingerprint: string,
  day: Date,
  accounts: BaselineEntry[],
): Promise<boolean> {
  const { count } = await db.alertBaseline.createMany({
    data: [{ fingerprint, day, accounts: accounts as unknown as Prisma.InputJsonValue }],
    skipDuplicates: true,
  });
  return count === 1;
}
