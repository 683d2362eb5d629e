import { auditEvents, auditTrail, listRequests } from "../contracts/service.js";
import { isOverdue, STATUSES, type Status } from "../contracts/state.js";
import { parseRequestNumber, REQUEST_TYPES, requestLabel } from "../contracts/types.js";
import { writeCsvFile } from "../csv-write.js";
import { KurokoError } from "../errors.js";
import { formatMoney } from "../format.js";
import { isoDay } from "../time.js";
import { type CliContext, UsageError } from "./main.js";
import { formatTable } from "./output.js";

const isStatus = (value: string): value is Status => value in STATUSES;

/** `kuroko requests [--status in_review,submitted]`: contract requests, soonest SLA first. */
export async function runRequests(ctx: CliContext): Promise<void> {
  const raw =
    typeof ctx.flags.status === "string" ? ctx.flags.status.split(",").map((s) => s.trim()) : undefined;
  const unknown = raw?.filter((s) => !isStatus(s));
  if (unknown?.length)
    throw new UsageError(`Unknown status ${unknown.join(", ")}: use ${Object.keys(STATUSES).join(", ")}.`);
  const db = await ctx.database();
  const requests = await listRequests(db.prisma, { statuses: raw as Status[] | undefined, limit: 10_000 });
  const now = new Date();
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
    return;
  }
  if (requests.length === 0) {
    ctx.out("No contract requests match.");
    return;
  }
  ctx.out(
    formatTable(
      ["Request", "Type", "Account", "Amount", "Status", "Assignee", "SLA due"],
      requests.map((r) => [
        requestLabel(r.number),
        REQUEST_TYPES[r.type].label,
        r.account.name,
        r.amount !== null && r.currency ? formatMoney(r.amount, r.currency) : "-",
        STATUSES[r.status],
        r.assigneeId ?? "-",
        `${r.slaDueAt.toISOString().slice(0, 16).replace("T", " ")}${isOverdue(r.status, r.slaDueAt, now) ? " OVERDUE" : ""}`,
      ]),
      [3],
    ),
  );
}

/**
 * `kuroko audit CR-1042`: one request's trail. `kuroko audit --from 2026-11-01 --to 2026-12-01
 * --csv audit.csv`: every event in the range, as CSV (UTF-8 with a BOM, so Excel opens it right;
 * names and comments that would read as formulas are neutralised by `writeCsvFile`).
 */
export async function runAudit(ctx: CliContext): Promise<void> {
  const db = await ctx.database();
  const [reference] = ctx.args;
  if (reference) {
    const number = parseRequestNumber(reference);
    if (number === undefined) throw new UsageError(`"${reference}" is not a request number such as CR-1042.`);
    const events = await auditTrail(db.prisma, number);
    if (ctx.json) ctx.out(JSON.stringify(events));
    else
      ctx.out(
        formatTable(
          ["When (UTC)", "Who", "What", "From", "To", "Comment"],
          events.map((e) => [
            e.createdAt.toISOString().slice(0, 19).replace("T", " "),
            e.actorId,
            e.action,
            e.fromStatus ?? "",
            e.toStatus ?? "",
            e.comment ?? "",
          ]),
        ),
      );
    return;
  }
  const day = (flag: string) => {
    const value = ctx.flags[flag];
    if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value))
      throw new UsageError(`--${flag} must be a date as YYYY-MM-DD.`);
    return new Date(`${value}T00:00:00Z`);
  };
  const from = day("from");
  const to = day("to");
  if (to <= from) throw new UsageError("--to must come after --from.");
  const file = ctx.flags.csv;
  if (typeof file !== "string")
    throw new UsageError("Name a request (CR-1042), or export a range with --from, --to and --csv FILE.");
  const events = await auditEvents(db.prisma, from, to);
  const header = [
    "request",
    "type",
    "account",
    "at_utc",
    "actor",
    "action",
    "from_status",
    "to_status",
    "comment",
  ];
  const rows = events.map((e) => [
    requestLabel(e.request.number),
    e.request.type,
    e.request.account.name,
    e.createdAt,
    e.actorId,
    e.action,
    e.fromStatus,
    e.toStatus,
    e.comment,
  ]);
  try {
    await writeCsvFile(file, header, rows);
  } catch (error) {
    throw new KurokoError(`Cannot write ${file}: ${(error as Error).message}`);
  }
  const summary = { file, events: events.length, from: isoDay(from), to: isoDay(to) };
  ctx.out(
    ctx.json
      ? JSON.stringify(summary)
      : `Wrote ${events.length} audit events (${summary.from} to ${summary.to}) to ${file}.`,
  );
}
