import type { PrismaClient } from "../db/database.js";
import { DEMO_SLICE, demoPortfolioSlices, HISTORY_OFFSETS } from "./demo-portfolio.js";
import { upsertAccounts, upsertMetrics } from "./repository.js";
import { METRIC_NAMES } from "./rows.js";

/** What loading the demo portfolio wrote. */
export interface DemoLoadSummary {
  accounts: number;
  created: number;
  updated: number;
  samples: number;
}

/**
 * Loads the demo portfolio through the same upserts as a CSV import, a slice of accounts (5,000
 * by default) and their metric history at a time, each slice in its own transaction: memory
 * holds one slice, so a million accounts seed in bounded memory. Running it twice the same day
 * changes nothing. (Scoring its history is the demo seed's, src/demo.ts: accounts/ knows
 * nothing of health.)
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
  let done = 0;
  for (const slice of demoPortfolioSlices(options.accounts, options.today, options.slice ?? DEMO_SLICE)) {
    const progress = (n: number) => options.onProgress?.(done + n, total);
    const counts = await prisma.$transaction(
      async (tx) => {
        const { created, updated } = await upsertAccounts(
          tx,
          slice.accounts,
          ["domain", "arr", "currency", "renewalDate", "ownerSlackId", "segment"],
          progress,
        );
        const { written } = await upsertMetrics(tx, slice.metrics, METRIC_NAMES, (n) =>
          progress(slice.accounts.length + n),
        );
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
