/**
 * The back-test's bench: `runBacktest` (what `kuroko backtest` runs) over a year of weekly
 * history, timed under the default model alone and under it and a candidate, beside a baseline
 * measured in the same run: the same slices read through the same driver, nothing replayed.
 *
 * The portfolio is its own (the morning's has two weeks of readings, not a year), seeded once
 * by SQL (`generate_series`, a few thousand accounts a statement) and cached: the database
 * kuroko_bench_backtest_<N> on PostgreSQL, .data/bench/backtest-<N>/ embedded. Each account has
 * a weekly sample for HISTORY_WEEKS weeks (NPS monthly, some accounts without CSAT), a profile
 * (healthy, middling, poor), about one in ten a decline over eight weeks that most of them churn
 * at the end of, a few churns out of the blue, and renewals; no samples after a churn. The
 * draws are arithmetic on the account's id and the week, so the same size gives the same data.
 * The back-test ends on the newest sample's day, so a cache seeded on another day still serves.
 */
import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { getHeapStatistics } from "node:v8";
import pg from "pg";
import { DEFAULT_ALERT_RULES } from "../../src/alerts/rules.js";
import { driverOf, type OpenedDatabase, openDatabase } from "../../src/db/database.js";
import { DEFAULT_MODEL_SPEC, defaultHealthModel } from "../../src/health/default-model.js";
import { signalsRead } from "../../src/health/lean-score.js";
import { buildHealthModel } from "../../src/health/model.js";
import { backtestLanes, readBacktestSlices, runBacktest } from "../../src/lab/backtest.js";
import { addDays, isoDay, todayIn } from "../../src/time.js";

/** Weeks of samples per account: the 52 replayed and a few before (the 30-day declines look back). */
export const HISTORY_WEEKS = 56;
const REPLAYED_WEEKS = 52;
/** Accounts per seeding statement. */
const SEED_SLICE = 5_000;
/** The seed's version, in every account's external id: another version is seeded again. */
const SEED_VERSION = "bt1";

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/**
 * A draw in [0, 1) from an integer expression and a salt, the same on every server: the value
 * mixed, squared (so that draws with other salts or of the next id are not shifted copies) and
 * mixed again, modulo 2³¹ − 1.
 */
const draw = (expr: string, salt: number) => {
  const mixed = `(((${expr})::bigint * 1103515245 + ${salt * 7919 + 12345}) % 2147483647)`;
  return `((((${mixed} * ${mixed}) % 2147483647 * 48271 + ${salt}) % 2147483647)::float8 / 2147483647)`;
};

const ACCOUNTS_SQL = (from: number, to: number) => `
  INSERT INTO accounts (external_id, name, arr, renewal_date, owner_slack_id, segment, search_key, updated_at)
  SELECT '${SEED_VERSION}-' || i, 'Backtest account ' || i, arr, $1::date + (5 + floor(${draw("i", 1)} * 360))::int,
    'U0CSM000' || (1 + i % 6),
    CASE WHEN arr >= 100000 THEN 'Enterprise' WHEN arr >= 25000 THEN 'Mid-Market' ELSE 'SMB' END,
    'backtest account ' || i, now()
  FROM generate_series(${from}, ${to}) i
  CROSS JOIN LATERAL (SELECT round(5000 * exp(${draw("i", 2)} * 4.6)) AS arr) a`;

/**
 * Each account's plan (by its id), as columns: profile, seats, base usage, the week (weeks
 * before the last) its decline starts (8 weeks to the bottom), the week of its churn (null: none).
 */
