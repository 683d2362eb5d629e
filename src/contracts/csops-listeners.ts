import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { t, translator } from "../i18n/index.js";
import { COMMANDS } from "../slack/ids.js";
import { fixedLocale } from "../slack/locale.js";
import type { Registry } from "../slack/registry.js";
import { todayIn } from "../time.js";
import { type ContractDeps, listRequests } from "./service.js";
import { WAITING_ON_CS_OPS } from "./state.js";
import { buildRequestList } from "./views/request-list.js";
import { reasonIn } from "./views/review-words.js";
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
    locales,
  }: Pick<ContractDeps, "prisma" | "clock" | "approvers" | "policy" | "timezone" | "locales">,
): void {
  const readers = locales ?? fixedLocale("en");
  async function handleQueueCommand({ command, ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) {
    if (!(await approvers.isApprover(command.user_id))) {
      const reader = await readers.localeOf(command.user_id);
      await ack({ response_type: "ephemeral", text: reasonIn(reader, approvers.refusal(command.user_id)) });
      return;
    }
    const locale = readers.localeOf(command.user_id);
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
    const tr = translator(await locale);
    const nothing = tr.t("requests.queue.nothing");
    await ack({
      response_type: "ephemeral",
      text: tr.t("requests.queue.text", {
        mine: mine.length,
        unassigned: unassigned.length,
        overdue: overdue.length,
      }),
      blocks: [
        ...buildRequestList(tr.t("requests.queue.mine"), mine, now, nothing, tr),
        ...buildRequestList(tr.t("requests.queue.unassigned"), unassigned, now, nothing, tr),
        ...buildRequestList(
          tr.t("requests.queue.overdue"),
          overdue,
          now,
          tr.t("requests.queue.nothingOverdue"),
          tr,
        ),
      ],
    });
  }

  registry.subcommand(
    COMMANDS.csops,
    "queue",
    (locale) => t(locale, "csops.usage.queue"),
    handleQueueCommand,
  );
}
