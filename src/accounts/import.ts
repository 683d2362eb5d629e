import { createReadStream, statSync } from "node:fs";
import { driverTransactionOf, type PrismaClient, type RawDb } from "../db/database.js";
import { KurokoError } from "../errors.js";
import { CSV_LIMITS, type CsvRecord, CsvSyntaxError, type Encoding, readCsv } from "./csv.js";
import { type Staging, stageAccounts, stageMetrics, stageOutcomes } from "./import-staging.js";
import type { ColumnMapping } from "./mappings.js";
import { type AccountField, CHUNK } from "./repository.js";
import {
  accountsReader,
  metricsReader,
  outcomesReader,
  type RowError,
  type RowReader,
} from "./row-readers.js";
import { BUILT_IN_CATALOGUE, type SignalCatalogue } from "./signals.js";

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
  /** The signals a metrics file may carry (the health model's; default: the built-in ones). */
  signals?: SignalCatalogue;
  /** Called as the file is read and checked: bytes read so far. */
  onRead?: (bytesRead: number) => void;
  /** Called as rows are written, once the file has passed: (rows written, rows in the file). */
  onProgress?: (done: number, total: number) => void;
  /** How the file's columns become Kuroko's (a CRM export); without one, the header must be Kuroko's. */
  mapping?: ColumnMapping;
  /** Finds owners by e-mail (an owner_email column); without it such a file is refused. */
  ownerLookup?: OwnerLookup;
}

/**
 * Looks people up by e-mail (Slack's users.lookupByEmail, injected so that accounts/ knows no
 * Slack): each address's user id, or undefined when the workspace has nobody with it. Throws
 * when the lookup itself fails (the import is then refused, nothing written).
 */
export type OwnerLookup = (emails: string[]) => Promise<Map<string, string | undefined>>;

export interface ImportSummary extends WrittenSummary {
  encoding: Encoding;
}

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

/** Records as they are read: a CSV file's, or an API batch's made into records (ingest.ts). */
export type RecordBatches = AsyncIterable<CsvRecord[]>;

/**
 * Reads records through a row reader into the staging table, a slice at a time: only the
 * problems (the first hundred) are kept in memory. Throws `ImportRejected` when the header is
 * wrong or the file cannot be read to its end.
 */
async function readIntoStaging<
  Row extends { line: number },
  Key extends { line: number },
  S extends Staging<Row, Key>,
