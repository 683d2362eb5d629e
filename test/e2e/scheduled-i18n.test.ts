import { describe, expect, it, vi } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import { runAlertSweep } from "../../src/alerts/service.js";
import { seedDemo } from "../../src/demo.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { runJob } from "../../src/jobs/runner.js";
import { jobNamed } from "../../src/jobs/schedule.js";
import { runMorning } from "../../src/morning/job.js";
import { runRenewalReminders } from "../../src/renewals/reminders.js";
import { slackLimitViolations } from "../../src/slack/limits.js";
import { addDays } from "../../src/time.js";
import { englishWords } from "../support/english-words.js";
import type { RecordedCall } from "../support/fake-slack.js";
import { useApp } from "../support/harness.js";
import { blockActions, slashCommand, USERS } from "../support/payloads.js";

/**
 * The scheduled posts and DMs in Japanese (issue 15): with KUROKO_CHANNEL_LOCALE=ja the alerts
 * channel (alerts with their reasons, thread lines, the baseline and "N more" summaries), the
 * renewal reminder and the digest are Japanese; answers to a click and `/csops digest` follow the
 * reader; the morning DM follows each recipient, Japanese and English in the same run.
 */

const model = defaultHealthModel();
const today = new Date("2026-11-22T00:00:00Z");
const now = new Date("2026-11-22T06:15:00Z");
const ALERTS = "C0ALERTS01";
/** Demo CSMs: one reads Japanese, one English. */
const JA_CSM = "U0CSM0003";
const EN_CSM = "U0CSM0001";
/** CS Ops: one reads Japanese, one English. */
const JA_OPS = USERS.approver;
const EN_OPS = USERS.secondApprover;

const t = useApp({
  now,
  env: { KUROKO_CHANNEL_LOCALE: "ja" },
  seed: async (db) => {
    await seedDemo(db.prisma, { accounts: 200, today, model });
    // An account entering the 60-day renewal window today.
    await upsertAccounts(
      db.prisma,
      [
        {
          line: 0,
          externalId: "CRM-JA-01",
          name: "株式会社アクメ",
          arr: 18_000_000,
          currency: "JPY",
          renewalDate: addDays(today, 60),
          ownerSlackId: JA_CSM,
        },
      ],
      ["arr", "currency", "renewalDate", "ownerSlackId"],
    );
  },
});

const text = (c: RecordedCall) => JSON.stringify(c.body);
/** What a Japanese reader may see in Latin letters: account names, ids, and the CR- labels. */
let names: string[] = [];
const english = (message: unknown) => englishWords(message, { names, allow: ["CR"] });

async function drained(): Promise<void> {
  await vi.waitFor(
    async () => expect(await t.db.prisma.outboxMessage.count({ where: { status: "pending" } })).toBe(0),
    { timeout: 30_000, interval: 50 },
  );
}

const people = () => {
  t.fake.users.set(JA_CSM, { name: "yuki", realName: "田中 由紀", locale: "ja-JP" });
  t.fake.users.set(EN_CSM, { name: "sam", realName: "Sam Lee", locale: "en-US" });
  t.fake.users.set(JA_OPS, { name: "haruto", realName: "佐藤 陽翔", locale: "ja-JP" });
  t.fake.users.set(EN_OPS, { name: "leo", realName: "Leo Martin", locale: "en-US" });
};

describe("the alerts channel in Japanese (KUROKO_CHANNEL_LOCALE=ja)", () => {
  it("posts the baseline, the alerts with their reasons and the “N more” summary, threads included, with no English word", async () => {
    people();
    names = (await t.db.prisma.account.findMany({ select: { name: true } })).map((a) => a.name);
    const summary = await runAlertSweep(
      { ...t.app.kuroko.wired.alerts, maxPerRun: 5 },
      today,
      addDays(today, 0.26),
    );
    await drained();
    const posts = t.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === ALERTS);
    const top = posts.filter((c) => c.body.thread_ts === undefined);
    const replies = posts.filter((c) => c.body.thread_ts !== undefined);

    expect(summary.raised).toBeGreaterThan(5);
    expect(top).toHaveLength(5);
    // The baseline, then alerts, then "N more".
    expect(String(top[0]!.body.text)).toMatch(/^📋 本日、解約リスクのアカウントが\d+件/);
    expect(String(top.at(-1)!.body.text)).toMatch(/^📋 本日のアラートがほかに\d+件あります/);
    const acme = top.find((c) => text(c).includes("Acme Corp"))!;
    // Acme's reason, from its facts: its 30-day fall and its renewal at risk.
    expect(text(acme)).toContain("30日間でスコアが47ポイント低下しました（92 → 45）");
    expect(text(acme)).toContain("確認済みにする");
    // Its health explanation too, in Japanese (the one recorded is English).
    expect(text(acme)).toMatch(/30日間で−47：利用状況 −\d+/);
    expect(replies.length).toBeGreaterThan(1);
    expect(replies.map(text).join()).toContain("ポイント低下しました");
    for (const post of posts) {
      expect(english(post.body)).toEqual([]);
      expect(slackLimitViolations(post.body)).toEqual([]);
    }
  });

  it("threads the acknowledgement in Japanese, and tells each clicker of a stale click in their own language", async () => {
    const alert = await t.db.prisma.alert.findFirstOrThrow({ where: { account: { name: "Acme Corp" } } });
    const own = await t.db.prisma.outboxMessage.findUniqueOrThrow({
      where: { dedupeKey: `alert:${alert.id}:channel` },
    });
    const click = (user: string, url: string) =>
      t.app.slack.interaction(
        blockActions(
          { action_id: "alert_ack", value: `${alert.id}:${alert.version}` },
          { userId: user, responseUrl: t.fake.responseUrl(url), channel: ALERTS, messageTs: own.ts! },
        ),
      );

    await click(EN_OPS, "first");
    const line = await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.body.channel === ALERTS && c.body.thread_ts !== undefined && text(c).includes(EN_OPS),
    );
    const update = await t.fake.waitForCall("chat.update", (c) => text(c).includes("Acme Corp"));
    // The same click again, by each reader: the message had changed meanwhile.
    await click(JA_OPS, "ja");
    await click(EN_OPS, "en");
    const ja = await t.fake.waitForCall("response_url", (c) => c.body.url === "/response/ja");
    const en = await t.fake.waitForCall("response_url", (c) => c.body.url === "/response/en");

    expect(line.body.text).toBe(`👀 <@${EN_OPS}> さんが確認しました。`);
    expect(text(update)).toContain(`👀 <@${EN_OPS}> さんが対応しています。`);
    expect(text(update)).toMatch(/30日間で−47：利用状況 −\d+/);
    expect(english(update.body)).toEqual([]);
    expect(english(ja.body)).toEqual([]);
    expect(String(ja.body.text)).toContain("このアラートは直前に更新されていました");
    expect(String(en.body.text)).toMatch(/^That alert had just changed/);
  });
});

