import { createReadStream, statSync } from "node:fs";
import type { PrismaClient } from "../db/database.js";
import { KurokoError } from "../errors.js";
import { CSV_LIMITS, CsvSyntaxError, type Encoding, readCsv } from "./csv.js";
import { type Staging, stageAccounts, stageMetrics } from "./import-staging.js";
import { type AccountField, CHUNK } from "./repository.js";
import { accountsReader, metricsReader, type RowError, type RowReader } from "./row-readers.js";
import { METRIC_NAMES, type MetricName } from "./rows.js";

/** Problems a refusal lists; the rest are counted ("… and 12,345 more problems"). */
export const MAX_LISTED_PROBLEMS = 100;

const thousands = (n: number) => n.toLocaleString("en-US");
const plural = (n: number, what: string) => `${thousands(n)} ${what}${n === 1 ? "" : "s"}`;

/** The file was refused as a whole; nothing was written. */
export class ImportRejected extends KurokoError {
  /**
   * @param errors the problems listed: the first `MAX_LISTED_PROBLEMS` by line
   * @param total how many problems the file has in all
   */
  constructor(
    readonly errors: RowError[],
    readonly total: number = errors.length,
  ) {
    const more = total - errors.length;
    super(
      `Refused: ${plural(total, "problem")}; nothing was imported.\n` +
        errors.map((e) => `  line ${e.line}: ${e.message}`).join("\n") +
        (more > 0 ? `\n  … and ${plural(more, "more problem")}` : ""),
    );
  }
}

/** The problems found so far: the first `MAX_LISTED_PROBLEMS` by line kept, the others counted. */
class Problems {
  private listed: RowError[] = [];
  private total = 0;

  /** Adds problems found in file order (each no earlier than the last). */
  add(error: RowError) {
    this.total++;
    if (this.listed.length < MAX_LISTED_PROBLEMS) this.listed.push(error);
  }

  /** Adds the first problems of a check over the whole file, and how many it found in all. */
  addFound(errors: RowError[], total: number) {
    this.total += total;
    this.listed = [...this.listed, ...errors].sort((a, b) => a.line - b.line).slice(0, MAX_LISTED_PROBLEMS);
  }

  rejection(): ImportRejected | undefined {
    return this.total > 0 ? new ImportRejected(this.listed, this.total) : undefined;
  }
}

/** What an import reads: a file's bytes, or a stream of them (`openImportFile`). */
export type ImportSource = Uint8Array | AsyncIterable<Uint8Array>;

