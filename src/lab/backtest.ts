import type { AlertRules } from "../alerts/rules.js";
import { driverOf, type PrismaClient, type SqlQuery } from "../db/database.js";
import type { HealthModel } from "../health/model.js";
import { asModels, type HealthModels } from "../health/models.js";
import type { SampleRow } from "../health/readings.js";
import { metricsObject } from "../health/repository.js";
import { addDays, isoDay } from "../time.js";
import { replayAccount, weeklyDays } from "./replay.js";
import { Tally, type VariantReport } from "./tally.js";

/**
 * `kuroko backtest`: the stored readings replayed week by week under the model and rules in
 * force and, when given, a candidate's, measured against what customers did (account_outcomes).
 * Read a slice of accounts at a time (by id), each slice's accounts replayed and tallied, then
 * forgotten: memory stays flat however large the portfolio. The computing is pure (replay.ts,
 * tally.ts, auc.ts); this module only reads.
 */

export interface BacktestVariant {
  /** A model, or models by segment: each account is replayed under its segment's (models.ts). */
  model: HealthModel | HealthModels;
  rules: AlertRules;
}

export interface BacktestOptions {
  /** The first and last weeks replayed (the last is `to`, then every 7 days back while ≥ `from`). */
  from: Date;
  to: Date;
  /** A week counts as followed by a churn when the churn came within this many days. */
  horizonDays: number;
  current: BacktestVariant;
  candidate?: BacktestVariant;
  /** Accounts per slice (default 2,000). */
  slice?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface BacktestReport {
  from: string;
  to: string;
  horizonDays: number;
  weeks: number;
  accounts: number;
  /** Outcomes recorded from the first week to `to` + the horizon, by kind. */
  outcomes: Record<string, number>;
  /** What "at risk" means in precision and recall: the red band. */
  atRisk: "red";
  /** False when no account has a segment: the report is overall only. */
  segmented: boolean;
  current: VariantReport;
  candidate?: VariantReport;
}

const SLICE = 2_000;
/** Accounts replayed between two turns of the event loop. */
const YIELD_EVERY = 200;
const utcDay = (text: string) => new Date(`${text}T00:00:00Z`);

/** One slice of accounts as read: the accounts, their samples (by account, then date) and first churns. */
export interface BacktestSlice {
  rows: { id: number; name: string; segment: string | null; renewal_date: string | null }[];
  samples: { account_id: number; date: string; metrics: unknown }[];
  churns: { account_id: number; date: string }[];
  /** Accounts (by id range) read so far, of all. */
  done: number;
  total: number;
}

/**
 * The back-test's reads, a slice of accounts (by id) at a time: each slice's accounts, their
 * samples from `first` less `lookBackDays` to `to`, and their first churn. The next slice is
 * read while `onSlice` works on one (the bench times these reads alone as its baseline).
 */
export async function readBacktestSlices(
  sql: SqlQuery,
  range: { first: Date; to: Date; lookBackDays: number; slice?: number },
  onSlice: (slice: BacktestSlice) => void | Promise<void>,
): Promise<void> {
  const size = range.slice ?? SLICE;
  const [ids] = await sql<{ min: number | null; max: number | null }>(
    "SELECT min(id) AS min, max(id) AS max FROM accounts",
  );
  const min = ids?.min === null || ids?.min === undefined ? null : Number(ids.min);
  const max = ids?.max === null || ids?.max === undefined ? null : Number(ids.max);
  if (min === null || max === null) return;
  const read = async (from: number) => {
    const to = from + size - 1;
    const [rows, samples, churns] = await Promise.all([
      sql<BacktestSlice["rows"][number]>(
        `SELECT id, name, segment, to_char(renewal_date, 'YYYY-MM-DD') AS renewal_date FROM accounts
         WHERE id BETWEEN $1 AND $2 ORDER BY id`,
        [from, to],
      ),
      sql<BacktestSlice["samples"][number]>(
        `SELECT account_id, to_char(date, 'YYYY-MM-DD') AS date, metrics FROM metric_samples
         WHERE account_id BETWEEN $1 AND $2 AND date BETWEEN $3::date AND $4::date
         ORDER BY account_id, metric_samples.date`,
        [from, to, isoDay(addDays(range.first, -range.lookBackDays)), isoDay(range.to)],
      ),
      sql<BacktestSlice["churns"][number]>(
        `SELECT account_id, to_char(min(date), 'YYYY-MM-DD') AS date FROM account_outcomes
         WHERE kind = 'churned' AND account_id BETWEEN $1 AND $2 GROUP BY account_id`,
        [from, to],
      ),
    ]);
    return { rows, samples, churns, done: Math.min(to, max) - min + 1, total: max - min + 1 };
  };
  // The next slice is read while this one is worked on: the database and this process each
  // have a core's worth of work, side by side.
  let pending = read(min);
  for (let from = min; from <= max; from += size) {
    const slice = await pending;
    if (from + size <= max) {
      pending = read(from + size);
      pending.catch(() => {}); // awaited next round; not unhandled should onSlice throw
    }
    await onSlice(slice);
    // Let a progress bar draw, and anything else waiting run, between slices.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export async function runBacktest(prisma: PrismaClient, options: BacktestOptions): Promise<BacktestReport> {
  const sql = driverOf(prisma);
  const days = weeklyDays(options.from, options.to);
  const first = days[0] ?? options.to;
  const variants = [options.current, ...(options.candidate ? [options.candidate] : [])];
  const models = variants.map((v) => asModels(v.model));
  const tallies = models.map((m) => new Tally(m.default, options.horizonDays, days));
  // Readings older than a model ignores are never scored: read no further back than that.
  const lookBack = Math.max(...models.flatMap((m) => m.all().map((x) => x.freshness.ignoreAfterDays)));
  let accounts = 0;
  let segmented = false;
  await readBacktestSlices(
    sql,
    { first, to: options.to, lookBackDays: lookBack, slice: options.slice },
    async (slice) => {
      const { rows, samples, churns } = slice;
      const byAccount = new Map<number, SampleRow[]>();
      // A slice's samples fall on a few dozen days: each day's Date made once.
      const dates = new Map<string, Date>();
      for (const row of samples) {
        const id = Number(row.account_id);
        let list = byAccount.get(id);
        if (!list) {
          list = [];
          byAccount.set(id, list);
        }
        let date = dates.get(row.date);
        if (!date) {
          date = utcDay(row.date);
          dates.set(row.date, date);
        }
        list.push({ date, metrics: metricsObject(row.metrics) });
      }
      const churnOf = new Map(churns.map((c) => [Number(c.account_id), utcDay(c.date)]));
      for (const [n, row] of rows.entries()) {
        // Now and then, let the driver take in the next slice's rows (read meanwhile).
        if (n % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
        const id = Number(row.id);
        const churnedOn = churnOf.get(id) ?? null;
        // Gone before the first week: nothing to replay.
        if (churnedOn !== null && churnedOn <= first) continue;
        accounts++;
        if (row.segment !== null) segmented = true;
        const subject = {
          accountId: id,
          renewalDate: row.renewal_date ? utcDay(row.renewal_date) : null,
          samples: byAccount.get(id) ?? [],
        };
        variants.forEach((variant, i) => {
          const model = models[i]!.modelFor(row.segment);
          const weeks = replayAccount(subject, days, model, variant.rules, churnedOn ?? undefined);
          tallies[i]!.add({ accountId: id, name: row.name, segment: row.segment, churnedOn }, weeks);
        });
      }
      options.onProgress?.(slice.done, slice.total);
    },
  );
  const outcomes = await sql<{ kind: string; n: number }>(
    `SELECT kind, count(*)::int AS n FROM account_outcomes WHERE date > $1::date AND date <= $2::date
     GROUP BY kind ORDER BY kind`,
    [isoDay(first), isoDay(addDays(options.to, options.horizonDays))],
  );
  const [current, candidate] = tallies.map((t) => t.report());
  const report: BacktestReport = {
    from: isoDay(first),
    to: isoDay(options.to),
    horizonDays: options.horizonDays,
    weeks: days.length,
    accounts,
    outcomes: Object.fromEntries(outcomes.map((o) => [o.kind, Number(o.n)])),
    atRisk: "red",
    segmented,
    current: current!,
    ...(candidate ? { candidate } : {}),
  };
  if (!segmented) {
    report.current.segments = {};
    if (report.candidate) report.candidate.segments = {};
  }
  return report;
}
