import { HISTORY_OFFSETS } from "./accounts/demo-portfolio.js";
import { type DemoLoadSummary, loadDemoPortfolio } from "./accounts/seed.js";
import type { PrismaClient } from "./db/database.js";
import type { HealthModel } from "./health/model.js";
import type { HealthModels } from "./health/models.js";
import { backfillSnapshots } from "./health/snapshot.js";
import { addDays } from "./time.js";

/**
 * The demo seed, composed above the features it spans: the portfolio is accounts' to write,
 * its history health's to score (health imports accounts, so accounts cannot call health).
 * `kuroko seed`, `kuroko demo`, the playground, tests and the bench share it.
 */

export interface SeedSummary extends DemoLoadSummary {
  /** Days of health history scored (one snapshot per account per sampled day). */
  snapshotDays: number;
}

/**
 * Loads the demo portfolio through the same upserts as a CSV import, a slice of accounts at a
 * time (memory stays bounded however many), then scores its history so that trends show from
 * the start. Running it twice the same day changes nothing.
 */
export async function seedDemo(
  prisma: PrismaClient,
  options: {
    accounts: number;
    today: Date;
    /** The model, or the models by segment, that score the demo's history. */
    model: HealthModel | HealthModels;
    onProgress?: (done: number, total: number) => void;
    /** Accounts per slice (default 5,000). */
    slice?: number;
    /**
     * The days (before today) whose health is scored: every sampled day by default. The bench
     * at a million accounts scores only what the rules compare with (see test/bench/run.ts).
     */
    scoredOffsets?: readonly number[];
  },
): Promise<SeedSummary> {
  const loaded = await loadDemoPortfolio(prisma, {
    accounts: options.accounts,
    today: options.today,
    onProgress: options.onProgress,
    ...(options.slice ? { slice: options.slice } : {}),
  });
  const days = (options.scoredOffsets ?? HISTORY_OFFSETS).map((offset) => addDays(options.today, -offset));
  await backfillSnapshots(prisma, options.model, days);
  return { ...loaded, snapshotDays: days.length };
}
