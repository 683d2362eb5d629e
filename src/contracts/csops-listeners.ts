import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { NOT_AN_APPROVER } from "../slack/approvers.js";
import { COMMANDS } from "../slack/ids.js";
import type { Registry } from "../slack/registry.js";
import { type ContractDeps, listRequests } from "./service.js";
import { WAITING_ON_CS_OPS } from "./state.js";
import { buildRequestList } from "./views/request-list.js";

/** `/csops queue`: the CS Ops back office's open requests (mine, unassigned, overdue). CS Ops only. */
export function registerCsOpsQueue(
  registry: Registry,
  { prisma, clock, approvers }: Pick<ContractDeps, "prisma" | "clock" | "approvers">,
): void {
  async function handleQueueCommand({ command, ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) {
    if (!(await approvers.isApprover(command.user_id))) {
      await ack({ response_type: "ephemeral", text: NOT_AN_APPROVER });
      return;
    }
    const now = clock();
    const waiting = await listRequests(prisma, { statuses: [...WAITING_ON_CS_OPS] });
    const mine = waiting.filter((r) => r.assigneeId === command.user_id);
    const unassigned = waiting.filter((r) => !r.assigneeId);
    const overdue = waiting.filter((r) => r.slaDueAt < now);
    await ack({
      response_type: "ephemeral",
      text: `CS Ops queue: ${mine.length} yours, ${unassigned.length} unassigned, ${overdue.length} overdue`,
      blocks: [
        ...buildRequestList("Assigned to you", mine, now, "Nothing."),
        ...buildRequestList("Unassigned", unassigned, now, "Nothing."),
        ...buildRequestList("Overdue", overdue, now, "Nothing overdue. 🎉"),
      ],
    });
  }

  registry.subcommand(
    COMMANDS.csops,
    "queue",
    "`/csops queue` lists open contract requests (mine, unassigned, overdue)",
    handleQueueCommand,
  );
}