export interface ImportOptions {
  encoding?: Encoding;
  /** Called as the file is read and checked: bytes read so far. */
  onRead?: (bytesRead: number) => void;
  /** Called as rows are written, once the file has passed: (rows written, rows in the file). */
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

/**
 * Opens a file to import as a stream. A file over `CSV_LIMITS.fileBytes` is refused before
 * a byte is read (the stream checks again as it reads, for a file that grows).
 */
export function openImportFile(path: string): AsyncIterable<Uint8Array> {
  const { size } = statSync(path);
  if (size > CSV_LIMITS.fileBytes) {
    throw new KurokoError(
      `${path} is ${thousands(Math.ceil(size / 1_000_000))} MB, larger than ${thousands(CSV_LIMITS.fileBytes / 1_000_000)} MB, ` +
        "the most one import reads: split it into smaller files. Nothing was imported.",
    );
  }
  return createReadStream(path, { highWaterMark: 64 * 1024 });
}

/**
 * Reads a file through a row reader into the staging table, a slice at a time: only the
 * problems (the first hundred) are kept in memory. Throws `ImportRejected` when the header is
 * wrong or the file cannot be read to its end; returns the encoding it was read in.
 */
async function readIntoStaging<Row extends { line: number }, Key extends { line: number }>(
  source: ImportSource,
  options: ImportOptions,
  reader: RowReader<Row, Key, string>,
  staging: Staging<Row, Key>,
  problems: Problems,
): Promise<Encoding> {
  const csv = readCsv(source, { encoding: options.encoding, onBytes: options.onRead });
  let awaitingHeader = true;
  let batch: (Row | Key)[] = [];
  try {
    for await (const records of csv.batches()) {
      for (const record of records) {
        if (awaitingHeader) {
          awaitingHeader = false;
          const errors = reader.header(record);
          if (errors.length > 0) throw new ImportRejected(errors);
          continue;
        }
        const read = reader.row(record);
        for (const error of read.errors) problems.add(error);
        const staged = read.row ?? read.key;
        if (staged) batch.push(staged);
      }
      if (batch.length >= CHUNK) {
        await staging.add(batch);
        batch = [];
      }
    }
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    problems.add({ line: error.line, message: error.detail });
    throw problems.rejection()!;
  }
  if (awaitingHeader) throw new ImportRejected(reader.header(undefined));
  for (const error of reader.end()) problems.add(error);
  await staging.add(batch);
  return csv.encoding;
}

/** Runs `write` over the staged rows a slice at a time, reporting progress. */
async function inSlices(
  total: number,
  onProgress: ImportOptions["onProgress"],
  write: (after: number, upTo: number) => Promise<unknown>,
) {
  for (let after = 0; after < total; after += CHUNK) {
    const upTo = Math.min(after + CHUNK, total);
    await write(after, upTo);
    onProgress?.(upTo, total);
  }
}

const ACCOUNT_FIELDS: Record<string, AccountField> = {
  domain: "domain",
  arr: "arr",
  currency: "currency",
  renewal_date: "renewalDate",
  owner_slack_id: "ownerSlackId",
  segment: "segment",
};

/**
 * Imports accounts.csv: upsert by external_id, all rows or none. The file is streamed: every
 * row is checked as it comes and staged in the import's transaction; the accounts are written
 * only when the whole file has passed.
 */
export async function importAccounts(
  prisma: PrismaClient,
  source: ImportSource,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  return prisma.$transaction(async (tx) => {
    const staging = await stageAccounts(tx);
    const reader = accountsReader();
    const problems = new Problems();
    const encoding = await readIntoStaging(source, options, reader, staging, problems);
    const repeated = await staging.repeatedKeys(MAX_LISTED_PROBLEMS);
    problems.addFound(
      repeated.rows.map((r) => ({ line: r.line, message: `external_id repeats line ${r.firstLine}` })),
      repeated.total,
    );
    const refused = problems.rejection();
    if (refused) throw refused;
    const merge = staging.merge(
      reader.present.flatMap((c) => (ACCOUNT_FIELDS[c] ? [ACCOUNT_FIELDS[c]] : [])),
    );
    let created = 0;
    let updated = 0;
    await inSlices(staging.size, options.onProgress, async (after, upTo) => {
      const counts = await merge(after, upTo);
      created += counts.created;
      updated += counts.updated;
    });
    return { kind: "accounts" as const, rows: staging.size, created, updated, encoding };
  }, LONG_TRANSACTION);
}

/**
 * Imports metrics.csv: merge by (account, date), all rows or none. Accounts must exist first.
 * Streamed and staged as `importAccounts` is.
 */
export async function importMetrics(
  prisma: PrismaClient,
  source: ImportSource,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  return prisma.$transaction(async (tx) => {
    const staging = await stageMetrics(tx);
    const reader = metricsReader();
    const problems = new Problems();
    const encoding = await readIntoStaging(source, options, reader, staging, problems);
    const repeated = await staging.repeatedKeys(MAX_LISTED_PROBLEMS);
    problems.addFound(
      repeated.rows.map((r) => ({
        line: r.line,
        message: `external_id and date repeats line ${r.firstLine}`,
      })),
      repeated.total,
    );
    const unknown = await staging.unknownAccounts(MAX_LISTED_PROBLEMS);
    problems.addFound(
      unknown.rows.map((r) => ({
        line: r.line,
        message: `no account has external_id ${JSON.stringify(r.externalId)} (import accounts first)`,
      })),
      unknown.total,
    );
    const refused = problems.rejection();
    if (refused) throw refused;
    const metrics = METRIC_NAMES.filter((m): m is MetricName => (reader.present as string[]).includes(m));
    const merge = staging.merge(metrics);
    await inSlices(staging.size, options.onProgress, merge);
    return { kind: "metrics" as const, rows: staging.size, encoding };
  }, LONG_TRANSACTION);
}
