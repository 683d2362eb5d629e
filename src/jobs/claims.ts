import type { Prisma, PrismaClient } from "../db/database.js";

/**
 * Claims (job, slot) for this process: a unique row, so any number of Kuroko processes on one
 * database run each slot once. `force` takes over a slot already claimed or done (kuroko
 * run-job --force). Returns the claim's id, or undefined when another process has it.
 */
export async function claimSlot(
  prisma: PrismaClient,
  job: string,
  slot: string,
  owner: string,
  force = false,
): Promise<number | undefined> {
  if (force) {
    const row = await prisma.jobRun.upsert({
      where: { job_slot: { job, slot } },
      create: { job, slot, owner },
      update: { owner, status: "running", startedAt: new Date(), finishedAt: null, error: null },
    });
    return row.id;
  }
  const rows = await prisma.$queryRawUnsafe<{ id: number }[]>(
    `INSERT INTO job_runs (job, slot, owner, status) VALUES ($1, $2, $3, 'running')
     ON CONFLICT (job, slot) DO NOTHING RETURNING id`,
    job,
    slot,
    owner,
  );
  return rows[0]?.id;
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
      ],
    },
  });
  return count;
}
