import { stageLabel } from "../../contracts/lifecycle.js";
import { loadApprovalPolicy } from "../../contracts/policy-file.js";
import { listRequests } from "../../contracts/service.js";
import { isOverdue, STATUSES, type Status } from "../../contracts/state.js";
import { REQUEST_TYPES, requestLabel } from "../../contracts/types.js";
import { writeCsvFile } from "../../csv-write.js";
import { KurokoError } from "../../errors.js";
import { formatMoney } from "../../format.js";
import { localDateTime } from "../../time.js";
import { defineCommand, EXIT, JSON_OPTION, UsageError } from "../command.js";
import { formatTable } from "../output.js";
import { slackPeople } from "../people.js";

const isStatus = (value: string): value is Status => value in STATUSES;

const CSV_HEADER = [
  "request",
  "type",
  "account",
  "amount",
  "currency",
  "status",
  "stage",
  "document_url",
  "requester",
  "assignee",
  "sla_due_utc",
  "overdue",
];

/**
 * `kuroko requests [--status in_review,submitted] [--csv FILE]`: contract requests, soonest SLA
 * first, with the stage reached after approval and the signed document's link.
 */
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
    csv: { type: "string", value: "FILE", description: "write them as CSV (UTF-8 with a BOM) instead" },
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
    const { stages } = loadApprovalPolicy(ctx.config.contractPolicyPath);
    const stage = (key: string | null | undefined) => (key ? stageLabel(stages, key) : "");
    const file = ctx.options.csv;
    if (file !== undefined) {
      const rows = requests.map((r) => [
        requestLabel(r.number),
        r.type,
        r.account.name,
        r.amount,
        r.currency,
        r.status,
        stage(r.stage),
        r.documentUrl,
        r.requesterId,
        r.assigneeId,
        r.slaDueAt,
        isOverdue(r.status, r.slaDueAt, now) ? "yes" : "no",
      ]);
      try {
        await writeCsvFile(file, CSV_HEADER, rows);
      } catch (error) {
        throw new KurokoError(`Cannot write ${file}: ${(error as Error).message}`);
      }
      ctx.out(
        ctx.json
          ? JSON.stringify({ file, requests: requests.length })
          : `Wrote ${requests.length} contract requests to ${file}.`,
      );
      return EXIT.done;
    }
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
        [
          "Request",
          "Type",
          "Account",
          "Amount",
          "Status",
          "Stage",
          "Document",
          "Assignee",
          `SLA due (${ctx.config.timezone})`,
        ],
        requests.map((r) => [
          requestLabel(r.number),
          REQUEST_TYPES[r.type].label,
          r.account.name,
          r.amount !== null && r.currency ? formatMoney(r.amount, r.currency) : "-",
          STATUSES[r.status],
          stage(r.stage) || "-",
          r.documentUrl ?? "-",
          r.assigneeId ? people.name(r.assigneeId) : "-",
          `${localDateTime(r.slaDueAt, ctx.config.timezone)}${isOverdue(r.status, r.slaDueAt, now) ? " OVERDUE" : ""}`,
        ]),
        [3],
      ),
    );
    return EXIT.done;
  },
});
