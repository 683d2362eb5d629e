/**
 * `npm run bench`: Kuroko's performance figures, printed as JSON. Every latency is set beside a
 * baseline measured in the same run on the same machine (a bare Bolt app that only acks),
 * because machines here are shared and noisy: compare ratios, not absolute numbers.
 *
 *   npm run bench                                              embedded database, 10,000 accounts
 *   KUROKO_BENCH_DATABASE_URL=postgresql://user@host/postgres npm run bench   PostgreSQL, 100,000 accounts
 *
 * KUROKO_BENCH_ACCOUNTS overrides the portfolio size, KUROKO_BENCH_REQUESTS the request count.
 * The seeded portfolio is cached between runs (.data/bench/, or the database kuroko_bench_<N>
 * on the PostgreSQL server) and seeding is not timed. Only 127.0.0.1 is contacted: Slack is
 * the fake from the test harness.
 */
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver } from "@slack/bolt";
import pg from "pg";
import { runAlertSweep } from "../../src/alerts/service.js";
import { createApp } from "../../src/app.js";
import { DEFAULT_POLICY } from "../../src/contracts/state.js";
import { type OpenedDatabase, openDatabase } from "../../src/db/database.js";
import { seedDemo } from "../../src/demo.js";
import { buildDigest } from "../../src/digest/job.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import type { HealthModel } from "../../src/health/model.js";
import { runSnapshot } from "../../src/health/snapshot.js";
import { standaloneSlack } from "../../src/jobs/deps.js";
import { type JobDeps, type JobName, jobNamed } from "../../src/jobs/schedule.js";
import { createLogger } from "../../src/log.js";
import { runRenewalReminders } from "../../src/renewals/reminders.js";
import { todayIn } from "../../src/time.js";
import { wire } from "../../src/wiring.js";
import { testConfig } from "../support/app.js";
import { FakeSlack } from "../support/fake-slack.js";
import { slashCommand } from "../support/payloads.js";
import { SlackSender, TEST_SIGNING_SECRET } from "../support/slack-requests.js";
import { measureCommandLatency } from "./http-latency.js";

const POSTGRES = process.env.KUROKO_BENCH_DATABASE_URL;
const ACCOUNTS = Number(process.env.KUROKO_BENCH_ACCOUNTS ?? (POSTGRES ? 100_000 : 10_000));
const REQUESTS = Number(process.env.KUROKO_BENCH_REQUESTS ?? 500);
const WARMUP = 50;
const logger = createLogger("error");
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const status = (text: string) => process.stderr.write(`bench: ${text}\n`);

