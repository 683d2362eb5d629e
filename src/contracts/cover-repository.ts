import type { PrismaClient } from "../db/database.js";
import { type Cover, replacedBy, standIns } from "./cover.js";

/**
 * approver_covers' reads and writes. A cover without a named stand-in is stored with an empty
 * delegate_id (the column is required) and read back as null.
 */

export type CoverDb = Pick<PrismaClient, "approverCover">;

const NO_DELEGATE = "";

type CoverRow = { id: number; userId: string; delegateId: string; startsOn: Date; endsOn: Date };
const toCover = (row: CoverRow): Cover => ({
  id: row.id,
  userId: row.userId,
  delegateId: row.delegateId === NO_DELEGATE ? null : row.delegateId,
  startsOn: row.startsOn,
  endsOn: row.endsOn,
});
const select = { id: true, userId: true, delegateId: true, startsOn: true, endsOn: true } as const;

/**
 * Who stands in for whom on `day` (a calendar day at UTC midnight, as todayIn gives it), for
 * these people: away person → delegate. Route what waits on an away approver through it.
 */
export async function coverFor(
  db: CoverDb,
  userIds: readonly string[],
  day: Date,
): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.approverCover.findMany({
    where: {
      userId: { in: [...new Set(userIds)] },
      cancelledAt: null,
      startsOn: { lte: day },
      endsOn: { gte: day },
    },
    select,
  });
  return standIns(rows.map(toCover), day);
}

/** The away approver `actor` stands in for on `day` on a request assigned to `assigneeId`, if any. */
export async function standingInFor(
  db: CoverDb,
  assigneeId: string | null,
  actor: string,
  day: Date,
): Promise<string | undefined> {
  if (!assigneeId || assigneeId === actor) return undefined;
  return (await coverFor(db, [assigneeId], day)).get(assigneeId) === actor ? assigneeId : undefined;
}

/** A person's covers not over by `day`, soonest first: theirs (away) and those they give (covering). */
export async function listCovers(
  db: CoverDb,
  userId: string,
  day: Date,
): Promise<{ away: Cover[]; covering: Cover[] }> {
  const rows = await db.approverCover.findMany({
    where: { OR: [{ userId }, { delegateId: userId }], cancelledAt: null, endsOn: { gte: day } },
    select,
    orderBy: [{ startsOn: "asc" }, { id: "asc" }],
    take: 50,
  });
  const covers = rows.map(toCover);
  return {
    away: covers.filter((c) => c.userId === userId),
    covering: covers.filter((c) => c.delegateId === userId),
  };
}

/** The advisory-lock class of covers: one person's covers change one at a time. */
const COVER_LOCK_CLASS = 4_202;

type CoverTx = CoverDb & Pick<PrismaClient, "$executeRaw">;

/**
 * Sets a cover, replacing (cancelling) the person's covers it overlaps: one cover per person per
 * day. Returns the new cover and those it replaced.
 */
export async function replaceCover(
  tx: CoverTx,
  input: { userId: string; delegateId?: string; startsOn: Date; endsOn: Date; createdBy: string },
  now: Date,
): Promise<{ cover: Cover; replaced: Cover[] }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${COVER_LOCK_CLASS}::int4, hashtext(${input.userId}))`;
  const current = await tx.approverCover.findMany({
    where: { userId: input.userId, cancelledAt: null },
    select,
  });
  const replaced = replacedBy(current.map(toCover), input);
  if (replaced.length)
    await tx.approverCover.updateMany({
      where: { id: { in: replaced.map((c) => c.id) }, cancelledAt: null },
      data: { cancelledAt: now },
    });
  const row = await tx.approverCover.create({
    data: {
      userId: input.userId,
      delegateId: input.delegateId ?? NO_DELEGATE,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      createdBy: input.createdBy,
    },
    select,
  });
  return { cover: toCover(row), replaced };
}

/** Ends a person's covers not over by `day` (today's and later ones): they are back. */
export async function endCovers(db: CoverDb, userId: string, day: Date, now: Date): Promise<Cover[]> {
  const ending = await db.approverCover.findMany({
    where: { userId, cancelledAt: null, endsOn: { gte: day } },
    select,
  });
  if (ending.length)
    await db.approverCover.updateMany({
      where: { id: { in: ending.map((c) => c.id) }, cancelledAt: null },
      data: { cancelledAt: now },
    });
  return ending.map(toCover);
}

/** The away approvers `delegateId` stands in for on `day` (whose requests wait on them too). */
export async function coveredBy(db: CoverDb, delegateId: string, day: Date): Promise<string[]> {
  const rows = await db.approverCover.findMany({
    where: { delegateId, cancelledAt: null, startsOn: { lte: day }, endsOn: { gte: day } },
    select,
  });
  const standIns = await coverFor(
    db,
    rows.map((r) => r.userId),
    day,
  );
  return [...standIns].filter(([, delegate]) => delegate === delegateId).map(([away]) => away);
}
