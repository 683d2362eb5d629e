import { z } from "zod";
import type { Prisma, PrismaClient } from "../db/database.js";
import { bandSchema, type HealthModel } from "../health/model.js";
import {
  componentScoresSchema,
  latestSnapshotSql,
  staleBeforeParam,
  staleSql,
} from "../health/repository.js";
import { addDays, isoDay } from "../time.js";
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
  alert: { accountId: number; cause: string; dedupeKey: string; reason: string; details: AlertDetails },
): Promise<AlertRecord> {
  return parseAlert(await db.alert.create({ data: alert, include: withAccount }));
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
  score: z.number().int(),
  band: bandSchema,
  components: componentScoresSchema,
  previous_band: bandSchema.nullable(),
  before_score: z.number().int().nullable(),
  before_components: componentScoresSchema.nullable(),
  stale: z.boolean(),
});

/**
 * The day's snapshots with what the rules compare them to (the band before, the snapshot
 * `windowDays` earlier, staleness), in one query.
 */
export async function loadSweepSubjects(
  db: Db,
  model: HealthModel,
  day: Date,
  windowDays: number,
): Promise<SweepSubject[]> {
  const rows = await db.$queryRawUnsafe<unknown[]>(
    `SELECT t.account_id, a.name, a.owner_slack_id, t.score, t.band, t.components,
       p.band AS previous_band, b.score AS before_score, b.components AS before_components,
       ${staleSql("t.account_id", "$3::date")} AS stale
     FROM health_snapshots t JOIN accounts a ON a.id = t.account_id
     LEFT JOIN LATERAL ${latestSnapshotSql("t.account_id", "t.date - 1", "band")} p ON true
     LEFT JOIN LATERAL ${latestSnapshotSql("t.account_id", "$2::date", "score, components")} b ON true
     WHERE t.date = $1::date`,
    isoDay(day),
    isoDay(addDays(day, -windowDays)),
    staleBeforeParam(model, day),
  );
  return rows.map((raw) => {
    const row = subjectRow.parse(raw);
    return {
      accountId: row.account_id,
      name: row.name,
      ownerSlackId: row.owner_slack_id,
      score: row.score,
      band: row.band,
      previousBand: row.previous_band,
      components: row.components,
      before:
        row.before_score !== null
          ? { score: row.before_score, components: row.before_components ?? {} }
          : undefined,
      stale: row.stale,
    };
  });
}
