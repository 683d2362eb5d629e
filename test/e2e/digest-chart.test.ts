import { describe, expect, it, vi } from "vitest";
import { seedDemo } from "../../src/demo.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { runJob } from "../../src/jobs/runner.js";
import { jobNamed } from "../../src/jobs/schedule.js";
import { PNG_SIGNATURE } from "../../src/lab/render.js";
import type { RecordedCall } from "../support/fake-slack.js";
import { useApp } from "../support/harness.js";

/**
 * The digest's weekly chart of ARR at risk over 90 days, through the real app and the fake
 * Slack: the digest job on a Monday shares one PNG in the digest's thread (Slack's upload flow,
 * through the outbox); Tuesday's digest and a rerun of Monday's add none; a Japanese channel
 * gets it in Japanese; a portfolio without snapshots gets the digest and no chart.
 */

const model = defaultHealthModel();
const DIGEST = "C0DIGEST01";
/** Monday 23 November 2026, 08:30 UTC (the test config's time zone), and the Tuesday after. */
const monday = new Date("2026-11-23T08:30:00Z");
const tuesday = new Date("2026-11-24T08:30:00Z");
const today = new Date("2026-11-23T00:00:00Z");

type App = ReturnType<typeof useApp>;

async function drained(t: App): Promise<void> {
  await vi.waitFor(
    async () => expect(await t.db.prisma.outboxMessage.count({ where: { status: "pending" } })).toBe(0),
    { timeout: 60_000, interval: 50 },
  );
}

const filesOf = (call: RecordedCall) =>
  JSON.parse(String(call.body.files)) as { id: string; title: string }[];

/** The digest's main message as posted (not a thread reply). */
const mainPost = (t: App) =>
  t.fake.waitForCall("chat.postMessage", (c) => c.body.channel === DIGEST && c.body.thread_ts === undefined);

describe("the weekly chart in an English channel", () => {
  const t = useApp({
    now: monday,
    seed: async (db) => {
      await seedDemo(db.prisma, { accounts: 200, today, model });
    },
  });

  it("shares one PNG chart of ARR at risk in the thread of Monday's digest, with its figures in the alt text", async () => {
    await runJob(jobNamed("digest"), t.app.kuroko.jobDeps, { now: monday });
    await mainPost(t);
    const complete = await t.fake.waitForCall("files.completeUploadExternal", () => true, 60_000);
    await drained(t);

    expect(complete.body.channel_id).toBe(DIGEST);
    // In the thread of the day's digest: the ts Slack gave its main message.
    const main = await t.db.prisma.outboxMessage.findUnique({ where: { dedupeKey: "digest:2026-11-23" } });
    expect(complete.body.thread_ts).toBe(main?.ts);
    expect(main?.ts).toBeTruthy();
    const asked = t.fake.callsTo("files.getUploadURLExternal");
    expect(asked).toHaveLength(1);
    expect(asked[0]!.body.filename).toBe("arr-at-risk-90-days.png");
    expect(String(asked[0]!.body.alt_txt)).toMatch(
      /^Line chart of ARR at risk in USD from 2026-0\d-\d\d to 2026-11-23 \(\d+ days with health scores\): \$[\d,]+ on 2026-0\d-\d\d, \$[\d,]+ on 2026-11-23, highest \$[\d,]+ on 2026-\d\d-\d\d\. Needs attention \(yellow\): \$[\d,]+ on 2026-11-23\.$/,
    );
    const [file] = filesOf(complete);
    expect(file!.title).toBe("ARR at risk, last 90 days");
    const bytes = t.fake.uploads.get(file!.id)!;
    expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(bytes.length).toBe(Number(asked[0]!.body.length));
    expect(bytes.length).toBeGreaterThan(5_000);
    expect(String(complete.body.initial_comment)).toMatch(
      /^\*📈 ARR at risk over the last 90 days\* \(this week's chart\): \$[\d,]+ on 2026-0\d-\d\d, \$[\d,]+ on 2026-11-23; the highest was/,
    );
  });

  it("adds no chart to Tuesday's digest", async () => {
    await runJob(jobNamed("digest"), t.app.kuroko.jobDeps, { now: tuesday });
    await mainPost(t);
    await drained(t);

    expect(t.fake.callsTo("files.getUploadURLExternal")).toEqual([]);
    expect(t.fake.callsTo("files.completeUploadExternal")).toEqual([]);
  });

  it("adds none when Monday's digest is run again, or run by a second replica", async () => {
    await runJob(jobNamed("digest"), t.app.kuroko.jobDeps, { now: monday, force: true });
    await runJob(jobNamed("digest"), t.app.kuroko.jobDeps, { now: monday, force: true, owner: "replica-2" });
    await drained(t);

    expect(t.fake.callsTo("files.completeUploadExternal")).toEqual([]);
    expect(
      await t.db.prisma.outboxMessage.count({ where: { dedupeKey: { startsWith: "digest-chart:" } } }),
    ).toBe(1);
  });
});

describe("the weekly chart in a Japanese channel", () => {
  const t = useApp({
    now: monday,
    env: { KUROKO_CHANNEL_LOCALE: "ja" },
    seed: async (db) => {
      await seedDemo(db.prisma, { accounts: 200, today, model });
    },
  });

  it("titles and describes the chart in Japanese", async () => {
    await runJob(jobNamed("digest"), t.app.kuroko.jobDeps, { now: monday });
    const complete = await t.fake.waitForCall("files.completeUploadExternal", () => true, 60_000);

    expect(filesOf(complete)[0]!.title).toBe("解約リスクARR（直近90日間）");
    expect(String(t.fake.callsTo("files.getUploadURLExternal")[0]!.body.alt_txt)).toMatch(
      /^2026年\d+月\d+日\(.\)から2026年11月23日\(月\)まで（ヘルススコアのある\d+日分）の解約リスクARR（USD）の折れ線グラフ：.*最大は2026年\d+月\d+日\(.\)の\$[\d,]+。/,
    );
    expect(String(complete.body.initial_comment)).toMatch(
      /^\*📈 直近90日間の解約リスクARR\*（今週のグラフ）：/,
    );
  });
});

describe("no snapshots in the last 90 days", () => {
  const t = useApp({ now: monday });

  it("posts the digest and no chart", async () => {
    const run = await runJob(jobNamed("digest"), t.app.kuroko.jobDeps, { now: monday });
    await mainPost(t);
    await drained(t);

    expect(run.summary).toMatchObject({ chart: false });
    expect(t.fake.callsTo("files.getUploadURLExternal")).toEqual([]);
  });
});
