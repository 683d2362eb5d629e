import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../src/contracts/state.js";
import { type Database, openDatabase } from "../../src/db/database.js";
import { seedDemo } from "../../src/demo.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { standaloneSlack } from "../../src/jobs/deps.js";
import { runJob, startScheduler } from "../../src/jobs/runner.js";
import { JOBS, jobNamed } from "../../src/jobs/schedule.js";
import { latestScheduled } from "../../src/jobs/slots.js";
import { createLogger } from "../../src/log.js";
import { wire } from "../../src/wiring.js";
import { testConfig } from "../support/app.js";
import { createEmptyPostgresDatabase, testPostgresUrl } from "../support/database.js";
import { FakeSlack } from "../support/fake-slack.js";
import { useDatabase } from "../support/harness.js";

const t = useDatabase({ resetEachTest: true });
const model = defaultHealthModel();
const logger = createLogger("error");
/** Monday 2026-11-23 08:30 in Tokyo: the default digest slot ("30 8 * * 1-5"). */
const digestSlot = new Date("2026-11-22T23:30:00Z");
let fake: FakeSlack;

beforeAll(async () => {
  fake = await new FakeSlack().start();
});
afterAll(async () => {
  await fake?.stop();
});

const depsFor = (db: Database) => {
  const config = testConfig(fake, { KUROKO_TIMEZONE: "Asia/Tokyo" });
  return wire({
    config,
    db,
    logger,
    model,
    policy: DEFAULT_POLICY,
    clock: () => digestSlot,
    ...standaloneSlack(config, db, logger),
  }).jobs;
};

async function seed(db: Database) {
  await seedDemo(db.prisma, { accounts: 40, today: new Date("2026-11-23T00:00:00Z"), model });
}

describe("the schedule", () => {
  it("finds a cron slot in the team's time zone", () => {
    expect(latestScheduled("30 8 * * 1-5", "Asia/Tokyo", new Date("2026-11-23T00:10:00Z"), 60)).toEqual(
      digestSlot,
    );
    // Sunday: no weekday slot within the day, Friday's within the week.
    expect(
      latestScheduled("30 8 * * 1-5", "Asia/Tokyo", new Date("2026-11-22T03:00:00Z"), 24 * 60),
    ).toBeUndefined();
    expect(
      latestScheduled("30 8 * * 1-5", "Asia/Tokyo", new Date("2026-11-22T03:00:00Z"), 7 * 24 * 60),
    ).toEqual(new Date("2026-11-19T23:30:00Z"));
  });
});

