import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { upsertAccounts, upsertMetrics } from "../../src/accounts/repository.js";
import { METRIC_NAMES } from "../../src/accounts/rows.js";
import { runAlertSweep } from "../../src/alerts/service.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { runSnapshot } from "../../src/health/snapshot.js";
import { slackLimitViolations } from "../../src/slack/limits.js";
import { addDays } from "../../src/time.js";
import { type RunningApp, startTestApp } from "../support/app.js";
import { openTestDatabase, type TestDatabase } from "../support/database.js";
import { englishWords } from "../support/english-words.js";
import { FakeSlack } from "../support/fake-slack.js";
import { HEALTHY_METRICS } from "../support/metrics.js";
import { blockActions, slashCommand } from "../support/payloads.js";

/** /health for a reader whose Slack locale is ja-JP, and for one whose is en-US (issue 15). */

let db: TestDatabase;
let fake: FakeSlack;
let app: RunningApp;
const now = new Date("2026-11-22T09:00:00Z");
const today = new Date("2026-11-22T00:00:00Z");
const JA = "U0JAPAN01";
const EN = "U0ENGLISH1";
const model = defaultHealthModel();

beforeAll(async () => {
  fake = await new FakeSlack().start();
  fake.users.set(JA, { name: "yuki", realName: "田中 由紀", locale: "ja-JP" });
  fake.users.set(EN, { name: "leo", realName: "Leo Martin", locale: "en-US" });
  db = await openTestDatabase();
  await upsertAccounts(
    db.prisma,
    [
      {
        line: 0,
        externalId: "CRM-0101",
        name: "株式会社アクメ",
        domain: "acme.co.jp",
        arr: 18_000_000,
        currency: "JPY",
        renewalDate: addDays(today, 45),
        ownerSlackId: JA,
      },
      { line: 0, externalId: "CRM-0102", name: "サミット物流" },
      { line: 0, externalId: "CRM-0103", name: "サミット製薬" },
    ],
    ["domain", "arr", "currency", "renewalDate", "ownerSlackId"],
  );
  await upsertMetrics(
    db.prisma,
    [
      { line: 0, externalId: "CRM-0101", date: addDays(today, -30), values: HEALTHY_METRICS },
      {
        line: 0,
        externalId: "CRM-0101",
        date: today,
        values: { ...HEALTHY_METRICS, active_users: 150, p1_tickets_30d: 3 },
      },
    ],
    METRIC_NAMES,
  );
  await runSnapshot(db.prisma, model, addDays(today, -30));
  app = await startTestApp(db, fake, { now });
});
afterAll(async () => {
  await app?.stop();
  await db?.close();
  await fake?.stop();
});
afterEach(() => fake.reset());

interface Answer {
  text: string;
  response_type?: string;
  blocks: { type: string; elements?: { action_id: string; value: string; text?: { text: string } }[] }[];
}

async function health(text: string, user: string): Promise<Answer> {
  const res = await app.slack.command(slashCommand("/health", text, fake.responseUrl(), { user_id: user }));
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}

/** What may stay Latin on a card: the account's ids, the model's name and version. */
const cardNames = ["CRM-0101", model.name, model.version.slice(0, 7)];
const localeLookups = (user: string) =>
  fake.calls.filter((c) => c.method === "users.info" && c.body.user === user).length;

