/**
 * `npm run bench`: Kuroko's performance figures, printed as JSON. Every latency is set beside a
 * baseline measured in the same run on the same machine (a bare Bolt app that only acks),
 * because machines here are shared and noisy: compare ratios, not absolute numbers.
 *
 *   npm run bench                                              embedded database, 10,000 accounts
 *   KUROKO_BENCH_DATABASE_URL=postgresql://user@host/postgres npm run bench   PostgreSQL, 100,000 accounts
 *   KUROKO_BENCH_ACCOUNTS=10000,100000,1000000 …               a series: one child process per size,
 *                                                              then how each figure grows
 *
 * KUROKO_BENCH_ACCOUNTS sets the portfolio size (or sizes), KUROKO_BENCH_REQUESTS the request count;
 * KUROKO_BENCH_SEED_ONLY=1 only seeds (or checks) the cached portfolio.
 * The back-test (test/bench/backtest.ts: a year of weekly history, its own cached portfolio) runs
 * after the rest in a child process of its own, at KUROKO_BENCH_BACKTEST_ACCOUNTS accounts
 * (default: the portfolio's size, at most 100,000 on PostgreSQL and 10,000 embedded);
 * KUROKO_BENCH_ONLY=backtest runs only it, KUROKO_BENCH_SKIP=backtest everything but it.
 * The seeded portfolio is cached between runs (.data/bench/, or the database kuroko_bench_<N>
 * on the PostgreSQL server) and seeding is not timed. Only 127.0.0.1 is contacted: Slack is
 * the fake from the test harness.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { getHeapStatistics } from "node:v8";
import { App, HTTPReceiver } from "@slack/bolt";
import pg from "pg";
import { createApp } from "../../src/app.js";
import { DEFAULT_POLICY } from "../../src/contracts/state.js";
import { type OpenedDatabase, openDatabase } from "../../src/db/database.js";
import { seedDemo } from "../../src/demo.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import type { HealthModel } from "../../src/health/model.js";
import { standaloneSlack } from "../../src/jobs/deps.js";
import { runJob } from "../../src/jobs/runner.js";
import { type JobDeps, type JobName, jobNamed } from "../../src/jobs/schedule.js";
import { createLogger } from "../../src/log.js";
import { addDays, isoDay, todayIn } from "../../src/time.js";
import { wire } from "../../src/wiring.js";
import { testConfig } from "../support/app.js";
import { FakeSlack } from "../support/fake-slack.js";
import { slashCommand } from "../support/payloads.js";
import { SlackSender, TEST_SIGNING_SECRET } from "../support/slack-requests.js";
import { measureBacktest } from "./backtest.js";
import { measureCommandLatency } from "./http-latency.js";
import { measureIngest } from "./ingest.js";

const POSTGRES = process.env.KUROKO_BENCH_DATABASE_URL;
const SIZES = (process.env.KUROKO_BENCH_ACCOUNTS ?? (POSTGRES ? "100000" : "10000"))
  .split(",")
  .map((size) => Number(size.trim().replaceAll("_", "")));
if (SIZES.some((size) => !Number.isInteger(size) || size < 1))
  throw new Error(
    `KUROKO_BENCH_ACCOUNTS: expected a size or sizes such as 10000,100000, got "${process.env.KUROKO_BENCH_ACCOUNTS}"`,
  );
const ACCOUNTS = SIZES[0]!;
const ONLY = process.env.KUROKO_BENCH_ONLY;
const SKIP = (process.env.KUROKO_BENCH_SKIP ?? "").split(",").map((part) => part.trim());
if ((ONLY !== undefined && ONLY !== "backtest") || SKIP.some((part) => part !== "" && part !== "backtest"))
  throw new Error("KUROKO_BENCH_ONLY and KUROKO_BENCH_SKIP take one part: backtest");
const BACKTEST_ACCOUNTS = Number(
  process.env.KUROKO_BENCH_BACKTEST_ACCOUNTS ?? Math.min(ACCOUNTS, POSTGRES ? 100_000 : 10_000),
);
const REQUESTS = Number(process.env.KUROKO_BENCH_REQUESTS ?? 500);
const WARMUP = 50;
const logger = createLogger("error");
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const status = (text: string) => process.stderr.write(`bench: ${text}\n`);
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** The process's resident memory at its highest, sampled every 50 ms from `reset()` on. */
function rssPeak() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  timer.unref();
  return {
    reset: () => {
      peak = process.memoryUsage().rss;
    },
    get mb() {
      return mb(Math.max(peak, process.memoryUsage().rss));
    },
    stop: () => clearInterval(timer),
  };
}

