import { auditEvents, auditTrail } from "../../contracts/service.js";
import { STATUSES, type Status } from "../../contracts/state.js";
import { parseRequestNumber, requestLabel } from "../../contracts/types.js";
import type { OpenedDatabase } from "../../db/database.js";
import { CATALOGUES, type MessageKey, type Translator } from "../../i18n/index.js";
import { isoDay } from "../../time.js";
import { type CliContext, defineCommand, EXIT, JSON_OPTION, UsageError } from "../command.js";
import { ENCODING_OPTION, exportEncoding, writeExport } from "../csv-export.js";
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

/** An audit action as the reader says it (an action the catalogue does not know: as stored). */
function actionLabel(tr: Translator, action: string): string {
  const key = `cli.audit.action.${action}`;
  return Object.hasOwn(CATALOGUES.en, key) ? tr.t(key as MessageKey & `cli.audit.action.${string}`) : action;
}

/** A status as the reader says it: the table's English labels, the catalogue's Japanese ones. */
function statusLabel(tr: Translator, status: string | null): string {
  if (!status) return "";
  if (tr.locale === "en" || !(status in STATUSES)) return status;
  return tr.t(`contract.status.${status as Status}`);
}

async function printTrail(ctx: CliContext, db: OpenedDatabase, reference: string) {
  const { tr } = ctx;
  const number = parseRequestNumber(reference);
  if (number === undefined) throw new UsageError(tr.t("cli.audit.notNumber", { reference }));
  const events = await auditTrail(db.prisma, number);
  if (ctx.json) {
    ctx.out(JSON.stringify(events));
    return;
  }
  const people = slackPeople(ctx.config, ctx.err, { tr: ctx.tr });
  await people.resolve(events.flatMap((e) => [e.actorId, e.onBehalfOf]));
  ctx.out(
    formatTable(
      [
        tr.t("cli.audit.when"),
        tr.t("cli.audit.who"),
        tr.t("cli.audit.what"),
        tr.t("cli.audit.from"),
        tr.t("cli.audit.to"),
        tr.t("cli.audit.comment"),
      ],
      events.map((e) => [
        e.createdAt.toISOString().slice(0, 19).replace("T", " "),
        e.onBehalfOf
          ? tr.t("cli.audit.onBehalfOf", {
              actor: people.name(e.actorId),
              principal: people.name(e.onBehalfOf),
            })
          : people.name(e.actorId),
        tr.locale === "en" ? e.action : actionLabel(tr, e.action),
        statusLabel(tr, e.fromStatus),
        statusLabel(tr, e.toStatus),
        e.comment ?? "",
      ]),
    ),
  );
}

function day(tr: Translator, flag: string, value: string | undefined): Date {
  if (value === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(value))
    throw new UsageError(tr.t("cli.audit.day", { flag }));
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
    encoding: ENCODING_OPTION,
    json: JSON_OPTION,
  },
  async run(ctx) {
    const { tr } = ctx;
    const encoding = exportEncoding(ctx.options.encoding, tr);
    const db = await ctx.database();
    const [reference] = ctx.args;
    if (reference) {
      await printTrail(ctx, db, reference);
      return EXIT.done;
    }
    const from = day(tr, "from", ctx.options.from);
    const to = day(tr, "to", ctx.options.to);
    if (to <= from) throw new UsageError(tr.t("cli.audit.toAfterFrom"));
    const file = ctx.options.csv;
    if (file === undefined) throw new UsageError(tr.t("cli.audit.nameOne"));
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
    await writeExport(tr, file, CSV_HEADER, rows, encoding);
    const summary = { file, events: events.length, from: isoDay(from), to: isoDay(to) };
    ctx.out(
      ctx.json
        ? JSON.stringify(summary)
        : tr.t("cli.audit.wrote", { count: events.length, from: tr.day(from), to: tr.day(to), file }),
    );
    return EXIT.done;
  },
});
