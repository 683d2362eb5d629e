import type { AlertRules } from "../alerts/rules.js";
import { driverOf, type PrismaClient, type SqlQuery } from "../db/database.js";
import type { HealthModel } from "../health/model.js";
import { asModels, type HealthModels } from "../health/models.js";
import type { SampleRow } from "../health/readings.js";
import { addDays, isoDay } from "../time.js";
import { replayAccount, signalsRead, weeklyDays } from "./replay.js";
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
const DAY_MS = 86_400_000;

/** One slice of accounts as read: the accounts, their samples (by account) and first churns. */
export interface BacktestSlice {
  rows: { id: number; name: string; segment: string | null; renewal_date: string | null }[];
  /**
   * Each account's samples (accounts with none left out), by date, as JSON text: an array of
   * `[day, value…]`, `day` the sample's date in days after `since`, then the value of each of
   * the range's `signals` in order (null where the sample has none; as stored otherwise).
   */
  samples: { account_id: number; samples: string }[];
  churns: { account_id: number; date: string }[];
  /** The first day read: what the samples' days count from. */
  since: Date;
  /** Accounts (by id range) read so far, of all. */
  done: number;
  total: number;
}

/**
 * The back-test's reads, a slice of accounts (by id) at a time: each slice's accounts, their
 * samples from `first` less `lookBackDays` to `to` (only the values of `signals`: what the
 * models score), and their first churn. The next slice is read while `onSlice` works on one
 * (the bench times these reads alone as its baseline). An account's samples come as one JSON
 * text, built by the database: a few values each, parsed in one go, where whole `metrics`
 * objects row by row cost as much CPU to parse as the database spent reading them.
 */
export async function readBacktestSlices(
  sql: SqlQuery,
  range: { first: Date; to: Date; lookBackDays: number; signals: readonly string[]; slice?: number },
  onSlice: (slice: BacktestSlice) => void | Promise<void>,
): Promise<void> {
  const size = range.slice ?? SLICE;
  const [ids] = await sql<{ min: number | null; max: number | null }>(
    "SELECT min(id) AS min, max(id) AS max FROM accounts",
  );
  const min = ids?.min === null || ids?.min === undefined ? null : Number(ids.min);
  const max = ids?.max === null || ids?.max === undefined ? null : Number(ids.max);
  if (min === null || max === null) return;
  // The first day read, at midnight UTC (what the samples' days count from).
  const since = utcDay(isoDay(addDays(range.first, -range.lookBackDays)));
  // The signals' names are parameters ($5…): any name a model declares is safe here.
  const values = range.signals.map((_, i) => `, metrics->$${i + 5}`).join("");
  const read = async (from: number) => {
    const to = from + size - 1;
    const [rows, samples, churns] = await Promise.all([
      sql<BacktestSlice["rows"][number]>(
        `SELECT id, name, segment, to_char(renewal_date, 'YYYY-MM-DD') AS renewal_date FROM accounts
         WHERE id BETWEEN $1 AND $2 ORDER BY id`,
        [from, to],
      ),
      sql<BacktestSlice["samples"][number]>(
        `SELECT account_id, json_agg(json_build_array(date - $3::date${values}) ORDER BY date)::text AS samples
         FROM metric_samples
         WHERE account_id BETWEEN $1 AND $2 AND date BETWEEN $3::date AND $4::date
         GROUP BY account_id ORDER BY account_id`,
        [from, to, isoDay(since), isoDay(range.to), ...range.signals],
      ),
      sql<BacktestSlice["churns"][number]>(
        `SELECT account_id, to_char(min(date), 'YYYY-MM-DD') AS date FROM account_outcomes
         WHERE kind = 'churned' AND account_id BETWEEN $1 AND $2 GROUP BY account_id`,
        [from, to],
      ),
    ]);
    return { rows, samples, churns, since, done: Math.min(to, max) - min + 1, total: max - min + 1 };
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

/**
 * An account's samples as the replay takes them, from the slice's JSON text (`BacktestSlice`):
 * each sample's date, and its values that are finite numbers by signal (`metricsObject`'s rule).
 */
function sampleRows(
  text: string | undefined,
  since: Date,
  signals: readonly string[],
  dates: Date[],
): SampleRow[] {
  if (text === undefined) return [];
  const list = (typeof text === "string" ? JSON.parse(text) : text) as unknown[][];
  const rows: SampleRow[] = new Array(list.length);
  for (let n = 0; n < list.length; n++) {
    const entry = list[n]!;
    const day = entry[0] as number;
    let date = dates[day];
    if (!date) {
      date = new Date(since.getTime() + day * DAY_MS);
      dates[day] = date;
    }
    const metrics: Record<string, number> = {};
    for (let i = 0; i < signals.length; i++) {
      const value = entry[i + 1];
      if (typeof value === "number" && Number.isFinite(value)) metrics[signals[i]!] = value;
    }
    rows[n] = { date, metrics };
  }
  return rows;
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
  // Only the signals the models score are read.
  const signals = [...new Set(models.flatMap((m) => m.all().flatMap(signalsRead)))];
  // Each day's Date, made once (by its day in the slices' reckoning).
  const dates: Date[] = [];
  let accounts = 0;
  let segmented = false;
  await readBacktestSlices(
    sql,
    { first, to: options.to, lookBackDays: lookBack, signals, slice: options.slice },
    async (slice) => {
      const { rows, samples, churns } = slice;
      const samplesOf = new Map(samples.map((s) => [Number(s.account_id), s.samples]));
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
          samples: sampleRows(samplesOf.get(id), slice.since, signals, dates),
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
