import { driverTransactionOf, type PrismaClient, type RawDb } from "../db/database.js";
import { KurokoError } from "../errors.js";
import type { CsvRecord } from "./csv.js";
import {
  type ImportKind,
  ImportRejected,
  importRecords,
  type OwnerLookup,
  type WrittenSummary,
} from "./import.js";
import { quoteCell } from "./row-readers.js";
import { ACCOUNT_COLUMNS, LONG_METRIC_COLUMNS, metricColumns, OUTCOME_COLUMNS } from "./rows.js";
import { BUILT_IN_CATALOGUE, type SignalCatalogue } from "./signals.js";

/**
 * Rows from a program rather than a file — an API batch (JSON or NDJSON), a warehouse query's
 * result — imported with the CSV import's semantics: each row checked by the same rules, upsert
 * by external id, the whole batch or nothing. A row is an object whose keys are the file's
 * column names; numbers may be numbers or text; `null` is an empty cell.
 */

/** A problem with one row of a batch: its index (from 0), the field, and why. */
export interface IngestProblem {
  index: number;
  field?: string;
  reason: string;
}

/** The batch was refused as a whole; nothing was written. */
export class IngestRejected extends KurokoError {
  constructor(
    readonly problems: IngestProblem[],
    readonly total: number = problems.length,
  ) {
    const more = total - problems.length;
    super(
      `Refused: ${total} ${total === 1 ? "problem" : "problems"}; nothing was written.\n` +
        problems.map((p) => `  row ${p.index}${p.field ? ` (${p.field})` : ""}: ${p.reason}`).join("\n") +
        (more > 0 ? `\n  … and ${more} more` : ""),
    );
  }
}

export interface IngestDeps {
  prisma: PrismaClient;
  /** The health model: its catalogue says which signals metrics may carry. */
  model?: { catalogue: SignalCatalogue };
  /** Finds owners by e-mail (accounts rows with owner_email): Slack's users.lookupByEmail. */
  ownerLookup?: OwnerLookup;
}

export type IngestKind = ImportKind;

/** The most problems a refusal lists (the rest are counted). */
export const MAX_INGEST_PROBLEMS = 100;

/** Rows handed to the readers per batch. */
const BATCH = 1_000;

/**
 * Imports `rows` of `kind` in one transaction: all or nothing. Throws `IngestRejected` naming
 * each bad row's index and field. An empty batch writes nothing and succeeds.
 */
export async function ingestRows(
  deps: IngestDeps,
  kind: IngestKind,
  rows: readonly unknown[],
): Promise<WrittenSummary> {
  if (rows.length === 0) return emptySummary(kind);
  const catalogue = deps.model?.catalogue ?? BUILT_IN_CATALOGUE;
  const { header, problems } = shapeOf(kind, rows, catalogue);
  if (header.includes("owner_email") && !deps.ownerLookup && problems.length === 0)
    problems.push(ownersNeedSlack(rows.findIndex((row) => Object.hasOwn(row as object, "owner_email"))));
  if (problems.length > 0) throw new IngestRejected(problems.slice(0, MAX_INGEST_PROBLEMS), problems.length);
  try {
    // Through the driver: each staging statement carries ~170 KB of JSON (see driverTransactionOf).
    return await driverTransactionOf(deps.prisma)((tx) =>
      importRecords(tx, kind, records(header, rows), {
        signals: catalogue,
        ownerLookup: deps.ownerLookup,
        rowWord: "row",
      }),
    );
  } catch (error) {
    throw asIngestRejected(error);
  }
}

/** owner_email without a way to look the owners up. */
const ownersNeedSlack = (index: number): IngestProblem => ({
  index,
  field: "owner_email",
  reason:
    "needs Slack to find the owners: set SLACK_BOT_TOKEN (a bot token with users:read.email), or send owner_slack_id",
});

/** An import's refusal said as a batch's: line i of the records is row i. */
function asIngestRejected(error: unknown): unknown {
  if (!(error instanceof ImportRejected)) return error;
  return new IngestRejected(
    error.errors.map((e) => ({ index: e.line, field: e.field, reason: e.message })),
    error.total,
  );
}

const emptySummary = (kind: IngestKind): WrittenSummary => ({
  kind,
  rows: 0,
  ...(kind === "metrics" ? {} : { created: 0, updated: 0 }),
});

/** Whether a metrics batch is in the long form: its first row has `signal` or `value`. */
const isLong = (first: Record<string, unknown>) =>
  Object.hasOwn(first, "signal") || Object.hasOwn(first, "value");