describe("running a job", () => {
  it("posts one digest when three processes run the same slot at once", async () => {
    await seed(t.db);
    // Three processes: on PostgreSQL, three connections to one database; embedded, three callers of one.
    const url = testPostgresUrl();
    const empty = url ? await createEmptyPostgresDatabase(url) : undefined;
    const dbs = empty
      ? await Promise.all([1, 2, 3].map(() => openDatabase({ url: empty.url, dataDir: "unused" })))
      : [t.db, t.db, t.db];
    try {
      if (empty) await seed(dbs[0]!);
      const results = await Promise.all(
        dbs.map((db, i) =>
          runJob(jobNamed("digest"), depsFor(db), { now: digestSlot, owner: `replica-${i}` }),
        ),
      );

      expect(results.filter((r) => r.ran)).toHaveLength(1);
      expect(results.filter((r) => !r.ran).map((r) => r.reason)).toEqual([
        expect.stringMatching(/another run has this slot/),
        expect.stringMatching(/another run/),
      ]);
      const digests = await dbs[0]!.prisma.outboxMessage.findMany({
        where: { channel: "C0DIGEST01", parentId: null },
      });
      expect(digests).toHaveLength(1);
      expect(digests[0]?.dedupeKey).toBe("digest:2026-11-23");
    } finally {
      if (empty) {
        await Promise.all(dbs.map((db) => db.close()));
        await empty.drop();
      }
    }
  });

  it("runs a done slot again with --force, without posting the day's digest twice", async () => {
    await seed(t.db);
    const deps = depsFor(t.db);
    await runJob(jobNamed("digest"), deps, { now: digestSlot });

    const again = await runJob(jobNamed("digest"), deps, { now: digestSlot });
    const forced = await runJob(jobNamed("digest"), deps, { now: digestSlot, force: true });

    expect(again.ran).toBe(false);
    expect(forced.ran).toBe(true);
    expect(await t.db.prisma.outboxMessage.count({ where: { channel: "C0DIGEST01", parentId: null } })).toBe(
      1,
    );
  });

  it("prints what a dry run would send, and sends and claims nothing", async () => {
    await seed(t.db);
    const lines: string[] = [];

    await runJob(jobNamed("digest"), depsFor(t.db), {
      now: digestSlot,
      dryRun: true,
      report: (l) => lines.push(l),
    });

    expect(lines[0]).toMatch(/^would post to C0DIGEST01: Daily at-risk digest 2026-11-23: \d+ red/);
    expect(await t.db.prisma.outboxMessage.count()).toBe(0);
    expect(await t.db.prisma.jobRun.count()).toBe(0);
  });

  it("catches up today's missed slots on start, once, in order (snapshot, alerts, renewals, morning, digest)", async () => {
    await seed(t.db);
    await t.db.prisma.healthSnapshot.deleteMany({ where: { date: new Date("2026-11-23T00:00:00Z") } });
    const nineAm = new Date("2026-11-23T00:00:00Z");

    const first = startScheduler(JOBS, depsFor(t.db), () => nineAm);
    await first.caughtUp;
    await first.stop();
    const second = startScheduler(JOBS, depsFor(t.db), () => nineAm);
    await second.caughtUp;
    await second.stop();

    const runs = await t.db.prisma.jobRun.findMany({ orderBy: { id: "asc" } });
    expect(runs.map((r) => [r.job, r.slot, r.status])).toEqual([
      ["snapshot", "2026-11-22T21:00Z", "done"],
      ["alerts", "2026-11-22T21:15Z", "done"],
      ["renewals", "2026-11-22T23:00Z", "done"],
      ["morning", "2026-11-22T23:10Z", "done"],
      ["digest", "2026-11-22T23:30Z", "done"],
    ]);
    expect(
      await t.db.prisma.healthSnapshot.count({ where: { date: new Date("2026-11-23T00:00:00Z") } }),
    ).toBe(40);
  });

  it("keeps a day of a frequent job's runs and a month of its failures, a year of a daily job's", async () => {
    const daysAgo = (days: number) => new Date(digestSlot.getTime() - days * 86_400_000);
    const runs = [
      ["outbox", "old done", "done", 2],
      ["outbox", "recent done", "done", 0.5],
      ["outbox", "recent failure", "failed", 10],
      ["outbox", "old failure", "failed", 40],
      ["outbox", "long running", "running", 5],
      ["digest", "last quarter", "done", 100],
      ["digest", "two years ago", "done", 730],
    ] as const;
    for (const [job, slot, status, age] of runs)
      await t.db.prisma.jobRun.create({
        data: { job, slot, status, owner: "test", startedAt: daysAgo(age) },
      });

    await runJob(jobNamed("outbox"), depsFor(t.db), { now: digestSlot });
    await runJob(jobNamed("digest"), depsFor(t.db), { now: digestSlot });

    const left = await t.db.prisma.jobRun.findMany({ where: { owner: "test" }, orderBy: { id: "asc" } });
    expect(left.map((r) => r.slot)).toEqual([
      "recent done",
      "recent failure",
      "long running",
      "last quarter",
    ]);
  });

  it("takes over a slot whose run's process was killed mid-run, and leaves a live one alone", async () => {
    await seed(t.db);
    const slot = "2026-11-22T23:30Z";
    const minutesAgo = (m: number) => new Date(digestSlot.getTime() - m * 60_000);
    await t.db.prisma.jobRun.create({
      data: {
        job: "digest",
        slot,
        owner: "killed:1",
        startedAt: minutesAgo(10),
        heartbeatAt: minutesAgo(10),
      },
    });
    await t.db.prisma.jobRun.create({
      data: { job: "snapshot", slot: "2026-11-22T21:00Z", owner: "alive:2", heartbeatAt: minutesAgo(0.5) },
    });

    const digest = await runJob(jobNamed("digest"), depsFor(t.db), { now: digestSlot, owner: "next:3" });
    const snapshot = await runJob(jobNamed("snapshot"), depsFor(t.db), {
      now: digestSlot,
      slot: new Date("2026-11-22T21:00:00Z"),
      owner: "next:3",
    });

    expect(digest.ran).toBe(true);
    expect(
      await t.db.prisma.jobRun.findUnique({ where: { job_slot: { job: "digest", slot } } }),
    ).toMatchObject({
      status: "done",
      owner: "next:3",
    });
    expect(snapshot).toMatchObject({ ran: false });
    expect(snapshot.reason).toMatch(/another run has this slot \(alive:2, still alive/);
  });

  it("says what failed, and how to run it again, when a slot's last run failed", async () => {
    await t.db.prisma.jobRun.create({
      data: {
        job: "digest",
        slot: "2026-11-22T23:30Z",
        owner: "p:1",
        status: "failed",
        error: "The digest has nowhere to go",
        finishedAt: digestSlot,
      },
    });

    const result = await runJob(jobNamed("digest"), depsFor(t.db), { now: digestSlot });

    expect(result.ran).toBe(false);
    expect(result.reason).toBe(
      'the last run of this slot failed at 2026-11-22T23:30:00.000Z with "The digest has nowhere to go"; --force runs it again',
    );
  });

  it("shows, on a day with no slot, what the next slot would send, dated that day", async () => {
    await seed(t.db);
    // Sunday 10:00 in Tokyo: the weekday digest's last slot was Friday's.
    const sunday = new Date("2026-11-22T01:00:00Z");
    const lines: string[] = [];

    const result = await runJob(jobNamed("digest"), depsFor(t.db), {
      now: sunday,
      dryRun: true,
      report: (l) => lines.push(l),
    });

    expect(result.slot).toBe("2026-11-22T23:30Z");
    expect(lines[0]).toBe(
      "No digest run is scheduled today; the next is Monday 2026-11-23 08:30 (Asia/Tokyo). It would do this:",
    );
    expect(lines[1]).toMatch(/Daily at-risk digest 2026-11-23/);
  });

  it("runs by hand on a day with no slot for that day, on that day's data (not last Friday's)", async () => {
    await seed(t.db);
    // Sunday 10:00 in Tokyo: the demo was scored up to Monday the 23rd (UTC), so Sunday has its own snapshot.
    const sunday = new Date("2026-11-22T01:00:00Z");
    const lines: string[] = [];

    const result = await runJob(jobNamed("digest"), depsFor(t.db), {
      now: sunday,
      report: (l) => lines.push(l),
    });

    expect(result.ran).toBe(true);
    expect(result.slot).toBe("2026-11-22T01:00Z");
    expect(lines[0]).toBe(
      "No digest run is scheduled today; running it by hand for Sunday 2026-11-22 10:00 (Asia/Tokyo).",
    );
    const posted = await t.db.prisma.outboxMessage.findFirstOrThrow({
      where: { dedupeKey: "digest:2026-11-22" },
    });
    expect(JSON.stringify(posted.payload)).toContain("2026-11-22");
  });

  it("says a dry run before today's slot shows that slot", async () => {
    const lines: string[] = [];

    await runJob(jobNamed("digest"), depsFor(t.db), {
      now: new Date("2026-11-22T22:00:00Z"), // Monday 07:00 in Tokyo
      dryRun: true,
      report: (l) => lines.push(l),
    });

    expect(lines[0]).toBe(
      "The next digest run is later today, Monday 2026-11-23 08:30 (Asia/Tokyo). It would do this:",
    );
  });
});
