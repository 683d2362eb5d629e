import type { PrismaClient } from "../db/database.js";
import { buildDemoPortfolio } from "./demo-portfolio.js";
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
 * Loads the demo portfolio through the same upserts as a CSV import, in one transaction.
 * Running it twice the same day changes nothing. (Scoring its history is the demo seed's,
 * src/demo.ts: accounts/ knows nothing of health.)
 */
export async function loadDemoPortfolio(
  prisma: PrismaClient,
  options: { accounts: number; today: Date; onProgress?: (done: number, total: number) => void },
): Promise<DemoLoadSummary> {
  const portfolio = buildDemoPortfolio(options.accounts, options.today);
  const total = portfolio.accounts.length + portfolio.metrics.length;
  return prisma.$transaction(
    async (tx) => {
      const { created, updated } = await upsertAccounts(
        tx,
        portfolio.accounts,
        ["domain", "arr", "currency", "renewalDate", "ownerSlackId", "segment"],
        (done) => options.onProgress?.(done, total),
      );
      const { written } = await upsertMetrics(tx, portfolio.metrics, METRIC_NAMES, (done) =>
        options.onProgress?.(portfolio.accounts.length + done, total),
      );
      return { accounts: portfolio.accounts.length, created, updated, samples: written };
    },
    { maxWait: 30_000, timeout: 60 * 60_000 },
  );
}
