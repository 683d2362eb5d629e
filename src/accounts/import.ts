import type { PrismaClient } from "../db/database.js";
import { KurokoError } from "../errors.js";
import { CsvSyntaxError, decodeText, type Encoding, parseCsv } from "./csv.js";
import { type AccountField, findUnknownExternalIds, upsertAccounts, upsertMetrics } from "./repository.js";
import { METRIC_NAMES, type RowError, validateAccounts, validateMetrics } from "./rows.js";

/** The file was refused as a whole; nothing was written. */
export class ImportRejected extends KurokoError {
  constructor(readonly errors: RowError[]) {
    super(
      `Refused: ${errors.length} problem${errors.length === 1 ? "" : "s"}; nothing was imported.\n` +
        errors.map((e) => `  line ${e.line}: ${e.message}`).join("\n"),
    );
  }
}

export interface ImportOptions {
  encoding?: Encoding;
  /** Called as rows are written: (rows written, rows in the file). */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportSummary {
  kind: "accounts" | "metrics";
  rows: number;
  created?: number;
  updated?: number;
  encoding: Encoding;
}

/** A whole import runs in one transaction: a failure half-way leaves the database as it was. */
const LONG_TRANSACTION = { maxWait: 30_000, timeout: 30 * 60_000 };

function readRecords(bytes: Uint8Array, encoding?: Encoding) {
  const decoded = decodeText(bytes, encoding);
  try {
    return { records: parseCsv(decoded.text), encoding: decoded.encoding };
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      throw new ImportRejected([{ line: error.line, message: error.message.replace(/^line \d+: /, "") }]);
    throw error;
  }
}

/** Imports accounts.csv: upsert by external_id, all rows or none. */
export async function importAccounts(
  prisma: PrismaClient,
  bytes: Uint8Array,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const { records, encoding } = readRecords(bytes, options.encoding);
  const { rows, present, errors } = validateAccounts(records);
  if (errors.length > 0) throw new ImportRejected(errors);
  const fieldOf: Record<string, AccountField> = {
    domain: "domain",
    arr: "arr",
    currency: "currency",
    renewal_date: "renewalDate",
    owner_slack_id: "ownerSlackId",
    segment: "segment",
  };
  const fields = present.flatMap((column) => (fieldOf[column] ? [fieldOf[column]] : []));
  const { created, updated } = await prisma.$transaction(
    (tx) => upsertAccounts(tx, rows, fields, (done) => options.onProgress?.(done, rows.length)),
    LONG_TRANSACTION,
  );
  return { kind: "accounts", rows: rows.length, created, updated, encoding };
}

/** Imports metrics.csv: merge by (account, date), all rows or none. Accounts must exist first. */
export async function importMetrics(
  prisma: PrismaClient,
  bytes: Uint8Array,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const { records, encoding } = readRecords(bytes, options.encoding);
  const { rows, errors } = validateMetrics(records);
  const unknown = await findUnknownExternalIds(
    prisma,
    rows.map((r) => r.externalId),
  );
  for (const row of rows) {
    if (unknown.has(row.externalId)) {
      errors.push({
        line: row.line,
        message: `no account has external_id "${row.externalId}" (import accounts first)`,
      });
    }
  }
  if (errors.length > 0) throw new ImportRejected(errors.sort((a, b) => a.line - b.line));
  const metrics = METRIC_NAMES.filter((m) => rows.some((r) => m in r.values));
  await prisma.$transaction(
    (tx) => upsertMetrics(tx, rows, metrics, (done) => options.onProgress?.(done, rows.length)),
    LONG_TRANSACTION,
  );
  return { kind: "metrics", rows: rows.length, encoding };
}
