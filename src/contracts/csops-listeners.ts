import { buildDigest } from "../digest/job.js";
import type { AppServices } from "../services.js";
import { COMMANDS } from "../slack/ids.js";
import type { Registry } from "../slack/registry.js";
import { todayIn } from "../time.js";
import { NOT_AN_APPROVER } from "./listener-support.js";
import { listRequests } from "./service.js";
import { WAITING_ON_CS_OPS } from "./state.js";
import { buildRequestList } from "./views.js";

/** `/csops`: the CS Ops back office in a command (the queue, the digest preview). */
export function registerCsOps(registry: Registry, services: AppServices): void {
  const { prisma, sql, clock, config, approvers } = services;
  const today = () => todayIn(config.timezone, clock());

  registry.command(COMMANDS.csops, async ({ command, ack, respond }) => {
    const sub = command.text.trim().toLowerCase();
    if (sub !== "queue" && sub !== "digest") {
      await ack({
        response_type: "ephemeral",
        text: "Usage: `/csops queue` lists open contract requests (mine, unassigned, overdue); `/csops digest` previews today's at-risk digest.",
      });
      return;
    }
    if (!(await approvers.isApprover(command.user_id))) {
      await ack({ response_type: "ephemeral", text: NOT_AN_APPROVER });
      return;
    }
    const now = clock();
    if (sub === "digest") {
      // Composing reads the whole portfolio: ack first, answer through the response_url.
      await ack();
      const digest = await buildDigest(prisma, sql, services.model, today(), now);
      await respond({ response_type: "ephemeral", text: digest.main.text, blocks: digest.main.blocks });
      return;
    }
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
  });
}
