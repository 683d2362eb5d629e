import { stageLabel } from "../../contracts/lifecycle.js";
import { loadApprovalPolicy } from "../../contracts/policy-file.js";
import { listRequests } from "../../contracts/service.js";
import { isOverdue, STATUSES, type Status } from "../../contracts/state.js";
import { REQUEST_TYPES, requestLabel } from "../../contracts/types.js";
import { localDateTime } from "../../time.js";
import { defineCommand, EXIT, JSON_OPTION, UsageError } from "../command.js";
import { ENCODING_OPTION, exportEncoding, writeExport } from "../csv-export.js";
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
    encoding: ENCODING_OPTION,
    json: JSON_OPTION,
  },
  async run(ctx) {
    const { tr } = ctx;
    const encoding = exportEncoding(ctx.options.encoding, tr);
    const raw = ctx.options.status?.split(",").map((s) => s.trim());
    const unknown = raw?.filter((s) => !isStatus(s));
    if (unknown?.length)
      throw new UsageError(
        tr.t("cli.requests.unknownStatus", {
          statuses: unknown.join(", "),
          known: Object.keys(STATUSES).join(", "),
        }),
      );
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
      await writeExport(tr, file, CSV_HEADER, rows, encoding);
      ctx.out(
        ctx.json
          ? JSON.stringify({ file, requests: requests.length })
          : tr.t("cli.requests.wrote", { count: requests.length, file }),
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
      ctx.out(tr.t("cli.requests.none"));
      return EXIT.done;
    }
    const people = slackPeople(ctx.config, ctx.err, { tr: ctx.tr });
    await people.resolve(requests.map((r) => r.assigneeId));
    ctx.out(
      formatTable(
        [
          tr.t("cli.requests.request"),
          tr.t("cli.requests.type"),
          tr.t("cli.requests.account"),
          tr.t("cli.requests.amount"),
          tr.t("cli.requests.status"),
          tr.t("cli.requests.stage"),
          tr.t("cli.requests.document"),
          tr.t("cli.requests.assignee"),
          tr.t("cli.requests.slaDue", { timezone: ctx.config.timezone }),
        ],
        requests.map((r) => {
          const due = localDateTime(r.slaDueAt, ctx.config.timezone);
          return [
            requestLabel(r.number),
            tr.locale === "en" ? REQUEST_TYPES[r.type].label : tr.t(`contract.type.${r.type}`),
            r.account.name,
            r.amount !== null && r.currency ? tr.money(r.amount, r.currency) : "-",
            tr.locale === "en" ? STATUSES[r.status] : tr.t(`contract.status.${r.status}`),
            stage(r.stage) || "-",
            r.documentUrl ?? "-",
            r.assigneeId ? people.name(r.assigneeId) : "-",
            isOverdue(r.status, r.slaDueAt, now) ? tr.t("cli.requests.overdue", { due }) : due,
          ];
        }),
        [3],
      ),
    );
    return EXIT.done;
  },
});
