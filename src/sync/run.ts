import { type IngestProblem, IngestRejected, ingestBatches, ingestBatchesIn } from "../accounts/ingest.js";
import type { SignalCatalogue } from "../accounts/signals.js";
import type { PrismaClient } from "../db/database.js";
import type { OwnerLookup } from "../slack/owner-lookup.js";
import type { WarehouseSource } from "./sources.js";
import { planColumns, rowOf } from "./values.js";
import { openWarehouseQuery, WarehouseError } from "./warehouse.js";

/**
 * A sync run: each source's query read from its database and handed to Kuroko's one import path
 * (`ingestBatches`, the CSV import's and the API's semantics). All rows of a source or none; a
 * source that fails (unreachable, time-out, bad SQL, a bad row) is reported and the others still
 * run.
 */

export interface SyncDeps {
  prisma: PrismaClient;
  /** The health model: its catalogue says which signals metrics may carry. */
  model: { catalogue: SignalCatalogue };
  /** The team's time zone: a timestamptz is read as its day there. */
  timezone: string;
  /** Finds owners by e-mail (an accounts query's owner_email), through Slack; unset: refused. */
  ownerLookup?: OwnerLookup;
}

/** What one source did (or, on a dry run, would have done). */
export interface SourceResult {
  source: string;
  kind: WarehouseSource["kind"];
  /** Rows written (accounts, outcomes; metrics: account-days). */
  rows: number;
  created?: number;
  updated?: number;
  /** How long it took, in milliseconds. */
  ms: number;
  /** Why nothing was written for it. */
  error?: string;
  /** A refusal's bad rows: index (from 0, the query's first row), field and reason. */
  problems?: IngestProblem[];
}

export interface SyncSummary {
  dryRun: boolean;
  sources: SourceResult[];
  /** How many sources failed. */
  failed: number;
}

/** Thrown to roll a dry run back once every source has been checked. */
class DryRunDone extends Error {}

const SAVEPOINT = "kuroko_sync_source";

/**
 * Runs `sources` in order (selectSources puts accounts first). `dryRun` runs every query and every
 * check in one transaction of Kuroko's database, rolled back at the end: metrics see the accounts
 * a source before them would bring, and nothing is written.
 */
export async function runSync(
  deps: SyncDeps,
  sources: readonly WarehouseSource[],
  options: { dryRun?: boolean; onSource?: (result: SourceResult) => void } = {},
): Promise<SyncSummary> {
  const results: SourceResult[] = [];
  const done = (result: SourceResult) => {
    results.push(result);
    options.onSource?.(result);
  };
  if (!options.dryRun) {
    for (const source of sources)
      done(
        await runSource(deps, source, (rows) =>
          ingestBatches(
            { prisma: deps.prisma, model: deps.model, ownerLookup: deps.ownerLookup },
            source.kind,
            rows,
          ),
        ),
      );
  } else {
    await deps.prisma
      .$transaction(
        async (tx) => {
          for (const source of sources) {
            await tx.$executeRawUnsafe(`SAVEPOINT ${SAVEPOINT}`);
            const result = await runSource(deps, source, (rows) =>
              ingestBatchesIn(tx, source.kind, rows, {
                catalogue: deps.model.catalogue,
                ownerLookup: deps.ownerLookup,
              }),
            );
            if (result.error) await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
            else {
              await tx.$executeRawUnsafe(`RELEASE SAVEPOINT ${SAVEPOINT}`);
              // The import's staging tables live until the transaction ends: the next source's
              // import makes its own.
              await tx.$executeRawUnsafe("DISCARD TEMP");
            }
            done(result);
          }
          throw new DryRunDone();
        },
        { maxWait: 30_000, timeout: 60 * 60_000 },
      )
      .catch((error: unknown) => {
        if (!(error instanceof DryRunDone)) throw error;
      });
  }
  return { dryRun: options.dryRun ?? false, sources: results, failed: results.filter((r) => r.error).length };
}

/** One source: its query read and ingested by `ingest`; a failure becomes the result's error. */
async function runSource(
  deps: SyncDeps,
  source: WarehouseSource,
  ingest: (rows: AsyncIterable<Record<string, unknown>[]>) => Promise<{
    rows: number;
    created?: number;
    updated?: number;
  }>,
): Promise<SourceResult> {
  const started = performance.now();
  const result = (fields: Partial<SourceResult>): SourceResult => ({
    source: source.name,
    kind: source.kind,
    rows: 0,
    ...fields,
    ms: Math.round(performance.now() - started),
  });
  try {
    const query = await openWarehouseQuery(source, { timezone: deps.timezone });
    try {
      const plan = planColumns(query.columns, source.columns);
      if (!plan.ok) throw new WarehouseError(`the query's columns: ${plan.problems.join("; ")}`);
      const { fields } = plan;
      async function* rows() {
        for await (const batch of query.batches) yield batch.map((values) => rowOf(fields, values));
      }
      const written = await ingest(rows());
      return result({ rows: written.rows, created: written.created, updated: written.updated });
    } finally {
      await query.close();
    }
  } catch (error) {
    if (error instanceof IngestRejected) return result({ error: error.message, problems: error.problems });
    if (error instanceof WarehouseError) return result({ error: error.message });
    return result({ error: `failed: ${(error as Error).message}` });
  }
}

/** A source's line of a run's report: "crm (accounts): 120 rows (3 new, 117 updated), 840 ms". */
export function describeResult(result: SourceResult, dryRun: boolean): string {
  const head = `${result.source} (${result.kind})`;
  if (result.error) return `${head}: FAILED after ${result.ms} ms, nothing written: ${result.error}`;
  const what = result.kind === "metrics" ? "account-days of metrics" : result.kind;
  const n = (count: number | undefined) => (count ?? 0).toLocaleString("en-US");
  const counts =
    result.created !== undefined ? ` (${n(result.created)} new, ${n(result.updated)} updated)` : "";
  return `${head}: ${dryRun ? "would write" : "wrote"} ${n(result.rows)} ${what}${counts}, ${result.ms} ms`;
}
