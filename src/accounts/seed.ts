import type { PrismaClient } from "../db/database.js";
import type { HealthModel } from "../health/model.js";
import { backfillSnapshots } from "../health/snapshot.js";
import { addDays } from "../time.js";
import { buildDemoPortfolio, HISTORY_OFFSETS } from "./demo-portfolio.js";
import { upsertAccounts, upsertMetrics } from "./repository.js";
import { METRIC_NAMES } from "./rows.js";

export interface SeedSummary {
  accounts: number;
  created: number;
  updated: number;
  samples: number;
  /** Days of health history scored (one snapshot per account per sampled day). */
  snapshotDays: number;
}

/**
 * Loads the demo portfolio through the same upserts as a CSV import, in one transaction, then
 * scores its history so that trends show from the start. Running it twice the same day
 * changes nothing.
 */
export async function seedDemo(
  prisma: PrismaClient,
  options: {
    accounts: number;
    today: Date;
    model: HealthModel;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<SeedSummary> {
  const portfolio = buildDemoPortfolio(options.accounts, options.today);
  const total = portfolio.accounts.length + portfolio.metrics.length;
  const loaded = await prisma.$transaction(
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
  const days = HISTORY_OFFSETS.map((offset) => addDays(options.today, -offset));
  await backfillSnapshots(prisma, options.model, days);
  return { ...loaded, snapshotDays: days.length };
}
