import { announceOverdue } from "./announce.js";
import { findUnflaggedOverdue, markOverdueFlagged } from "./repository.js";
import type { ContractDeps } from "./service.js";

/**
 * Flags requests whose SLA has run out: their queue message is redrawn with the overdue mark
 * and a line goes to its thread, once per submission (a resubmission restarts the clock).
 * Returns how many were flagged. At most `limit` a run; the next run takes the rest.
 */
export async function flagOverdueRequests(deps: ContractDeps, limit = 200): Promise<number> {
  const now = deps.clock();
  const due = await findUnflaggedOverdue(deps.prisma, now, limit);
  let flagged = 0;
  for (const request of due) {
    const done = await deps.prisma.$transaction(async (tx) => {
      // Only if still unflagged and unchanged: another replica, or a decision, may have come first.
      if (!(await markOverdueFlagged(tx, request, now))) return false;
      await announceOverdue(tx, deps, request, now);
      return true;
    });
    if (done) flagged++;
  }
  if (flagged > 0) deps.onOutbox();
  return flagged;
}
