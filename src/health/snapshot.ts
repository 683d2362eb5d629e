import { measuredInputs } from "../accounts/signals.js";
import { driverOf, type PrismaClient } from "../db/database.js";
import { scoreWeek } from "./lean-score.js";
import type { Band, HealthModel } from "./model.js";
import { asModels, type HealthModels, widestIgnoreAfterDays } from "./models.js";
import {
  hasSnapshotsAfter,
  type IdRange,
  latestReadingsForAll,
  previousSnapshots,
  recordAsPrevious,
  type SnapshotRow,
  segmentsOf,
  thinOldSnapshots,
  writeSnapshots,
} from "./repository.js";
import { bandWithHysteresis } from "./score.js";

/** Daily snapshots are kept this long; older ones are thinned to one a week. */
export const DAILY_HISTORY_DAYS = 120;

/**
 * Accounts scored per slice (by id range). On the embedded database, which has one connection,
 * a request waits for the statement under way, so slices stay small enough that it never waits
 * long (about 0.3 s at 2,000 accounts).
 */
const SLICE = 2_000;

/** Slices scored at once (see runSnapshot). */
const LANES = 2;

export interface SnapshotSummary {
  date: string;
  /** The models' version (models.ts `version`: a plain model file's is its model's). */
  modelVersion: string;
  /** Accounts scored (accounts with no usable metric get no snapshot). */
  accounts: number;
  bands: Record<Band, number>;
}

/**
 * Scores the whole portfolio as of `date` and stores one snapshot per account for that day:
 * per slice of 2,000 accounts, two queries and batched writes, never a query per account.
 * Running it again the same day replaces that day's snapshots (idempotent). Under models by
 * segment each account is scored and banded by its own, whose version its snapshot records.
 */
export async function runSnapshot(
  prisma: PrismaClient,
  modelOrModels: HealthModel | HealthModels,
  date: Date,
): Promise<SnapshotSummary> {
  const models = asModels(modelOrModels);
  const model = models.default;
  const segmented = models.segments.length > 0;
  const bands: Record<Band, number> = { red: 0, yellow: 0, green: 0 };
  let accounts = 0;
  // The measured signals the models score: an account whose newest sample has them all needs
  // no look further back.
  const wanted = [
    ...new Set(
      models.all().flatMap((m) =>
        measuredInputs(
          m.catalogue,
          m.components.flatMap((c) => c.metrics.map((x) => x.signal)),
        ),
      ),
    ),
  ];
  const horizon = widestIgnoreAfterDays(models);
  const { _min, _max } = await prisma.account.aggregate({ _min: { id: true }, _max: { id: true } });
  // Straight through the driver: each slice's reads and write carry ~300 KB of JSON, which
  // Prisma's query compiler takes ten times longer to pass than the driver.
  const sql = driverOf(prisma);
  const time = date.getTime();
  // Scoring a day before the newest: the next snapshots must learn their new previous one.
  const later = await hasSnapshotsAfter(sql, date);
  const scoreSlice = async (ids: IdRange) => {
    const [readings, previous, segments] = await Promise.all([
      latestReadingsForAll(sql, date, horizon, ids, wanted),
      previousSnapshots(sql, date, ids),
      segmented ? segmentsOf(sql, ids) : undefined,
    ]);
    const rows: SnapshotRow[] = [];
    for (const [accountId, { readings: accountReadings, newest }] of readings) {
      const own = segments ? models.modelFor(segments.get(accountId)) : model;
      // scoreHealth's score and component scores, without the explanation it builds for people.
      const health = scoreWeek(accountReadings, own, time);
      if (!health) continue;
      const before = previous.get(accountId);
      const band = bandWithHysteresis(health.score, before?.band, own);
      bands[band]++;
      rows.push({
        accountId,
        score: health.score,
        band,
        components: health.components,
        ...(own === model ? {} : { modelVersion: own.version }),
        ...(before ? { previous: before } : {}),
        measuredOn: newest,
      });
    }
    await writeSnapshots(sql, date, model.version, rows);
    if (later) await recordAsPrevious(sql, date, ids);
    accounts += rows.length;
  };
  // A slice of accounts at a time: memory stays flat however large the portfolio. A slice is
  // two reads and one upsert, no transaction (a rerun of the day replaces every slice:
  // idempotent), so that on PostgreSQL LANES slices run at once, the database working on one
  // while Node scores another; on the embedded database their statements take turns with
  // whatever else is waiting (a /health, a click), none longer than a slice's.
  let next = _min.id ?? 1;
  let failed = false;
  const lane = async () => {
    while (!failed && _max.id !== null && next <= _max.id) {
      const from = next;
      next += SLICE;
      try {
        await scoreSlice({ from, to: from + SLICE - 1 });
      } catch (error) {
        failed = true; // the other lane stops at its next slice
        throw error;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  await thinOldSnapshots(prisma, date, DAILY_HISTORY_DAYS);
  return { date: date.toISOString().slice(0, 10), modelVersion: models.version, accounts, bands };
}

/** Snapshots for several days, oldest first, so that each day's hysteresis sees the day before. */
export async function backfillSnapshots(
  prisma: PrismaClient,
  model: HealthModel | HealthModels,
  dates: Date[],
): Promise<SnapshotSummary[]> {
  const summaries: SnapshotSummary[] = [];
  for (const date of [...dates].sort((a, b) => a.getTime() - b.getTime())) {
    summaries.push(await runSnapshot(prisma, model, date));
  }
  return summaries;
}