const PLAN_SQL = `
  SELECT id, profile, seats, ds, missing_csat,
    CASE
      WHEN ds IS NOT NULL AND ${draw("id", 5)} < 0.6 THEN ds - 6 - floor(${draw("id", 6)} * 6)::int
      WHEN profile = 'poor' AND ${draw("id", 5)} < 0.25 THEN floor(${draw("id", 6)} * ${REPLAYED_WEEKS})::int
      WHEN profile = 'middling' AND ${draw("id", 5)} < 0.04 THEN floor(${draw("id", 6)} * ${REPLAYED_WEEKS})::int
      WHEN profile = 'healthy' AND ${draw("id", 5)} < 0.012 THEN floor(${draw("id", 6)} * ${REPLAYED_WEEKS})::int
    END AS churn_k
  FROM (
    SELECT id,
      CASE WHEN ${draw("id", 3)} < 0.7 THEN 'healthy' WHEN ${draw("id", 3)} < 0.9 THEN 'middling' ELSE 'poor' END AS profile,
      10 + floor(${draw("id", 4)} * 490)::int AS seats,
      CASE WHEN ${draw("id", 7)} < 0.1 THEN 4 + floor(${draw("id", 8)} * ${REPLAYED_WEEKS - 4})::int END AS ds,
      ${draw("id", 9)} < 0.04 AS missing_csat
    FROM accounts WHERE id BETWEEN $1 AND $2
  ) p`;

/** Each account's weekly samples up to its churn: the demo's formulas, a decline of 0 → 1 over 8 weeks. */
const SAMPLES_SQL = `
  INSERT INTO metric_samples (account_id, date, metrics)
  SELECT p.id, $3::date - 7 * k, jsonb_strip_nulls(jsonb_build_object(
    'licensed_seats', p.seats,
    'active_users', round(p.seats * u.usage),
    'logins_30d', round(p.seats * u.usage * 18 * (1 + (${draw("p.id * 100 + k", 11)} - 0.5) * 0.1)),
    'feature_adoption', round(greatest(0, least(100, b.adoption - 25 * d.d + (${draw("p.id * 100 + k", 12)} - 0.5) * 4))),
    'open_tickets', greatest(0, round(b.tickets + 6 * d.d + (${draw("p.id * 100 + k", 13)} - 0.5))),
    'p1_tickets_30d', greatest(0, round(b.p1 + 3 * d.d + (${draw("p.id * 100 + k", 14)} - 0.5) * 0.2)),
    'nps', CASE WHEN k % 4 = p.id % 4 THEN round(greatest(-100, least(100, b.nps - 40 * d.d + (${draw("p.id * 100 + k", 15)} - 0.5) * 4))) END,
    'csat', CASE WHEN NOT p.missing_csat THEN round(greatest(0, least(100, b.csat - 20 * d.d + (${draw("p.id * 100 + k", 16)} - 0.5) * 2))) END,
    'days_since_last_touch', greatest(0, round(b.touch + 20 * d.d + (${draw("p.id * 100 + k", 17)} - 0.5) * 2)),
    'days_overdue', CASE WHEN p.profile = 'poor' AND k % 13 < 4 THEN 15 ELSE 0 END))
  FROM (${PLAN_SQL}) p
  CROSS JOIN generate_series(0, ${HISTORY_WEEKS - 1}) k
  CROSS JOIN LATERAL (SELECT CASE WHEN p.ds IS NULL THEN 0 ELSE greatest(0, least(1, (p.ds - k) / 8.0)) END AS d) d
  CROSS JOIN LATERAL (SELECT * FROM (VALUES
      ('healthy', 0.78, 70, 2, 0, 45, 90, 8), ('middling', 0.55, 45, 5, 0, 10, 75, 25), ('poor', 0.3, 25, 9, 1, -30, 55, 55)
    ) v(profile, usage, adoption, tickets, p1, nps, csat, touch) WHERE v.profile = p.profile) b
  CROSS JOIN LATERAL (SELECT greatest(0.02, least(1, b.usage - 0.45 * d.d + (${draw("p.id * 100 + k", 10)} - 0.5) * 0.1)) AS usage) u
  WHERE p.churn_k IS NULL OR k >= p.churn_k`;

/** The churns (3 days after the week of the last sample) and, for a third of the others, a renewal. */
const OUTCOMES_SQL = `
  INSERT INTO account_outcomes (account_id, kind, date, arr_change, updated_at)
  SELECT p.id, CASE WHEN p.churn_k IS NOT NULL THEN 'churned' ELSE 'renewed' END,
    $3::date - 7 * coalesce(p.churn_k, floor(${draw("p.id", 20)} * ${REPLAYED_WEEKS})::int) + 3, 0, now()
  FROM (${PLAN_SQL}) p
  WHERE p.churn_k IS NOT NULL OR ${draw("p.id", 21)} < 0.33`;

