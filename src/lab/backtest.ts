import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { AlertRules } from "../alerts/rules.js";
import { driverOf, type PrismaClient, type SqlQuery } from "../db/database.js";
import { signalsRead } from "../health/lean-score.js";
import type { HealthModel } from "../health/model.js";
import { asModels, type HealthModels } from "../health/models.js";
import { addDays, isoDay, utcDay } from "../time.js";
import { Lane, type LaneResult, type LaneSetup, type LaneSlice } from "./lane.js";
import { weeklyDays } from "./replay.js";
import type { VariantReport } from "./tally.js";

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
  /**
   * Threads replaying the slices (default 1: this one; at most 4): more than one, and more
   * than two slices of accounts, and the slices are replayed by that many worker threads while
   * this one reads (`backtestLanes()`: what the machine has).
   */
  lanes?: number;
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
const MAX_LANES = 4;

/** The lanes `kuroko backtest` replays in: the machine's cores, 2 to 4 (1 on a single core). */
export const backtestLanes = (): number => Math.min(MAX_LANES, availableParallelism());

/**
 * Worker threads replaying slices (lane-worker.ts), each given the next slice when it has
 * fewer than two in hand; their numbers, at the end, in lane order. The first error (a thread's
 * `error`, or its exit before its numbers) fails the back-test; `stop` ends every thread.
 */
class LaneWorkers {
  private readonly lanes: { worker: Worker; inFlight: number; result?: LaneResult }[] = [];
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(setup: LaneSetup, count: number) {
    try {
      for (let i = 0; i < count; i++) this.lanes.push(this.start(setup));
    } catch (error) {
      this.stop(); // those started, should a later one not start
      throw error;
    }
  }

  private start(setup: LaneSetup) {
    const worker = new Worker(new URL("./lane-worker.mjs", import.meta.url), { workerData: setup });
    const lane: { worker: Worker; inFlight: number; result?: LaneResult } = { worker, inFlight: 0 };
    worker.on("message", (message: { done: true } | { result: LaneResult }) => {
      if ("done" in message) lane.inFlight--;
      else lane.result = message.result;
      this.notify();
    });
    worker.on("error", (error) => this.fail(error));
    worker.on("exit", (code) => {
      if (lane.result === undefined) this.fail(new Error(`a back-test lane stopped (exit code ${code})`));
    });
    return lane;
  }

  private fail(error: Error) {
    this.failure ??= error;
    this.notify();
  }

  private notify() {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Resolves when `ready` holds, or throws the first failure. */
  private async until(ready: () => boolean): Promise<void> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (ready()) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  async replay(slice: LaneSlice): Promise<void> {
    const free = () => this.lanes.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    await this.until(() => free().inFlight < 2);
    const lane = free();
    lane.inFlight++;
    lane.worker.postMessage({ slice });
  }

  async finish(): Promise<LaneResult[]> {
    for (const lane of this.lanes) lane.worker.postMessage({ end: true });
    await this.until(() => this.lanes.every((lane) => lane.result !== undefined));
    return this.lanes.map((lane) => lane.result!);
  }

  stop(): void {
    for (const lane of this.lanes) void lane.worker.terminate();
  }
}

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

export async function runBacktest(prisma: PrismaClient, options: BacktestOptions): Promise<BacktestReport> {
  const sql = driverOf(prisma);
  const days = weeklyDays(options.from, options.to);
  const first = days[0] ?? options.to;
  const variants = [options.current, ...(options.candidate ? [options.candidate] : [])];
  const models = variants.map((v) => asModels(v.model));
  // Readings older than a model ignores are never scored: read no further back than that.
  const lookBack = Math.max(...models.flatMap((m) => m.all().map((x) => x.freshness.ignoreAfterDays)));
  // Only the signals the models score are read.
  const signals = [...new Set(models.flatMap((m) => m.all().flatMap(signalsRead)))];
  const setup: LaneSetup = {
    variants: variants.map((v, i) => ({ models: models[i]!.all(), rules: v.rules })),
    days,
    horizonDays: options.horizonDays,
    signals,
  };
  // Each segment's model, by variant: its index in the variant's models.
  const modelsOf = new Map<string | null, number[]>();
  const modelIndexes = (segment: string | null) => {
    let found = modelsOf.get(segment);
    if (!found) {
      found = models.map((m, i) => {
        const model = m.modelFor(segment);
        return setup.variants[i]!.models.findIndex((x) => x === model || x.version === model.version);
      });
      modelsOf.set(segment, found);
    }
    return found;
  };
  const lane = new Lane(setup);
  const size = options.slice ?? SLICE;
  let workers: LaneWorkers | undefined;
  try {
    await readBacktestSlices(
      sql,
      { first, to: options.to, lookBackDays: lookBack, signals, slice: size },
      async (read) => {
        const slice: LaneSlice = {
          rows: read.rows.map((row) => ({ ...row, models: modelIndexes(row.segment) })),
          samples: read.samples,
          churns: read.churns,
          since: read.since,
        };
        // A portfolio of a few slices is replayed here; a larger one by worker threads.
        const lanes = Math.min(options.lanes ?? 1, MAX_LANES);
        if (workers === undefined && lanes > 1 && read.total > 2 * size)
          workers = new LaneWorkers(setup, lanes);
        if (workers) await workers.replay(slice);
        // Now and then, let the driver take in the next slice's rows (read meanwhile).
        else
          await lane.replay(slice, { every: YIELD_EVERY, wait: () => new Promise((r) => setImmediate(r)) });
        options.onProgress?.(read.done, read.total);
      },
    );
    if (workers) for (const result of await workers.finish()) lane.merge(result);
  } finally {
    workers?.stop();
  }
  const { tallies, accounts, segmented } = lane.result;
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