/** The PostgreSQL database that caches this size's portfolio. */
const BENCH_DATABASE = `kuroko_bench_${ACCOUNTS}`;

/** Its URL (undefined on the embedded database). */
function benchUrl(): string | undefined {
  if (!POSTGRES) return undefined;
  const url = new URL(POSTGRES);
  url.pathname = `/${BENCH_DATABASE}`;
  return url.toString();
}

/**
 * The days (before today) whose health the bench seed scores: what the morning compares today
 * with. The alert rules read the snapshot before today's (day 7 here), the latest on or before 7
 * days ago (day 7) and on or before 30 days ago (day 35), the digest the one 30 days back (day
 * 35); today's is scored again by the morning. Scoring all 14 sampled days would cost 14 full
 * snapshots (most of an hour at 1,000,000 accounts) for days nothing in the morning reads.
 */
const SCORED_OFFSETS = [35, 7, 0];

/**
 * Why the cached portfolio cannot be used, or undefined when it can: the right number of
 * accounts, history scored on exactly the bench's days, and the newest samples today's (the
 * portfolio is seeded relative to its day: yesterday's would shift every window).
 */
async function staleCache(db: OpenedDatabase, today: Date): Promise<string | undefined> {
  const accounts = await db.prisma.account.count();
  if (accounts === 0) return undefined;
  if (accounts !== ACCOUNTS) return `${accounts} accounts, not ${ACCOUNTS}`;
  const [newest] = await db.query<{ day: string | null }>(
    "SELECT to_char(max(date), 'YYYY-MM-DD') AS day FROM metric_samples",
  );
  if (newest?.day !== isoDay(today)) return `seeded for ${newest?.day ?? "no day"}, not today`;
  const days = await db.query<{ day: string }>(
    "SELECT DISTINCT to_char(date, 'YYYY-MM-DD') AS day FROM health_snapshots ORDER BY 1",
  );
  const wanted = SCORED_OFFSETS.map((offset) => isoDay(addDays(today, -offset))).sort();
  if (days.map((d) => d.day).join() !== wanted.join())
    return `history scored on ${days.length} days, not the bench's ${wanted.length}`;
  return undefined;
}

/**
 * The benchmark portfolio, seeded once and kept for later runs. A stale cache (another size,
 * another day, history scored otherwise) is dropped and seeded again, into an empty database:
 * the seed's fast path.
 */
async function openBenchDatabase(
  model: HealthModel,
  today: Date,
): Promise<{ db: OpenedDatabase; seededNow: boolean; seedSeconds?: number; seedPeakRssMb?: number }> {
  const name = BENCH_DATABASE;
  const dir = `.data/bench/embedded-${ACCOUNTS}`;
  const open = async (recreate: boolean) => {
    if (POSTGRES) {
      const admin = new pg.Client({ connectionString: POSTGRES });
      await admin.connect();
      if (recreate) await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      return openDatabase({ url: benchUrl()!, dataDir: "unused" });
    }
    if (recreate) rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    return openDatabase({ dataDir: dir });
  };
  let db = await open(false);
  const stale = await staleCache(db, today);
  if (stale) {
    status(`the cached portfolio is stale (${stale}): seeding it again`);
    await db.close();
    db = await open(true);
  }
  const snapshots = await db.prisma.healthSnapshot.count();
  if (!stale && snapshots > 0) return { db, seededNow: false };
  status(`seeding ${ACCOUNTS} accounts with 90 days of history (cached for later runs)…`);
  const started = performance.now();
  const peak = rssPeak();
  let shown = 0;
  await seedDemo(db.prisma, {
    accounts: ACCOUNTS,
    today,
    model,
    scoredOffsets: SCORED_OFFSETS,
    onProgress: (done, total) => {
      if (done - shown < total / 20 && done < total) return;
      shown = done;
      status(
        `  ${Math.round((100 * done) / total)}% of the rows written (${round((performance.now() - started) / 1000, 0)} s), ${peak.mb} MB at most so far${done === total ? "; scoring the history…" : ""}`,
      );
    },
  });
  peak.stop();
  return {
    db,
    seededNow: true,
    seedSeconds: round((performance.now() - started) / 1000, 1),
    seedPeakRssMb: peak.mb,
  };
}

