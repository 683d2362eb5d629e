import type { Logger } from "../log.js";
import type { PrismaClient } from "./database.js";

/** Rows a job writes to a table, at least, before it refreshes the table's statistics. */
export const ANALYZE_AFTER_ROWS = 100;

/** The tables a morning's jobs fill in bulk. */
export type BulkTable = "alerts" | "renewal_reminders";

/**
 * Refreshes the query planner's statistics of `table` after a job wrote `rows` rows to it, as
 * PostgreSQL's manual advises after a bulk load ("Populating a Database": run ANALYZE
 * afterwards). The next job of the morning reads and marks those rows within seconds, long
 * before autovacuum's next look (a minute at best; never on the embedded database): planned on
 * statistics of an empty table, marking an owner's 80,000 alerts told took a nested loop of
 * 80,000 × 50,000 comparisons (over ten minutes, measured at a million accounts) instead of
 * under a second. ANALYZE reads a sample of the table (30,000 rows at most), not all of it.
 */
export async function refreshStatistics(
  db: Pick<PrismaClient, "$executeRawUnsafe">,
  table: BulkTable,
  rows: number,
  logger?: Pick<Logger, "warn">,
): Promise<void> {
  if (rows < ANALYZE_AFTER_ROWS) return;
  try {
    await db.$executeRawUnsafe(`ANALYZE ${table}`);
  } catch (error) {
    // Statistics are an optimisation: a job that did its work is not failed for them (autovacuum
    // takes them later).
    logger?.warn(`Could not refresh the statistics of ${table} after writing ${rows} rows`, {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