describe("/health in the reader's language", () => {
  it("answers a ja-JP reader in Japanese, with no English word left", async () => {
    const card = await health("アクメ", JA);
    const all = JSON.stringify(card);
    expect(all).toContain("株式会社アクメ");
    expect(all).toContain("18,000,000円");
    expect(all).toContain("2027年1月6日(水)更新（45日後）");
    expect(all).toMatch(/良好|要注意|解約リスク/);
    expect(all).toContain("*変動の要因*");
    const buttons = card.blocks.find((b) => b.type === "actions")!.elements!.map((e) => e.text?.text);
    expect(buttons).toEqual(["チャンネルに共有", "契約申請を登録"]);
    expect(englishWords(card, { names: cardNames })).toEqual([]);
    expect(slackLimitViolations(card)).toEqual([]);
    // The checker finds English when there is some: the same card for an English reader.
    expect(englishWords(await health("アクメ", EN), { names: cardNames })).toContain("healthy");
  });

  it("answers an en-US reader in English, as before", async () => {
    const card = await health("アクメ", EN);
    const all = JSON.stringify(card);
    expect(all).toContain("¥18,000,000 ARR");
    expect(all).toContain("renews 2027-01-06 (in 45 days)");
    expect(all).toContain("Share in channel");
    expect(all.replaceAll("株式会社アクメ", "")).not.toMatch(/[ぁ-んァ-ヶ一-龠]/u);
  });

  it("states the account's alert and why it was raised in the reader's language", async () => {
    await runSnapshot(db.prisma, model, today);
    const swept = await runAlertSweep(app.kuroko.wired.alerts, today, now);
    expect(swept.raised).toBe(1);
    const ja = await health("アクメ", JA);
    expect(JSON.stringify(ja)).toMatch(/ポイント低下しました|解約リスクに入りました|更新リスク/);
    expect(englishWords(ja, { names: cardNames })).toEqual([]);
    const en = JSON.stringify(await health("アクメ", EN));
    expect(en).toMatch(/score fell \d+ points in \d+ days|entered the red band|renewal at risk/);
    expect(en.replaceAll("株式会社アクメ", "")).not.toMatch(/[ぁ-んァ-ヶ一-龠]/u);
    // An alert recorded before causes were kept as facts is stated as it was recorded.
    await db.prisma.alert.updateMany({ data: { details: {}, reason: "recorded long ago" } });
    expect(JSON.stringify(await health("アクメ", JA))).toContain("recorded long ago");
    await db.prisma.alert.deleteMany({});
    await db.prisma.healthSnapshot.deleteMany({ where: { date: today } });
  });

  it("says no match, several matches and how to use it in Japanese", async () => {
    const none = await health("存在しない会社", JA);
    expect(none.text).toBe("「存在しない会社」に一致するアカウントはありません。");
    expect(englishWords(none)).toEqual([]);
    const several = await health("サミット", JA);
    expect(several.text).toBe("「サミット」に一致するアカウントが2件あります。1つ選んでください。");
    expect(englishWords(several, { names: ["CRM-0102", "CRM-0103"] })).toEqual([]);
    const usage = await health("", JA);
    expect(usage.text).toMatch(/^使い方：/);
    expect(englishWords(usage)).toEqual([]);
  });

  it("asks Slack once per reader, not once per message", async () => {
    const reader = "U0JAPAN02";
    fake.users.set(reader, { name: "kenji", locale: "ja-JP" });
    const answers = await Promise.all([health("アクメ", reader), health("アクメ", reader)]);
    answers.push(await health("サミット", reader));
    for (const answer of answers)
      expect(englishWords(answer, { names: [...cardNames, "CRM-0102", "CRM-0103"] })).toEqual([]);
    expect(localeLookups(reader)).toBe(1);
    expect(fake.calls.find((c) => c.body.user === reader)?.body.include_locale).toBe("true");
  });

  it("answers in KUROKO_LOCALE when Slack fails", async () => {
    const reader = "U0JAPAN03";
    fake.users.set(reader, { name: "mai", locale: "ja-JP" });
    fake.fail("users.info", { kind: "error", error: "internal_error" });
    const card = await health("アクメ", reader);
    expect(JSON.stringify(card)).toContain("Share in channel");
    expect(app.logs.join("\n")).toMatch(/Could not read a user's locale from Slack/);
  });

  it("shares the card in the channel's language (KUROKO_CHANNEL_LOCALE), whoever shares it", async () => {
    const card = await health("アクメ", JA);
    const share = card.blocks.find((b) => b.type === "actions")!.elements![0]!;
    const res = await app.slack.interaction(
      blockActions(
        { action_id: share.action_id, value: share.value },
        { userId: JA, responseUrl: fake.responseUrl("share-ja") },
      ),
    );
    expect(res.status).toBe(200);
    const posted = await fake.waitForCall("response_url", (c) => c.body.url === "/response/share-ja");
    expect(posted.body.response_type).toBe("in_channel");
    expect(JSON.stringify(posted.body)).toContain("Shared by <@U0JAPAN01>");
  });
});