/** The benchmark portfolio, seeded once and kept for later runs. */
async function openBenchDatabase(
  model: HealthModel,
  today: Date,
): Promise<{ db: OpenedDatabase; seededNow: boolean; seedSeconds?: number }> {
  let db: OpenedDatabase;
  if (POSTGRES) {
    const name = `kuroko_bench_${ACCOUNTS}`;
    const admin = new pg.Client({ connectionString: POSTGRES });
    await admin.connect();
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(POSTGRES);
    url.pathname = `/${name}`;
    db = await openDatabase({ url: url.toString(), dataDir: "unused" });
  } else {
    const dir = `.data/bench/embedded-${ACCOUNTS}`;
    mkdirSync(dir, { recursive: true });
    db = await openDatabase({ dataDir: dir });
  }
  const [accounts, snapshots] = await Promise.all([
    db.prisma.account.count(),
    db.prisma.healthSnapshot.count(),
  ]);
  if (accounts === ACCOUNTS && snapshots > 0) return { db, seededNow: false };
  status(`seeding ${ACCOUNTS} accounts with 90 days of history (cached for later runs)…`);
  const started = performance.now();
  await seedDemo(db.prisma, { accounts: ACCOUNTS, today, model });
  return { db, seededNow: true, seedSeconds: round((performance.now() - started) / 1000, 1) };
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

/**
 * The first morning of a new install on the bench portfolio, run for real (every write, through
 * the outbox; nothing is delivered): how many messages it would send, to whom. The cached
 * portfolio is left as it was.
 */
async function countMorningMessages(db: OpenedDatabase, deps: JobDeps, today: Date) {
  await clearMorning(db);
  try {
    const slot = new Date(today.getTime() + 8 * 3_600_000);
    const order: JobName[] = ["alerts", "renewals", "morning", "digest"];
    for (const name of order)
      await jobNamed(name).run({ deps, slot, now: new Date(), dryRun: false, report: () => {} });
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
    return {
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
  } finally {
    await clearMorning(db);
  }
}

async function main() {
  const model = defaultHealthModel();
  const today = todayIn("UTC");
  const fake = await new FakeSlack().start();
  const { db, seededNow, seedSeconds } = await openBenchDatabase(model, today);
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

    status("timing the morning run: snapshot, alert sweep, renewal reminders, digest…");
    const rssBeforeMorning = process.memoryUsage().rss;
    let peakRss = rssBeforeMorning;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 50);
    const timed = async <T>(work: () => Promise<T>) => {
      const started = performance.now();
      const result = await work();
      return { result, seconds: round((performance.now() - started) / 1000) };
    };
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
    const snapshotRun = await timed(() => runSnapshot(db.prisma, model, today));
    // Alerts and reminders as dry runs: every read and every rule, no writes, so the cached
    // portfolio stays the same from one bench run to the next.
    const alertsRun = await timed(() => runAlertSweep(jobs.alerts, today, new Date(), true));
    const renewalsRun = await timed(() => runRenewalReminders(jobs.renewals, today, true));
    const digestRun = await timed(() => buildDigest(db.prisma, db.query, model, today, new Date()));
    const peakRssDryRuns = peakRss;
    status("a real first morning (alerts, renewals, morning DMs, digest): counting its messages…");
    const messages = await timed(() => countMorningMessages(db, jobs, today));
    clearInterval(sampler);
    const snapshot = snapshotRun.result;
    const snapshotSeconds = snapshotRun.seconds;
    const morningSeconds = round(
      snapshotRun.seconds + alertsRun.seconds + renewalsRun.seconds + digestRun.seconds,
    );

    const report = {
      node: process.version,
      database: POSTGRES ? "postgresql" : "embedded (PGlite)",
      accounts: ACCOUNTS,
      metricSamples: await db.prisma.metricSample.count(),
      seeding: seededNow ? { seconds: seedSeconds } : "cached",
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
        seconds: snapshotSeconds,
        accountsScored: snapshot.accounts,
        bands: snapshot.bands,
        target: { under10s: snapshotSeconds < 10 },
      },
      morningRun: {
        snapshotSeconds: snapshotRun.seconds,
        alertSweepSeconds: alertsRun.seconds,
        alertsDue: alertsRun.result.raised,
        renewalRemindersSeconds: renewalsRun.seconds,
        remindersDue: renewalsRun.result.due,
        digestSeconds: digestRun.seconds,
        digestThreadMessages: digestRun.result.thread.length,
        totalSeconds: morningSeconds,
        rssBeforeMb: Math.round(rssBeforeMorning / 2 ** 20),
        peakRssMb: Math.round(peakRssDryRuns / 2 ** 20),
        target: { under15s: morningSeconds < 15, under500MB: peakRssDryRuns < 500 * 2 ** 20 },
      },
      messagesInAMorning: {
        ...messages.result,
        seconds: messages.seconds,
        peakRssMb: Math.round(peakRss / 2 ** 20),
        target: {
          atMostOneDmPerOwner: messages.result.mostDmsToOnePerson <= 1,
          atMost25ChannelMessages: messages.result.channelMessages <= 25,
        },
      },
      rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await db.close();
    await fake.stop();
  }
}

await main();
