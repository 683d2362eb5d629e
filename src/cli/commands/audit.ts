import { auditEvents, auditTrail } from "../../contracts/service.js";
import { parseRequestNumber, requestLabel } from "../../contracts/types.js";
import { writeCsvFile } from "../../csv-write.js";
import type { OpenedDatabase } from "../../db/database.js";
import { KurokoError } from "../../errors.js";
import { isoDay } from "../../time.js";
import { type CliContext, defineCommand, EXIT, JSON_OPTION, UsageError } from "../command.js";
import { formatTable } from "../output.js";
import { slackPeople } from "../people.js";

const CSV_HEADER = [
  "request",
  "type",
  "account",
  "at_utc",
  "actor",
  "action",
  "from_status",
  "to_status",
  "comment",
  "on_behalf_of",
];

async function printTrail(ctx: CliContext, db: OpenedDatabase, reference: string) {
  const number = parseRequestNumber(reference);
  if (number === undefined) throw new UsageError(`"${reference}" is not a request number such as CR-1042.`);
  const events = await auditTrail(db.prisma, number);
  if (ctx.json) {
    ctx.out(JSON.stringify(events));
    return;
  }
  const people = slackPeople(ctx.config, ctx.err);
  await people.resolve(events.flatMap((e) => [e.actorId, e.onBehalfOf]));
  ctx.out(
    formatTable(
      ["When (UTC)", "Who", "What", "From", "To", "Comment"],
      events.map((e) => [
        e.createdAt.toISOString().slice(0, 19).replace("T", " "),
        e.onBehalfOf
          ? `${people.name(e.actorId)} on behalf of ${people.name(e.onBehalfOf)}`
          : people.name(e.actorId),
        e.action,
        e.fromStatus ?? "",
        e.toStatus ?? "",
        e.comment ?? "",
      ]),
    ),
  );
}

function day(flag: string, value: string | undefined): Date {
  if (value === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(value))
    throw new UsageError(`--${flag} must be a date as YYYY-MM-DD.`);
  return new Date(`${value}T00:00:00Z`);
}

/**
 * `kuroko audit CR-1042`: one request's trail. `kuroko audit --from 2026-11-01 --to 2026-12-01
 * --csv audit.csv`: every event in the range, as CSV (UTF-8 with a BOM, so Excel opens it right;
 * names and comments that would read as formulas are neutralised by `writeCsvFile`).
 */
export const auditCommand = defineCommand({
  name: "audit",
  summary: "a contract request's audit trail (CR-1042), or every event from --from to --to as CSV",
  args: [{ name: "CR-1042", description: "the request whose trail to print", optional: true }],
  options: {
    from: { type: "string", value: "YYYY-MM-DD", description: "export events from this day (UTC)" },
    to: { type: "string", value: "YYYY-MM-DD", description: "up to this day (UTC, not included)" },
    csv: { type: "string", value: "FILE", description: "the CSV file to write (UTF-8 with a BOM)" },
    json: JSON_OPTION,
  },
  async run(ctx) {
    const db = await ctx.database();
    const [reference] = ctx.args;
    if (reference) {
      await printTrail(ctx, db, reference);
      return EXIT.done;
    }
    const from = day("from", ctx.options.from);
    const to = day("to", ctx.options.to);
    if (to <= from) throw new UsageError("--to must come after --from.");
    const file = ctx.options.csv;
    if (file === undefined)
      throw new UsageError("Name a request (CR-1042), or export a range with --from, --to and --csv FILE.");
    const events = await auditEvents(db.prisma, from, to);
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
      e.onBehalfOf,
    ]);
    try {
      await writeCsvFile(file, CSV_HEADER, rows);
    } catch (error) {
      throw new KurokoError(`Cannot write ${file}: ${(error as Error).message}`);
    }
    const summary = { file, events: events.length, from: isoDay(from), to: isoDay(to) };
    ctx.out(
      ctx.json
        ? JSON.stringify(summary)
        : `Wrote ${events.length} audit events (${summary.from} to ${summary.to}) to ${file}.`,
    );
    return EXIT.done;
  },
});