/** The columns each kind's rows may have (metrics: wide or long, by the first row's keys). */
function columnsOf(kind: IngestKind, catalogue: SignalCatalogue, first: Record<string, unknown>) {
  if (kind === "accounts") return Object.keys(ACCOUNT_COLUMNS);
  if (kind === "outcomes") return Object.keys(OUTCOME_COLUMNS);
  return isLong(first) ? Object.keys(LONG_METRIC_COLUMNS) : Object.keys(metricColumns(catalogue));
}

/** The fields every row must have: they are always columns, so a row lacking one is named. */
function requiredOf(kind: IngestKind, first: Record<string, unknown>): string[] {
  if (kind === "accounts") return ["external_id", "name"];
  if (kind === "outcomes") return ["external_id", "date", "kind"];
  return isLong(first) ? ["external_id", "date", "signal", "value"] : ["external_id", "date"];
}

const isObject = (row: unknown): row is Record<string, unknown> =>
  typeof row === "object" && row !== null && !Array.isArray(row);

/**
 * The batch's shape, checked before any row is read: each row an object of known fields with
 * scalar values; for accounts, every row with the same fields (a field left out of one row
 * would otherwise clear it, as an empty CSV cell does). Returns the header the records get.
 */
function shapeOf(kind: IngestKind, rows: readonly unknown[], catalogue: SignalCatalogue) {
  const problems: IngestProblem[] = [];
  const first = rows.find(isObject) ?? {};
  const known = columnsOf(kind, catalogue, first);
  const required = requiredOf(kind, first);
  const header = [...required];
  const long = kind === "metrics" && isLong(first);
  rows.forEach((row, index) => {
    for (const field of checkRow(row, index, { kind, known, long, catalogue }, problems)) {
      if (!header.includes(field)) header.push(field);
    }
  });
  if (kind === "metrics" && !long && header.length === required.length) {
    problems.push({
      index: 0,
      reason: `no metric fields (expected some of: ${catalogue.measured.join(", ")}; or the long form external_id, date, signal, value)`,
    });
  }
  if (kind === "accounts" && problems.length === 0) {
    rows.forEach((row, index) => {
      missingFields(row as object, index, header, required, problems);
    });
  }
  return { header, problems, known, required, long };
}

interface RowShape {
  kind: IngestKind;
  known: string[];
  long: boolean;
  catalogue: SignalCatalogue;
}

/** One row's fields checked against the batch's known ones; returns the good fields, in order. */
function checkRow(row: unknown, index: number, shape: RowShape, problems: IngestProblem[]): string[] {
  if (!isObject(row)) {
    problems.push({ index, reason: "must be an object of fields" });
    return [];
  }
  const good: string[] = [];
  for (const [field, value] of Object.entries(row)) {
    if (!shape.known.includes(field)) {
      problems.push({
        index,
        field,
        reason: unknownField(field, shape.known, shape.catalogue, shape.kind, shape.long),
      });
      continue;
    }
    if (value !== null && typeof value !== "string" && typeof value !== "number") {
      problems.push({ index, field, reason: "must be text, a number or null" });
      continue;
    }
    good.push(field);
  }
  return good;
}

/** An account row must carry every field of the batch: one left out would clear it. */
function missingFields(
  row: object,
  index: number,
  header: string[],
  required: string[],
  problems: IngestProblem[],
) {
  for (const field of header) {
    if (!required.includes(field) && !Object.hasOwn(row, field))
      problems.push({
        index,
        field,
        reason: `is missing while other rows of the batch have it: send the same fields in every row (null clears a field)`,
      });
  }
}

/** Why a field is not one of the batch's: unknown, derived, or of the other metrics form. */
function unknownField(
  field: string,
  known: string[],
  catalogue: SignalCatalogue,
  kind: IngestKind,
  long: boolean,
): string {
  const spec = catalogue.all.get(field);
  if (spec?.ratio) return `"${field}" is derived (${spec.ratio.of} ÷ ${spec.ratio.per}): send those instead`;
  if (kind === "metrics" && long && spec)
    return `"${field}" is a signal, but the batch is in the long form (its first row has signal and value): give each value as {"signal": "${field}", "value": …}`;
  if (kind === "metrics" && !long && (field === "signal" || field === "value"))
    return `"${field}" belongs to the long form, but the batch is in the wide form (its first row has no signal or value): send every row in one form`;
  return `unknown field ${quoteCell(field)} (the fields are: ${known.join(", ")})`;
}

/** Plain decimal notation for any number: 1e21 is "1000000000000000000000", 1e-7 "0.0000001". */
const plain = new Intl.NumberFormat("en-US", { useGrouping: false, maximumFractionDigits: 20 });