>(
  batches: RecordBatches,
  reader: RowReader<Row, Key, string>,
  openStaging: () => Promise<S>,
  problems: Problems,
): Promise<S> {
  let staging: S | undefined;
  let batch: (Row | Key)[] = [];
  // The slice being written while the next is read (the database and the reader work at once).
  let adding: Promise<void> | undefined;
  try {
    for await (const records of batches) {
      for (const record of records) {
        if (!staging) {
          const errors = reader.header(record);
          if (errors.length > 0) throw new ImportRejected(errors);
          staging = await openStaging();
          continue;
        }
        const read = reader.row(record);
        for (const error of read.errors) problems.add(error);
        const staged = read.row ?? read.key;
        if (staged) batch.push(staged);
      }
      if (staging && batch.length >= CHUNK) {
        await adding;
        adding = staging.add(batch);
        // Awaited before the next slice or at the end; until then a failure must not go unhandled.
        adding.catch(() => {});
        batch = [];
      }
    }
    await adding;
  } catch (error) {
    await adding?.catch(() => {});
    if (!(error instanceof CsvSyntaxError)) throw error;
    problems.add({ line: error.line, message: error.detail });
    throw problems.rejection()!;
  }
  if (!staging) throw new ImportRejected(reader.header(undefined));
  for (const error of reader.end()) problems.add(error);
  await staging.add(batch);
  return staging;
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

/** `inSlices` over an upsert that counts what it created and updated: the totals. */
async function countedSlices(
  total: number,
  onProgress: ImportOptions["onProgress"],
  merge: (after: number, upTo: number) => Promise<{ created: number; updated: number }>,
) {
  const counts = { created: 0, updated: 0 };
  await inSlices(total, onProgress, async (after, upTo) => {
    const slice = await merge(after, upTo);
    counts.created += slice.created;
    counts.updated += slice.updated;
  });
  return counts;
}

const ACCOUNT_FIELDS: Record<string, AccountField> = {
  domain: "domain",
  arr: "arr",
  currency: "currency",
  renewal_date: "renewalDate",
  owner_slack_id: "ownerSlackId",
  segment: "segment",
};

/** The kinds of data an import takes. */
export type ImportKind = "accounts" | "metrics" | "outcomes";

/**
 * What each kind's records need besides the database: the signals metrics may carry; for
 * accounts, a column mapping and the owners' lookup by e-mail.
 */
export interface RecordContext {
  signals?: SignalCatalogue;
  /** How problems name where a record came from: a file's "line", a batch's "row" (from 0). */
  rowWord?: "line" | "row";
  onProgress?: ImportOptions["onProgress"];
  mapping?: ColumnMapping;
  ownerLookup?: OwnerLookup;
}

/** Rows written from records that passed: how many, and (accounts, outcomes) how many were new. */
export interface WrittenSummary {
  /** With a mapping: whether the file named owners (an e-mail or Slack id column). */
  owners?: boolean;
  kind: ImportKind;
  rows: number;
  created?: number;
  updated?: number;
  /** The mapping the file was read with, and the columns it ignored (by their headers). */
  mapping?: string;
  ignored?: string[];
}

/**
 * Imports records of `kind` inside the transaction `tx`: every record checked, all written or
 * none (throws `ImportRejected` listing the problems). The one path of CSV files, API batches
 * and warehouse queries.
 */
export async function importRecords(
  tx: RawDb,
  kind: ImportKind,
  batches: RecordBatches,
  context: RecordContext = {},
): Promise<WrittenSummary> {
  const problems = new Problems();
  const word = context.rowWord ?? "line";
  if (kind === "accounts") {
    const reader = accountsReader(context.mapping);
    const byEmail = () => reader.present.includes("owner_email");
    const staging = await readIntoStaging(
      batches,
      reader,
      () => {
        if (byEmail() && !context.ownerLookup) {
          throw new ImportRejected([
            {
              line: 1,
              message:
                "owner_email needs Slack to find the owners: set SLACK_BOT_TOKEN (a bot token with users:read.email)",
              field: "owner_email",
            },
          ]);
        }
        return stageAccounts(tx);
      },
      problems,
    );
    await checkStaged(staging, problems, `external_id repeats ${word}`, async () => {
      if (byEmail()) await resolveOwners(staging, context.ownerLookup!, problems);
    });
    const fields = reader.present.flatMap((c) => (ACCOUNT_FIELDS[c] ? [ACCOUNT_FIELDS[c]] : []));
    const merge = staging.merge(byEmail() ? [...fields, "ownerSlackId"] : fields);
    const { created, updated } = await countedSlices(staging.size, context.onProgress, merge);
    const mapped = context.mapping
      ? {
          mapping: context.mapping.name,
          ignored: reader.ignored ?? [],
          owners: byEmail() || reader.present.includes("owner_slack_id"),
        }
      : {};
    return { kind, rows: staging.size, created, updated, ...mapped };
  }
  if (kind === "metrics") {
    const reader = metricsReader(context.signals ?? BUILT_IN_CATALOGUE);
    let form = "wide" as "wide" | "long";
    const staging = await readIntoStaging(
      batches,
      reader,
      () => {
        form = reader.present.includes("signal") ? "long" : "wide";
        return stageMetrics(tx, form);
      },
      problems,
    );
    await checkStaged(
      staging,
      problems,
      form === "long" ? `external_id, date and signal repeat ${word}` : `external_id and date repeat ${word}`,
    );
    await inSlices(staging.size, context.onProgress, staging.merge());
    return { kind, rows: staging.size };
  }
  const staging = await readIntoStaging(batches, outcomesReader(), () => stageOutcomes(tx), problems);
  await checkStaged(staging, problems, `external_id, kind and date repeat ${word}`);
  const merge = staging.merge();
  return { kind, rows: staging.size, ...(await countedSlices(staging.size, context.onProgress, merge)) };
}

/**
 * The checks across staged rows: a key given twice, and (metrics, outcomes) an account that
 * does not exist. Throws the rejection when anything was found, in the rows or here.
 */
async function checkStaged(
  staging: Staging<{ line: number }, { line: number }> & {
    unknownAccounts?: (
      limit: number,
    ) => Promise<{ rows: { line: number; externalId: string }[]; total: number }>;
  },
  problems: Problems,
  repeats: string,
  more?: () => Promise<void>,
) {
  const repeated = await staging.repeatedKeys(MAX_LISTED_PROBLEMS);
  problems.addFound(
    repeated.rows.map((r) => ({ line: r.line, message: `${repeats} ${r.firstLine}`, field: "external_id" })),
    repeated.total,
  );
  if (staging.unknownAccounts) {
    const unknown = await staging.unknownAccounts(MAX_LISTED_PROBLEMS);
    problems.addFound(
      unknown.rows.map((r) => ({
        line: r.line,
        message: `no account has external_id ${JSON.stringify(r.externalId)} (import accounts first)`,
        field: "external_id",
      })),
      unknown.total,
    );
  }
  await more?.();
  const refused = problems.rejection();
  if (refused) throw refused;
}

/**
 * Looks the staged rows' owner e-mails up, once per address, and gives the rows their owners'
 * Slack ids; an address the workspace does not know is a problem on each row that has it.
 */
async function resolveOwners(
  staging: Awaited<ReturnType<typeof stageAccounts>>,
  lookup: OwnerLookup,
  problems: Problems,
) {
  const emails = await staging.ownerEmails();
  if (emails.length === 0) return;
  const found = await lookup(emails);
  const unknown = emails.filter((email) => !found.get(email));
  if (unknown.length > 0) {
    const rows = await staging.rowsOwnedBy(unknown, MAX_LISTED_PROBLEMS);
    problems.addFound(
      rows.rows.map((r) => ({
        line: r.line,
        message: `owner_email ${JSON.stringify(r.email)} is not anyone in this Slack workspace`,
        field: "owner_email",
      })),
      rows.total,
    );
    return;
  }
  await staging.setOwners(new Map(emails.map((email) => [email, found.get(email)!])));
}

/** Imports a CSV file of `kind`: the whole file in one transaction, all rows or none. */
async function importFile(
  prisma: PrismaClient,
  kind: ImportKind,
  source: ImportSource,
  options: ImportOptions,
): Promise<ImportSummary> {
  // Through the driver: each staging statement carries ~170 KB of JSON (see driverTransactionOf).
  return driverTransactionOf(prisma)(async (tx) => {
    const csv = readCsv(source, { encoding: options.encoding, onBytes: options.onRead });
    const summary = await importRecords(tx, kind, csv.batches(), {
      signals: options.signals,
      onProgress: options.onProgress,
      mapping: options.mapping,
      ownerLookup: options.ownerLookup,
    });
    return { ...summary, encoding: csv.encoding };
  });
}

/**
 * Imports accounts.csv: upsert by external_id, all rows or none. The file is streamed: every
 * row is checked as it comes and staged in the import's transaction; the accounts are written
 * only when the whole file has passed.
 */
export function importAccounts(
  prisma: PrismaClient,
  source: ImportSource,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  return importFile(prisma, "accounts", source, options);
}

/**
 * Imports metrics.csv (wide or long): merge by (account, date), all rows or none. Accounts must
 * exist first; the columns are the measured signals of `options.signals` (default: built-in).
 */
export function importMetrics(
  prisma: PrismaClient,
  source: ImportSource,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  return importFile(prisma, "metrics", source, options);
}

/** Imports outcomes.csv: upsert by (account, kind, date), all rows or none. */
export function importOutcomes(
  prisma: PrismaClient,
  source: ImportSource,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  return importFile(prisma, "outcomes", source, options);
}
