import type { Prisma, PrismaClient } from "../db/database.js";

/** How often a running claim says it is alive, and when silence means its process is gone. */
export const HEARTBEAT_MS = 30_000;
export const STALE_AFTER_MS = 4 * HEARTBEAT_MS;

/**
 * Claims (job, slot) for this process: a unique row, so any number of Kuroko processes on one
 * database run each slot once. A running claim whose heartbeat stopped (its process was killed
 * mid-run) is taken over, so a deploy during the morning run does not lose the day's digest.
 * `force` takes over a slot already claimed or done (kuroko run-job --force). Returns the
 * claim's id, or undefined when another live process has it (or it is done).
 */
export async function claimSlot(
  prisma: PrismaClient,
  job: string,
  slot: string,
  owner: string,
  force = false,
  now: Date = new Date(),
): Promise<number | undefined> {
  if (force) {
    const row = await prisma.jobRun.upsert({
      where: { job_slot: { job, slot } },
      create: { job, slot, owner, heartbeatAt: now },
      update: {
        owner,
        status: "running",
        startedAt: now,
        heartbeatAt: now,
        finishedAt: null,
        error: null,
      },
    });
    return row.id;
  }
  const rows = await prisma.$queryRawUnsafe<{ id: number }[]>(
    `INSERT INTO job_runs (job, slot, owner, status, started_at, heartbeat_at)
     VALUES ($1, $2, $3, 'running', $4::timestamptz, $4::timestamptz)
     ON CONFLICT (job, slot) DO UPDATE
       SET owner = EXCLUDED.owner, started_at = EXCLUDED.started_at, heartbeat_at = EXCLUDED.heartbeat_at
       WHERE job_runs.status = 'running' AND job_runs.heartbeat_at < $5::timestamptz
     RETURNING id`,
    job,
    slot,
    owner,
    now.toISOString(),
    new Date(now.getTime() - STALE_AFTER_MS).toISOString(),
  );
  return rows[0]?.id;
}

/** Says a running claim is alive (while its job runs). */
export async function beat(prisma: PrismaClient, id: number, now: Date): Promise<void> {
  await prisma.jobRun.updateMany({ where: { id, status: "running" }, data: { heartbeatAt: now } });
}

/** The row of a slot, to say why it was not run. */
export async function slotState(
  prisma: PrismaClient,
  job: string,
  slot: string,
): Promise<{ status: string; owner: string; error: string | null; finishedAt: Date | null } | null> {
  return prisma.jobRun.findUnique({
    where: { job_slot: { job, slot } },
    select: { status: true, owner: true, error: true, finishedAt: true },
  });
}

export async function finishClaim(
  prisma: PrismaClient,
  id: number,
  outcome: { ok: true; summary: unknown } | { ok: false; error: string },
): Promise<void> {
  await prisma.jobRun.update({
    where: { id },
    data: outcome.ok
      ? { status: "done", finishedAt: new Date(), summary: outcome.summary as Prisma.InputJsonValue }
      : { status: "failed", finishedAt: new Date(), error: outcome.error },
  });
}

/** How long a run's row is kept: as long as it is useful (a slot can be caught up or asked about). */
export interface RunHistory {
  /** Finished runs, in days. */
  doneDays: number;
  /** Failed runs, in days: kept longer, for whoever looks into them. */
  failedDays: number;
}

/**
 * Deletes `job`'s runs older than its history keeps, so that a job run every minute does not
 * grow the table for ever. Running claims are never deleted.
 */
export async function pruneRuns(
  prisma: PrismaClient,
  job: string,
  keep: RunHistory,
  now: Date,
): Promise<number> {
  const before = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const { count } = await prisma.jobRun.deleteMany({
    where: {
      job,
      OR: [
        { status: "done", startedAt: { lt: before(keep.doneDays) } },
        { status: "failed", startedAt: { lt: before(keep.failedDays) } },
        // A claim whose process died and that nobody took over.
        { status: "running", heartbeatAt: { lt: before(keep.failedDays) } },
      ],
    },
  });
  return count;
}
