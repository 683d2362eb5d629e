import type { PrismaClient } from "../db/database.js";
import { DEMO_SLICE, type DemoSlice, demoPortfolioSlices, HISTORY_OFFSETS } from "./demo-portfolio.js";
import {
  accountJson,
  type Db,
  metricJson,
  upsertAccounts,
  upsertMetrics,
  upsertOutcomes,
} from "./repository.js";
import { METRIC_NAMES } from "./rows.js";

/** What loading the demo portfolio wrote. */
export interface DemoLoadSummary {
  accounts: number;
  created: number;
  updated: number;
  samples: number;
}

/**
 * Rows per statement when the seed writes into an empty database: ten times an import's
 * `CHUNK`, since the rows are the seed's own (no merge, no row errors to name).
 */
const FRESH_CHUNK = 10_000;

/**
 * Loads the demo portfolio through the same upserts as a CSV import, a slice of accounts (5,000
 * by default) and their metric history at a time, each slice in its own transaction: memory
 * holds one slice, so a million accounts seed in bounded memory. Running it twice the same day
 * changes nothing. Into a database with no accounts yet, the slices are plain inserts instead
 * (nothing to merge with; several times faster, which is what lets the bench seed a million
 * accounts). (Scoring its history is the demo seed's, src/demo.ts: accounts/ knows nothing of
 * health.)
 */
export async function loadDemoPortfolio(
  prisma: PrismaClient,
  options: {
    accounts: number;
    today: Date;
    onProgress?: (done: number, total: number) => void;
    /** Accounts per slice (tests use small ones). */
    slice?: number;
  },
): Promise<DemoLoadSummary> {
  const total = options.accounts * (1 + HISTORY_OFFSETS.length);
  const summary: DemoLoadSummary = { accounts: 0, created: 0, updated: 0, samples: 0 };
  const fresh = (await prisma.account.count()) === 0;
  let done = 0;
  for (const slice of demoPortfolioSlices(options.accounts, options.today, options.slice ?? DEMO_SLICE)) {
    const progress = (n: number) => options.onProgress?.(done + n, total);
    const counts = await prisma.$transaction(
      async (tx) => {
        if (fresh) {
          const inserted = await insertSlice(tx, slice, progress);
          // What some of them did, keyed by external id: a few rows per hundred accounts.
          await upsertOutcomes(tx, slice.outcomes);
          return inserted;
        }
        const { created, updated } = await upsertAccounts(
          tx,
          slice.accounts,
          ["domain", "arr", "currency", "renewalDate", "ownerSlackId", "segment"],
          progress,
        );
        const { written } = await upsertMetrics(tx, slice.metrics, METRIC_NAMES, (n) =>
          progress(slice.accounts.length + n),
        );
        await upsertOutcomes(tx, slice.outcomes);
        return { created, updated, written };
      },
      { maxWait: 30_000, timeout: 10 * 60_000 },
    );
    summary.accounts += slice.accounts.length;
    summary.created += counts.created;
    summary.updated += counts.updated;
    summary.samples += counts.written;
    done += slice.accounts.length + slice.metrics.length;
  }
  return summary;
}

/**
 * A slice into a database that had no accounts: the accounts in one statement (their ids
 * returned), then their samples `FRESH_CHUNK` rows a statement, keyed by id (no join), each
 * statement's JSON built while the one before runs.
 */
async function insertSlice(
  tx: Db,
  slice: DemoSlice,
  progress: (n: number) => void,
): Promise<{ created: number; updated: number; written: number }> {
  const inserted = await tx.$queryRawUnsafe<{ id: number; external_id: string }[]>(
    `INSERT INTO accounts (external_id, name, search_key, domain, arr, currency, renewal_date, owner_slack_id, segment, updated_at)
     SELECT r.external_id, r.name, r.search_key, r.domain, r.arr, r.currency, r.renewal_date, r.owner_slack_id, r.segment, now()
     FROM jsonb_to_recordset($1::jsonb) AS r(external_id text, name text, search_key text, domain text, arr numeric,
       currency varchar(3), renewal_date date, owner_slack_id text, segment text)
     RETURNING id, external_id`,
    JSON.stringify(slice.accounts.map(accountJson)),
  );
  progress(slice.accounts.length);
  const ids = new Map(inserted.map((row) => [row.external_id, row.id]));
  let written = 0;
  let running: Promise<number> | undefined;
  for (let start = 0; start < slice.metrics.length; start += FRESH_CHUNK) {
    const chunk = slice.metrics.slice(start, start + FRESH_CHUNK).map((row) => {
      const { date, metrics } = metricJson(row);
      return { account_id: ids.get(row.externalId), date, metrics };
    });
    if (running) written += await running;
    // A Prisma query starts when awaited: `then` starts it now, while the next chunk is built.
    running = new Promise<number>((resolve, reject) => {
      tx.$executeRawUnsafe(
        `INSERT INTO metric_samples (account_id, date, metrics)
         SELECT r.account_id, r.date, r.metrics FROM jsonb_to_recordset($1::jsonb) AS r(account_id int, date date, metrics jsonb)`,
        JSON.stringify(chunk),
      ).then(resolve, reject);
    });
    progress(slice.accounts.length + start);
  }
  if (running) written += await running;
  progress(slice.accounts.length + slice.metrics.length);
  return { created: inserted.length, updated: 0, written };
}
