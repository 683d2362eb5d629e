import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { COMMANDS } from "../slack/ids.js";
import type { Registry } from "../slack/registry.js";
import { todayIn } from "../time.js";
import { type ContractDeps, listRequests } from "./service.js";
import { WAITING_ON_CS_OPS } from "./state.js";
import { buildRequestList } from "./views/request-list.js";
import { listWaitingOn, WAITING_LIMIT } from "./waiting.js";

/** `/csops queue`: the CS Ops back office's open requests (waiting on you, unassigned, overdue). CS Ops only. */
export function registerCsOpsQueue(
  registry: Registry,
  {
    prisma,
    clock,
    approvers,
    policy,
    timezone,
  }: Pick<ContractDeps, "prisma" | "clock" | "approvers" | "policy" | "timezone">,
): void {
  async function handleQueueCommand({ command, ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) {
    if (!(await approvers.isApprover(command.user_id))) {
      await ack({ response_type: "ephemeral", text: approvers.refusal(command.user_id) });
      return;
    }
    const now = clock();
    const waiting = await listRequests(prisma, { statuses: [...WAITING_ON_CS_OPS] });
    // Waiting on you: assigned to you, a later approval step you may give, your requests sent back.
    const mine = await listWaitingOn(
      { prisma, approvers, policy },
      command.user_id,
      WAITING_LIMIT,
      todayIn(timezone, now),
    );
    const unassigned = waiting.filter((r) => !r.assigneeId);
    const overdue = waiting.filter((r) => r.slaDueAt < now);
    await ack({
      response_type: "ephemeral",
      text: `CS Ops queue: ${mine.length} yours, ${unassigned.length} unassigned, ${overdue.length} overdue`,
      blocks: [
        ...buildRequestList("Waiting on you", mine, now, "Nothing."),
        ...buildRequestList("Unassigned", unassigned, now, "Nothing."),
        ...buildRequestList("Overdue", overdue, now, "Nothing overdue. 🎉"),
      ],
    });
  }

  registry.subcommand(
    COMMANDS.csops,
    "queue",
    "`/csops queue` lists open contract requests (waiting on you, unassigned, overdue)",
    handleQueueCommand,
  );
}
