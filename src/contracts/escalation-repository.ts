import type { PrismaClient } from "../db/database.js";
import { findRequest, type Tx } from "./repository.js";
import type { LoadedRequest } from "./request.js";
import { WAITING_ON_CS_OPS } from "./state.js";

/**
 * Escalations' reads and writes: contract_escalations, one row per request, step and SLA due
 * time. Its `step` is the step's key and the (re)submission it fired for ("50%@2026-11-20T10:00:00.000Z"),
 * so a resubmission restarts the ladder even when its due time is the same (a needed-by date).
 */

/** The `step` column of a step fired for the submission at `submittedAt`. */
export const firingOf = (stepKey: string, submittedAt: Date) => `${stepKey}@${submittedAt.toISOString()}`;

type Db = Pick<PrismaClient, "contractRequest" | "contractEscalation">;

export interface LadderCandidate {
  id: number;
  submittedAt: Date;
  slaDueAt: Date;
  /** The keys of the steps fired for its current submission and SLA due time. */
  fired: Set<string>;
}

/** Requests waiting on CS Ops, soonest due first, with the steps fired for their current SLA. */
export async function findLadderCandidates(db: Db, limit: number): Promise<LadderCandidate[]> {
  const rows = await db.contractRequest.findMany({
    where: { status: { in: [...WAITING_ON_CS_OPS] } },
    select: {
      id: true,
      submittedAt: true,
      slaDueAt: true,
      escalations: { select: { step: true, slaDueAt: true } },
    },
    orderBy: [{ slaDueAt: "asc" }, { id: "asc" }],
    take: limit,
  });
  return rows.map((r) => ({
    id: r.id,
    submittedAt: r.submittedAt,
    slaDueAt: r.slaDueAt,
    fired: new Set(
      r.escalations.flatMap((e) => {
        const suffix = `@${r.submittedAt.toISOString()}`;
        const current = e.slaDueAt.getTime() === r.slaDueAt.getTime() && e.step.endsWith(suffix);
        return current ? [e.step.slice(0, -suffix.length)] : [];
      }),
    ),
  }));
}

/**
 * The request, locked until the transaction ends, if it still waits on CS Ops with this
 * submission and SLA due time: a decision or a resubmission committed meanwhile stops a stale step.
 */
export async function lockLadderRequest(
  tx: Tx,
  { id, submittedAt, slaDueAt }: { id: number; submittedAt: Date; slaDueAt: Date },
): Promise<LoadedRequest | undefined> {
  await tx.$queryRawUnsafe("SELECT id FROM contract_requests WHERE id = $1 FOR UPDATE", id);
  const request = await findRequest(tx, id);
  const current =
    request &&
    WAITING_ON_CS_OPS.includes(request.status) &&
    request.slaDueAt.getTime() === slaDueAt.getTime() &&
    request.submittedAt?.getTime() === submittedAt.getTime();
  return current ? request : undefined;
}

/**
 * Records a step as fired; false when it already was (a rerun, or another replica first: the
 * unique (request, step, SLA due time) decides).
 */
export async function recordEscalation(
  tx: Tx,
  request: { id: number; submittedAt: Date; slaDueAt: Date },
  stepKey: string,
  now: Date,
): Promise<boolean> {
  const { count } = await tx.contractEscalation.createMany({
    data: [
      {
        requestId: request.id,
        step: firingOf(stepKey, request.submittedAt),
        slaDueAt: request.slaDueAt,
        firedAt: now,
      },
    ],
    skipDuplicates: true,
  });
  return count > 0;
}