/** A value as the CSV readers take it: text as is, a number in plain notation, null empty. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? plain.format(value) : "not a number";
  return String(value);
}

/** The rows as CSV records: the header first (line -1), then row i as line i. */
async function* records(header: string[], rows: readonly unknown[]): AsyncGenerator<CsvRecord[]> {
  yield [{ line: -1, fields: header }];
  for (let start = 0; start < rows.length; start += BATCH) {
    yield rows.slice(start, start + BATCH).map((row, i) => {
      const object = row as Record<string, unknown>;
      return { line: start + i, fields: header.map((field) => cell(object[field])) };
    });
  }
}

/**
 * Imports rows of `kind` that arrive in batches (a warehouse query's fetches) with `ingestRows`'s
 * checks and semantics, in one transaction: all rows or none, a refusal naming each bad row's
 * index (from 0, across batches) and field. Memory stays bounded by a batch: rows are staged as
 * they come. The fields are the first batch's; every later row must have the same ones (a
 * query's rows do).
 */
export async function ingestBatches(
  deps: IngestDeps,
  kind: IngestKind,
  batches: AsyncIterable<readonly unknown[]>,
): Promise<WrittenSummary> {
  return driverTransactionOf(deps.prisma)((tx) =>
    ingestBatchesIn(tx, kind, batches, { catalogue: deps.model?.catalogue, ownerLookup: deps.ownerLookup }),
  );
}

/**
 * `ingestBatches` inside the caller's transaction `tx` (a dry run rolls it back). Throws
 * `IngestRejected`; the caller's transaction must then be rolled back.
 */
export async function ingestBatchesIn(
  tx: RawDb,
  kind: IngestKind,
  batches: AsyncIterable<readonly unknown[]>,
  options: { catalogue?: SignalCatalogue; ownerLookup?: OwnerLookup } = {},
): Promise<WrittenSummary> {
  const catalogue = options.catalogue ?? BUILT_IN_CATALOGUE;
  const iterator = batches[Symbol.asyncIterator]();
  try {
    let first: readonly unknown[] = [];
    while (first.length === 0) {
      const next = await iterator.next();
      if (next.done) return emptySummary(kind);
      first = next.value;
    }
    const shape = shapeOf(kind, first, catalogue);
    const problems = { listed: [] as IngestProblem[], total: 0 };
    const note = (found: IngestProblem[]) => {
      problems.total += found.length;
      problems.listed.push(...found.slice(0, MAX_INGEST_PROBLEMS - problems.listed.length));
    };
    if (shape.header.includes("owner_email") && !options.ownerLookup && shape.problems.length === 0)
      shape.problems.push(ownersNeedSlack(0));
    note(shape.problems);
    const rowShape = { kind, known: shape.known, long: shape.long, catalogue };
    async function* streamed(): AsyncGenerator<CsvRecord[]> {
      yield [{ line: -1, fields: shape.header }];
      let batch = first;
      let offset = 0;
      for (;;) {
        if (offset > 0) note(laterRowProblems(batch, offset, rowShape, shape.header, shape.required));
        // Once a row is refused, the rest are only checked: nothing will be written.
        if (problems.total === 0)
          yield batch.map((row, i) => ({
            line: offset + i,
            fields: shape.header.map((field) => cell((row as Record<string, unknown>)[field])),
          }));
        offset += batch.length;
        const next = await iterator.next();
        if (next.done) break;
        batch = next.value;
      }
      if (problems.total > 0) throw new IngestRejected(problems.listed, problems.total);
    }
    return await importRecords(tx, kind, streamed(), {
      signals: catalogue,
      ownerLookup: options.ownerLookup,
      rowWord: "row",
    });
  } catch (error) {
    // The source is closed (a warehouse cursor ended) whatever stopped the import.
    await Promise.resolve(iterator.return?.()).catch(() => {});
    throw asIngestRejected(error);
  }
}

/** The problems of rows after the first batch: `ingestRows`'s checks, against the first rows' fields. */
function laterRowProblems(
  rows: readonly unknown[],
  offset: number,
  shape: RowShape,
  header: string[],
  required: string[],
): IngestProblem[] {
  const problems: IngestProblem[] = [];
  rows.forEach((row, i) => {
    const index = offset + i;
    for (const field of checkRow(row, index, shape, problems)) {
      if (!header.includes(field))
        problems.push({
          index,
          field,
          reason: `is not among the first rows' fields (${header.join(", ")}): every row must have the same fields`,
        });
    }
    if (shape.kind === "accounts" && isObject(row)) missingFields(row, index, header, required, problems);
  });
  return problems;
}
