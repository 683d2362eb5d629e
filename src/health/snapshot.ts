import type { PrismaClient } from "../db/database.js";
import type { Band, HealthModel } from "./model.js";
import {
  latestReadingsForAll,
  previousBands,
  type SnapshotRow,
  thinOldSnapshots,
  writeSnapshots,
} from "./repository.js";
import { bandWithHysteresis, scoreHealth } from "./score.js";

/** Daily snapshots are kept this long; older ones are thinned to one a week. */
export const DAILY_HISTORY_DAYS = 120;

export interface SnapshotSummary {
  date: string;
  modelVersion: string;
  /** Accounts scored (accounts with no usable metric get no snapshot). */
  accounts: number;
  bands: Record<Band, number>;
}

/**
 * Scores the whole portfolio as of `date` and stores one snapshot per account for that day,
 * in one transaction: three queries and batched writes, whatever the portfolio's size.
 * Running it again the same day replaces that day's snapshots (idempotent).
 */
export async function runSnapshot(
  prisma: PrismaClient,
  model: HealthModel,
  date: Date,
): Promise<SnapshotSummary> {
  return prisma.$transaction(
    async (tx) => {
      const [readings, previous] = await Promise.all([
        latestReadingsForAll(tx, date, model.freshness.ignoreAfterDays),
        previousBands(tx, date),
      ]);
      const rows: SnapshotRow[] = [];
      const bands: Record<Band, number> = { red: 0, yellow: 0, green: 0 };
      for (const [accountId, accountReadings] of readings) {
        const health = scoreHealth(accountReadings, model, date);
        if (!health) continue;
        const band = bandWithHysteresis(health.score, previous.get(accountId), model);
        bands[band]++;
        rows.push({
          accountId,
          score: health.score,
          band,
          components: Object.fromEntries(health.components.map((c) => [c.key, Math.round(c.score)])),
        });
      }
      await writeSnapshots(tx, date, model.version, rows);
      await thinOldSnapshots(tx, date, DAILY_HISTORY_DAYS);
      return {
        date: date.toISOString().slice(0, 10),
        modelVersion: model.version,
        accounts: rows.length,
        bands,
      };
    },
    { maxWait: 30_000, timeout: 10 * 60_000 },
  );
}

/** Snapshots for several days, oldest first, so that each day's hysteresis sees the day before. */
export async function backfillSnapshots(
  prisma: PrismaClient,
  model: HealthModel,
  dates: Date[],
): Promise<SnapshotSummary[]> {
  const summaries: SnapshotSummary[] = [];
  for (const date of [...dates].sort((a, b) => a.getTime() - b.getTime())) {
    summaries.push(await runSnapshot(prisma, model, date));
  }
  return summaries;
}
