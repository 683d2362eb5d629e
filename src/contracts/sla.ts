import { enqueue, findByKey } from "../slack/outbox.js";
import { type ContractDeps, queueKey, toDetails } from "./service.js";
import { requiredSteps, WAITING_ON_CS_OPS } from "./state.js";
import { requestLabel } from "./types.js";
import { buildQueueMessage } from "./views.js";

/**
 * Flags requests whose SLA has run out: their queue message is redrawn with the overdue mark
 * and a line goes to its thread, once per submission (a resubmission restarts the clock).
 * Returns how many were flagged. At most `limit` a run; the next run takes the rest.
 */
export async function flagOverdueRequests(deps: ContractDeps, limit = 200): Promise<number> {
  const now = deps.clock();
  const due = await deps.prisma.contractRequest.findMany({
    where: { status: { in: [...WAITING_ON_CS_OPS] }, slaDueAt: { lt: now }, overdueFlaggedAt: null },
    include: { account: { select: { id: true, name: true } } },
    orderBy: { slaDueAt: "asc" },
    take: limit,
  });
  let flagged = 0;
  for (const row of due) {
    const done = await deps.prisma.$transaction(async (tx) => {
      // Only if still unflagged and unchanged: another replica, or a decision, may have come first.
      const { count } = await tx.contractRequest.updateMany({
        where: { id: row.id, version: row.version, overdueFlaggedAt: null },
        data: { overdueFlaggedAt: now },
      });
      if (count === 0) return false;
      const queueId = await findByKey(tx, queueKey(row.id));
      if (queueId) {
        const details = toDetails(row);
        const channel = deps.queueChannel ?? "";
        await enqueue(tx, {
          method: "chat.update",
          channel,
          parentId: queueId,
          message: { ...buildQueueMessage(details, requiredSteps(details, deps.policy), now) },
        });
        const who = row.assigneeId ? `<@${row.assigneeId}>` : "Nobody has taken it yet";
        await enqueue(tx, {
          method: "chat.postMessage",
          channel,
          parentId: queueId,
          message: {
            text: `⚠️ ${requestLabel(row.number)} is overdue: its SLA ran out at ${row.slaDueAt.toISOString().slice(0, 16).replace("T", " ")} UTC. ${who}.`,
          },
        });
      }
      return true;
    });
    if (done) flagged++;
  }
  if (flagged > 0) deps.onOutbox();
  return flagged;
}