describe("the renewal reminder and the digest in Japanese", () => {
  it("posts the renewal reminder with no English word", async () => {
    const run = await runRenewalReminders(t.app.kuroko.wired.renewals, today);
    await drained();
    const posts = t.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === "C0RENEW001");

    expect(run.sent).toBeGreaterThan(0);
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.map(text).join()).toContain("更新60日前のリマインド対象");
    expect(posts.map(text).join()).toContain("更新の申請を始める");
    for (const post of posts) expect(english(post.body)).toEqual([]);
  });

  it("posts the digest with no English word", async () => {
    await runJob(jobNamed("digest"), t.app.kuroko.jobDeps, { now });
    await drained();
    const posts = t.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === "C0DIGEST01");

    expect(String(posts[0]!.body.text)).toMatch(/^解約リスク日次ダイジェスト 2026年11月22日\(日\)/);
    for (const post of posts) {
      expect(english(post.body)).toEqual([]);
      expect(slackLimitViolations(post.body)).toEqual([]);
    }
  });

  it("previews /csops digest in each reader's language", async () => {
    for (const [user, url] of [
      [JA_OPS, "digest-ja"],
      [EN_OPS, "digest-en"],
    ] as const)
      await t.app.slack.command(slashCommand("/csops", "digest", t.fake.responseUrl(url), { user_id: user }));
    const ja = await t.fake.waitForCall("response_url", (c) => c.body.url === "/response/digest-ja");
    const en = await t.fake.waitForCall("response_url", (c) => c.body.url === "/response/digest-en");

    expect(english(ja.body)).toEqual([]);
    expect(String(ja.body.text)).toMatch(/^解約リスク日次ダイジェスト/);
    expect(String(en.body.text)).toMatch(/^Daily at-risk digest 2026-11-22: /);
  });

  it("refuses /csops digest to someone who is not an approver in their language", async () => {
    people();
    const refusal = async (user: string) =>
      (await (
        await t.app.slack.command(slashCommand("/csops", "digest", t.fake.responseUrl(), { user_id: user }))
      ).json()) as {
        text: string;
      };
    const ja = await refusal(JA_CSM);
    expect(ja.text).toMatch(/承認者/);
    expect(english(ja)).toEqual([]);
    expect((await refusal(EN_CSM)).text).toBe(
      "Only CS Ops approvers can do that. If you should be one, ask your CS Ops team.",
    );
  });
});

describe("the morning DM, composed per recipient", () => {
  it("is Japanese for a ja-JP owner and English for an en-US owner in the same run", async () => {
    const run = await runMorning(t.app.kuroko.wired.morning, today, now);
    await drained();
    const dm = (user: string) =>
      t.fake
        .callsTo("chat.postMessage")
        .find((c) => c.body.channel === user && c.body.thread_ts === undefined);
    const ja = dm(JA_CSM);
    const en = dm(EN_CSM);

    expect(run.people).toBeGreaterThan(1);
    expect(String(ja?.body.text)).toMatch(/^今日の確認事項：新しいアラート\d+件/);
    expect(text(ja!)).toContain("ポイント低下しました");
    expect(english(ja!.body)).toEqual([]);
    expect(String(en?.body.text)).toMatch(/^Your morning: \d+ new alerts?/);
    expect(text(en!)).toContain("☀️ Your morning");
    expect(text(en!)).toMatch(/score fell \d+ points in \d+ days|renewal at risk|entered the red band/);
  });
});