export interface BacktestBenchOptions {
  /** The PostgreSQL server's URL (its `postgres` database); unset: embedded. */
  postgres?: string;
  accounts: number;
  status: (text: string) => void;
}

function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? directoryBytes(path) : statSync(path).size;
  }
  return total;
}

async function openBacktestDatabase(options: BacktestBenchOptions) {
  const name = `kuroko_bench_backtest_${options.accounts}`;
  const dir = `.data/bench/backtest-${options.accounts}`;
  const open = async (recreate: boolean): Promise<OpenedDatabase> => {
    if (options.postgres) {
      const admin = new pg.Client({ connectionString: options.postgres });
      await admin.connect();
      if (recreate) await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      const url = new URL(options.postgres);
      url.pathname = `/${name}`;
      return openDatabase({ url: url.toString(), dataDir: "unused" });
    }
    if (recreate) rmSync(dir, { recursive: true, force: true });
    return openDatabase({ dataDir: dir });
  };
  let db = await open(false);
  const [found] = await db.query<{ n: number; version: number }>(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE external_id LIKE '${SEED_VERSION}-%')::int AS version FROM accounts`,
  );
  let seedSeconds: number | undefined;
  if (found?.n !== options.accounts || found.version !== options.accounts) {
    if (found?.n) {
      options.status(`back-test: the cached portfolio is stale (${found.n} accounts): seeding it again`);
      await db.close();
      db = await open(true);
    }
    const today = todayIn("UTC");
    options.status(
      `back-test: seeding ${options.accounts} accounts × ${HISTORY_WEEKS} weeks (cached for later runs)…`,
    );
    const started = performance.now();
    const sql = driverOf(db.prisma);
    for (let from = 1; from <= options.accounts; from += SEED_SLICE) {
      const to = Math.min(options.accounts, from + SEED_SLICE - 1);
      await sql(ACCOUNTS_SQL(from, to), [isoDay(today)]);
    }
    const [range] = await sql<{ min: number; max: number }>(
      "SELECT min(id) AS min, max(id) AS max FROM accounts",
    );
    for (let from = Number(range!.min); from <= Number(range!.max); from += SEED_SLICE) {
      const args = [from, from + SEED_SLICE - 1, isoDay(today)];
      await sql(SAMPLES_SQL, args);
      await sql(OUTCOMES_SQL, args);
      options.status(
        `  ${from + SEED_SLICE - Number(range!.min)} accounts seeded (${round((performance.now() - started) / 1000, 0)} s)`,
      );
    }
    await sql("ANALYZE");
    seedSeconds = round((performance.now() - started) / 1000, 1);
  }
  return { db, seedSeconds };
}

/** A candidate to set beside the default: usage and support weigh more, sentiment less, red from 45. */
export function candidateModel() {
  return buildHealthModel(
    {
      ...DEFAULT_MODEL_SPEC,
      name: "bench-candidate",
      components: DEFAULT_MODEL_SPEC.components.map((c) => ({
        ...c,
        weight: c.key === "usage" ? 45 : c.key === "support" ? 25 : c.key === "sentiment" ? 5 : c.weight,
      })),
      bands: { red: 45, green: 70, margin: 5 },
    },
    "the bench's candidate",
  );
}

/** Times the back-test on its cached portfolio; see the header. */
export async function measureBacktest(options: BacktestBenchOptions) {
  const { db, seedSeconds } = await openBacktestDatabase(options);
  try {
    const [stats] = await db.query<{ samples: number; outcomes: number; newest: string }>(
      `SELECT (SELECT count(*)::int FROM metric_samples) AS samples,
         (SELECT count(*)::int FROM account_outcomes) AS outcomes,
         (SELECT to_char(max(date), 'YYYY-MM-DD') FROM metric_samples) AS newest`,
    );
    const bytes = options.postgres
      ? Number(
          (
            await db.query<{ bytes: string }>("SELECT pg_database_size(current_database())::text AS bytes")
          )[0]!.bytes,
        )
      : directoryBytes(`.data/bench/backtest-${options.accounts}`);
    const to = new Date(`${stats!.newest}T00:00:00Z`);
    const from = addDays(to, -7 * (REPLAYED_WEEKS - 1));
    const current = { model: defaultHealthModel(), rules: DEFAULT_ALERT_RULES };
    const candidate = { model: candidateModel(), rules: DEFAULT_ALERT_RULES };
    // In as many lanes as `kuroko backtest` (worker threads: the machine's cores, up to 4).
    const base = { from, to, horizonDays: 90, lanes: backtestLanes() };

    /** Seconds, and the peak of resident memory and of the heap, of `work`. */
    const timed = async <T>(label: string, work: () => Promise<T>) => {
      options.status(`back-test: ${label}…`);
      globalThis.gc?.();
      let rss = process.memoryUsage().rss;
      let heap = process.memoryUsage().heapUsed;
      const cpu = process.cpuUsage();
      const timer = setInterval(() => {
        const now = process.memoryUsage();
        rss = Math.max(rss, now.rss);
        heap = Math.max(heap, now.heapUsed);
      }, 50);
      const started = performance.now();
      try {
        const result = await work();
        const seconds = round((performance.now() - started) / 1000);
        const used = process.cpuUsage(cpu);
        // This process's CPU time: steadier than the wall clock on a shared machine.
        const cpuSeconds = round((used.user + used.system) / 1e6);
        options.status(`back-test: ${label}: ${seconds} s (${cpuSeconds} s of CPU in this process)`);
        return {
          seconds,
          cpuSeconds,
          peakRssMb: mb(Math.max(rss, process.memoryUsage().rss)),
          peakHeapMb: mb(heap),
          result,
        };
      } finally {
        clearInterval(timer);
      }
    };

    const read = await timed("reading the slices (the baseline)", async () => {
      let rows = 0;
      // What runBacktest reads for these two models (the signals they score), parsed, nothing replayed.
      const signals = [...new Set([current.model, candidate.model].flatMap(signalsRead))];
      await readBacktestSlices(
        driverOf(db.prisma),
        { first: from, to, lookBackDays: 180, signals },
        (slice) => {
          for (const account of slice.samples) rows += (JSON.parse(account.samples) as unknown[]).length;
        },
      );
      return rows;
    });
    const one = await timed("the default model", () => runBacktest(db.prisma, { ...base, current }));
    const two = await timed("the default model and a candidate", () =>
      runBacktest(db.prisma, { ...base, current, candidate }),
    );
    const report = two.result;
    const figures = (run: {
      seconds: number;
      cpuSeconds: number;
      peakRssMb: number;
      peakHeapMb: number;
    }) => ({
      seconds: run.seconds,
      cpuSeconds: run.cpuSeconds,
      vsRead: read.seconds > 0 ? round(run.seconds / read.seconds, 1) : null,
      peakRssMb: run.peakRssMb,
      peakHeapMb: run.peakHeapMb,
    });
    return {
      portfolio: {
        accounts: options.accounts,
        weeksOfHistory: HISTORY_WEEKS,
        metricSamples: stats!.samples,
        outcomes: stats!.outcomes,
        databaseMb: mb(bytes),
        seeding: seedSeconds === undefined ? "cached" : { seconds: seedSeconds },
      },
      from: report.from,
      to: report.to,
      weeks: report.weeks,
      accountsReplayed: report.accounts,
      accountWeeks: report.current.overall.accountWeeks,
      churned: report.current.overall.churned.accounts,
      auc: { current: report.current.overall.auc, candidate: report.candidate?.overall.auc ?? null },
      heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
      baselineReadSlices: {
        seconds: read.seconds,
        cpuSeconds: read.cpuSeconds,
        sampleRows: read.result,
        peakRssMb: read.peakRssMb,
      },
      oneModel: figures(one),
      twoModels: {
        ...figures(two),
        target: { under60s: two.seconds < 60 },
      },
    };
  } finally {
    await db.close();
  }
}