async function bareBoltBaseline(fake: FakeSlack) {
  const receiver = new HTTPReceiver({ signingSecret: TEST_SIGNING_SECRET, logger });
  const app = new App({
    receiver,
    token: "xoxb-bench",
    botId: "B0BOT",
    botUserId: "U0BOT",
    logger,
    clientOptions: { slackApiUrl: fake.apiUrl },
  });
  app.command("/health", async ({ ack }) => {
    await ack();
  });
  const server = await receiver.start({ port: 0, host: "127.0.0.1" });
  const port = (server.address() as AddressInfo).port;
  try {
    return await measureCommandLatency(
      new SlackSender(`http://127.0.0.1:${port}/slack/events`),
      () => slashCommand("/health", "acme", fake.responseUrl()),
      { requests: REQUESTS, warmup: WARMUP },
    );
  } finally {
    await receiver.stop();
  }
}

/** What a morning writes (alerts, baselines, reminders, messages, runs): cleared before and after it is counted. */
async function clearMorning(db: OpenedDatabase) {
  await db.prisma.$executeRawUnsafe(
    "TRUNCATE outbox_messages, alerts, alert_baselines, renewal_reminders, job_runs RESTART IDENTITY",
  );
}

/** The jobs of a morning, in the order of their default schedule. */
const MORNING: JobName[] = ["snapshot", "alerts", "renewals", "morning", "digest"];

/**
 * The first morning of a new install on the bench portfolio, run as the scheduler runs it
 * (`runJob`: the slot claimed, every write, through the outbox; nothing is delivered), each job
 * timed; then how many messages it would send, to whom. What the morning wrote is cleared
 * before and after, so the cached portfolio is left as it was (today's snapshot, rewritten the
 * same, aside).
 */
async function runMorning(db: OpenedDatabase, deps: JobDeps, today: Date) {
  await clearMorning(db);
  try {
    const slot = new Date(today.getTime() + 8 * 3_600_000);
    const seconds: Partial<Record<JobName, number>> = {};
    const summaries: Partial<Record<JobName, Record<string, unknown> | undefined>> = {};
    for (const name of MORNING) {
      status(`  ${name}…`);
      const started = performance.now();
      const result = await runJob(jobNamed(name), deps, { now: new Date(), slot, force: true });
      seconds[name] = round((performance.now() - started) / 1000);
      summaries[name] = result.summary;
      status(`  ${name}: ${seconds[name]} s, ${mb(process.memoryUsage().rss)} MB now`);
    }
    const rows = await db.prisma.outboxMessage.findMany({
      where: { method: "chat.postMessage" },
      select: { channel: true, parentId: true },
    });
    const toPeople = rows.filter((r) => /^[UW]/.test(r.channel));
    const perPerson = new Map<string, number>();
    for (const r of toPeople) perPerson.set(r.channel, (perPerson.get(r.channel) ?? 0) + 1);
    const inChannels = rows.filter((r) => !/^[UW]/.test(r.channel));
    const byChannel: Record<string, { messages: number; threadReplies: number }> = {};
    for (const r of inChannels) {
      const entry = byChannel[r.channel] ?? { messages: 0, threadReplies: 0 };
      byChannel[r.channel] = entry;
      if (r.parentId === null) entry.messages++;
      else entry.threadReplies++;
    }
    const owners = await db.prisma.account.findMany({
      where: { ownerSlackId: { not: null } },
      distinct: ["ownerSlackId"],
      select: { ownerSlackId: true },
    });
    const messages = {
      owners: owners.length,
      peopleDmed: perPerson.size,
      directMessages: toPeople.length,
      mostDmsToOnePerson: Math.max(0, ...perPerson.values()),
      channelMessages: inChannels.filter((r) => r.parentId === null).length,
      threadReplies: inChannels.filter((r) => r.parentId !== null).length,
      byChannel,
      alertsRecorded: await db.prisma.alert.count(),
      remindersRecorded: await db.prisma.renewalReminder.count(),
    };
    return { seconds, summaries, messages };
  } finally {
    await clearMorning(db);
  }
}

/**
 * The morning's baseline, measured in the same run: one plain pass over the metric samples and
 * the snapshots (what any morning must read at least once), so that a slow machine shows as a
 * slow baseline rather than as a slow Kuroko.
 */
