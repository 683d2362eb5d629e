import { listRequests } from "../../contracts/service.js";
import { isOverdue, STATUSES, type Status } from "../../contracts/state.js";
import { REQUEST_TYPES, requestLabel } from "../../contracts/types.js";
import { formatMoney } from "../../format.js";
import { defineCommand, EXIT, JSON_OPTION, UsageError } from "../command.js";
import { formatTable } from "../output.js";
import { slackPeople } from "../people.js";

const isStatus = (value: string): value is Status => value in STATUSES;

/** `kuroko requests [--status in_review,submitted]`: contract requests, soonest SLA first. */
export const requestsCommand = defineCommand({
  name: "requests",
  summary: "list contract requests, soonest SLA first",
  args: [],
  options: {
    status: {
      type: "string",
      value: "submitted,in_review,...",
      description: `only these statuses: ${Object.keys(STATUSES).join(", ")}`,
    },
    json: JSON_OPTION,
  },
  async run(ctx) {
    const raw = ctx.options.status?.split(",").map((s) => s.trim());
    const unknown = raw?.filter((s) => !isStatus(s));
    if (unknown?.length)
      throw new UsageError(`Unknown status ${unknown.join(", ")}: use ${Object.keys(STATUSES).join(", ")}.`);
    const db = await ctx.database();
    const requests = await listRequests(db.prisma, { statuses: raw as Status[] | undefined, limit: 10_000 });
    const now = ctx.now();
    if (ctx.json) {
      ctx.out(
        JSON.stringify(
          requests.map((r) => ({
            ...r,
            label: requestLabel(r.number),
            overdue: isOverdue(r.status, r.slaDueAt, now),
          })),
        ),
      );
      return EXIT.done;
    }
    if (requests.length === 0) {
      ctx.out("No contract requests match.");
      return EXIT.done;
    }
    const people = slackPeople(ctx.config, ctx.err);
    await people.resolve(requests.map((r) => r.assigneeId));
    ctx.out(
      formatTable(
        ["Request", "Type", "Account", "Amount", "Status", "Assignee", "SLA due"],
        requests.map((r) => [
          requestLabel(r.number),
          REQUEST_TYPES[r.type].label,
          r.account.name,
          r.amount !== null && r.currency ? formatMoney(r.amount, r.currency) : "-",
          STATUSES[r.status],
          r.assigneeId ? people.name(r.assigneeId) : "-",
          `${r.slaDueAt.toISOString().slice(0, 16).replace("T", " ")}${isOverdue(r.status, r.slaDueAt, now) ? " OVERDUE" : ""}`,
        ]),
        [3],
      ),
    );
    return EXIT.done;
  },
});
