import { z } from "zod";
import { listRequests } from "../contracts/repository.js";
import type { RequestDetails } from "../contracts/request.js";
import { OPEN_STATUSES, WAITING_ON_CS_OPS } from "../contracts/state.js";
import type { PrismaClient } from "../db/database.js";
import { type Band, bandSchema } from "../health/model.js";
import { latestSnapshotSql } from "../health/repository.js";
import { addDays, isoDay } from "../time.js";

export interface HomeAccount {
  id: number;
  name: string;
  score: number | null;
  band: Band | null;
  renewalDate: Date | null;
}

/** What a user's App Home shows: their accounts and requests; CS Ops also their queue. */
export interface HomeData {
  userId: string;
  atRisk: HomeAccount[];
  renewals: HomeAccount[];
  myRequests: RequestDetails[];
  queue?: { mine: RequestDetails[]; unassigned: RequestDetails[]; overdue: RequestDetails[] };
}

const LIST = 10;

/** An account the reader owns, with its latest snapshot, as read from the database. */
const ownedRow = z.object({
  id: z.number(),
  name: z.string(),
  score: z.number().nullable(),
  band: bandSchema.nullable(),
  renewal_date: z.date().nullable(),
});

export async function loadHome(
  prisma: PrismaClient,
  userId: string,
  options: { today: Date; now: Date; isApprover: boolean },
): Promise<HomeData> {
  const owned = await prisma.$queryRawUnsafe<unknown[]>(
    `SELECT a.id, a.name, s.score, s.band, a.renewal_date FROM accounts a
     LEFT JOIN LATERAL ${latestSnapshotSql("a.id", "$2::date")} s ON true
     WHERE a.owner_slack_id = $1`,
    userId,
    isoDay(options.today),
  );
  const accounts: HomeAccount[] = owned.map((row) => {
    const a = ownedRow.parse(row);
    return { id: a.id, name: a.name, score: a.score, band: a.band, renewalDate: a.renewal_date };
  });
  const horizon = addDays(options.today, 90);
  const atRisk = accounts
    .filter((a) => a.band === "red" || a.band === "yellow")
    .sort((x, y) => (x.score ?? 0) - (y.score ?? 0))
    .slice(0, LIST);
  const renewals = accounts
    .filter((a) => a.renewalDate && a.renewalDate >= options.today && a.renewalDate <= horizon)
    .sort((x, y) => x.renewalDate!.getTime() - y.renewalDate!.getTime())
    .slice(0, LIST);
  const myRequests = await listRequests(prisma, {
    requesterId: userId,
    statuses: [...OPEN_STATUSES],
    limit: LIST,
  });
  if (!options.isApprover) return { userId, atRisk, renewals, myRequests };
  const waiting = await listRequests(prisma, { statuses: [...WAITING_ON_CS_OPS] });
  return {
    userId,
    atRisk,
    renewals,
    myRequests,
    queue: {
      mine: waiting.filter((r) => r.assigneeId === userId).slice(0, LIST),
      unassigned: waiting.filter((r) => !r.assigneeId).slice(0, LIST),
      overdue: waiting.filter((r) => r.slaDueAt < options.now).slice(0, LIST),
    },
  };
}