async function fullScanSeconds(db: OpenedDatabase) {
  const started = performance.now();
  await db.query("SELECT count(*)::int AS n FROM metric_samples");
  await db.query("SELECT count(*)::int AS n, max(score)::float8 AS top FROM health_snapshots");
  return round((performance.now() - started) / 1000);
}

/** The back-test's figures, measured in a child process of its own (its peak memory its own). */
async function backtestInChild(): Promise<unknown> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env: { ...process.env, KUROKO_BENCH_ONLY: "backtest", KUROKO_BENCH_ACCOUNTS: String(Math.max(...SIZES)) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`The back-test's bench failed (exit ${code})`);
  return (JSON.parse(out) as { backtest: unknown }).backtest;
}

async function main() {
  if (ONLY === "backtest") {
    const backtest = await measureBacktest({ postgres: POSTGRES, accounts: BACKTEST_ACCOUNTS, status });
    process.stdout.write(
      `${JSON.stringify({ node: process.version, database: POSTGRES ? "postgresql" : "embedded (PGlite)", backtest }, null, 2)}\n`,
    );
    return;
  }
  const model = defaultHealthModel();
  const today = todayIn("UTC");
  const fake = await new FakeSlack().start();
  const { db, seededNow, seedSeconds, seedPeakRssMb } = await openBenchDatabase(model, today);
  if (process.env.KUROKO_BENCH_SEED_ONLY) {
    // Seed (or check) the cache ahead of a run, and stop there.
    process.stdout.write(
      `${JSON.stringify({ accounts: ACCOUNTS, seeding: seededNow ? { seconds: seedSeconds, peakRssMb: seedPeakRssMb } : "cached" })}\n`,
    );
    await db.close();
    await fake.stop();
    return;
  }
  const peak = rssPeak();
  try {
    // What people type: Acme, then a rotation of real names, typed in lower case.
    const sample = await db.prisma.account.findMany({
      select: { name: true },
      orderBy: { id: "asc" },
      take: 50,
    });
    const queries = ["acme", ...sample.map((a) => a.name.toLowerCase())];

    status("timing a bare Bolt app (the baseline)…");
    const baseline = await bareBoltBaseline(fake);
    const kuroko = createApp(
      { config: testConfig(fake), db, logger, identity: { botId: "B0BOT", botUserId: "U0BOT" }, model },
      { host: "127.0.0.1" },
    );
    const { port } = await kuroko.start();
    status("timing /health end to end…");
    const health = await measureCommandLatency(
      new SlackSender(`http://127.0.0.1:${port}/slack/events`),
      (i) => slashCommand("/health", queries[i % queries.length]!, fake.responseUrl()),
      { requests: REQUESTS, warmup: WARMUP },
    );
    await kuroko.stop();

    status("the morning as the scheduler runs it: snapshot, alerts, renewals, morning DMs, digest…");
    const config = testConfig(fake);
    const { jobs } = wire({
      config,
      db,
      logger,
      model,
      policy: DEFAULT_POLICY,
      clock: () => new Date(),
      ...standaloneSlack(config, db, logger),
    });
    const baselineSeconds = await fullScanSeconds(db);
    const rssBeforeMorning = process.memoryUsage().rss;
    peak.reset();
    const morning = await runMorning(db, jobs, today);
    const morningPeakMb = peak.mb;
    const morningSeconds = round(Object.values(morning.seconds).reduce((a, b) => a + b, 0));

    status("ingest throughput: the API against plain INSERTs…");
    const token = "bench-token-0123456789abcdef";
    const ingestApp = createApp(
      {
        config: testConfig(fake, {
          KUROKO_API_TOKENS: `bench:${token}`,
          KUROKO_API_RATE_PER_MINUTE: "100000",
        }),
        db,
        logger,
        identity: { botId: "B0BOT", botUserId: "U0BOT" },
        model,
      },
      { host: "127.0.0.1" },
    );
    const ingestServer = await ingestApp.start();
    const ingest = await measureIngest({
      db,
      url: benchUrl(),
      baseUrl: `http://127.0.0.1:${ingestServer.port}`,
      token,
      today,
      status,
    }).finally(() => ingestApp.stop());

    const snapshot = morning.summaries.snapshot as { accounts: number; bands: Record<string, number> };

    const report = {
      node: process.version,
      // The V8 heap limit the run had (`npm run bench` sets 640 MB, as docs/operations.md
      // recommends for a million accounts): without one, V8 lets garbage pile up to ~4 GB.
      heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
      database: POSTGRES ? "postgresql" : "embedded (PGlite)",
      accounts: ACCOUNTS,
      metricSamples: await db.prisma.metricSample.count(),
      seeding: seededNow ? { seconds: seedSeconds, peakRssMb: seedPeakRssMb } : "cached",
      health: {
        bareBoltAck: baseline,
        endToEnd: health,
        medianVsBareAck: round(health.medianMs / baseline.medianMs),
        targets: {
          medianWithin3xOfBareAck: health.medianMs <= 3 * baseline.medianMs,
          p99Under50ms: health.p99Ms < 50,
        },
      },
      snapshot: {
        seconds: morning.seconds.snapshot,
        accountsScored: snapshot.accounts,
        bands: snapshot.bands,
      },
      morningRun: {
        seconds: morning.seconds,
        totalSeconds: morningSeconds,
        baselineFullScanSeconds: baselineSeconds,
        vsBaseline: baselineSeconds > 0 ? round(morningSeconds / baselineSeconds, 1) : null,
        rssBeforeMb: mb(rssBeforeMorning),
        peakRssMb: morningPeakMb,
        target: { under120s: morningSeconds < 120, under1GB: morningPeakMb < 1024 },
      },
      ingest,
      messagesInAMorning: {
        ...morning.messages,
        target: {
          atMostOneDmPerOwner: morning.messages.mostDmsToOnePerson <= 1,
          atMost25ChannelMessages: morning.messages.channelMessages <= 25,
        },
      },
      peakRssMb: peak.mb,
      ...(SKIP.includes("backtest") ? {} : { backtest: await backtestInChild() }),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    peak.stop();
    await db.close();
    await fake.stop();
  }
}

/**
 * A series (KUROKO_BENCH_ACCOUNTS=10000,100000,…): each size in a child process of its own (so
 * that each peak of memory is that size's), then how each figure grows from one size to the
 * next. A ratio of 10 for 10 times the accounts is linear growth.
 */
async function series() {
  /** What `series` reads of each size's report. */
  type Run = {
    accounts: number;
    morningRun: { totalSeconds: number; baselineFullScanSeconds: number; peakRssMb: number };
    health: { endToEnd: { medianMs: number; p99Ms: number } };
    ingest: { rows: number; api: { rowsPerSecond: number }; plainInsert: { rowsPerSecond: number } };
  };
  const runs: Run[] = [];
  for (const size of SIZES) {
    status(`— ${size} accounts —`);
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      env: {
        ...process.env,
        KUROKO_BENCH_ACCOUNTS: String(size),
        KUROKO_BENCH_SKIP: [...SKIP, "backtest"].filter(Boolean).join(","),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    if (code !== 0) throw new Error(`The bench of ${size} accounts failed (exit ${code})`);
    runs.push(JSON.parse(out) as Run);
  }
  const ratio = (a: number, b: number) => (a > 0 ? round(b / a, 1) : null);
  const growth = runs.slice(1).map((run, i) => {
    const before = runs[i]!;
    return {
      from: before.accounts,
      to: run.accounts,
      accounts: ratio(before.accounts, run.accounts),
      morningRunSeconds: ratio(before.morningRun.totalSeconds, run.morningRun.totalSeconds),
      baselineFullScanSeconds: ratio(
        before.morningRun.baselineFullScanSeconds,
        run.morningRun.baselineFullScanSeconds,
      ),
      morningPeakRssMb: ratio(before.morningRun.peakRssMb, run.morningRun.peakRssMb),
      healthMedianMs: ratio(before.health.endToEnd.medianMs, run.health.endToEnd.medianMs),
      healthP99Ms: ratio(before.health.endToEnd.p99Ms, run.health.endToEnd.p99Ms),
      ingestApiRowsPerSecond: ratio(before.ingest.api.rowsPerSecond, run.ingest.api.rowsPerSecond),
      ingestInsertRowsPerSecond: ratio(
        before.ingest.plainInsert.rowsPerSecond,
        run.ingest.plainInsert.rowsPerSecond,
      ),
    };
  });
  const backtest = SKIP.includes("backtest") ? undefined : await backtestInChild();
  process.stdout.write(`${JSON.stringify({ runs, growth, ...(backtest ? { backtest } : {}) }, null, 2)}\n`);
}

if (SIZES.length > 1 && ONLY !== "backtest") await series();
else await main();
