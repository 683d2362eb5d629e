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
import { appHomeOpened, intakeValues, slashCommand, viewSubmission } from "../support/payloads.js";

/** App Home, /csops' own answers and the failure apology in each reader's language (issue 15). */

let db: TestDatabase;
let fake: FakeSlack;
let app: RunningApp;
const now = new Date("2026-11-22T09:00:00Z");
const today = new Date("2026-11-22T00:00:00Z");
/** Both CS Ops approvers (CS_OPS_APPROVER_IDS in the test config): one reads Japanese, one English. */
const JA = "U0OPS0001";
const EN = "U0OPS0002";
const model = defaultHealthModel();
const JAPANESE = /[ぁ-んァ-ヶ一-龠]/u;

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
        arr: 18_000_000,
        currency: "JPY",
        renewalDate: addDays(today, 45),
        ownerSlackId: JA,
      },
      {
        line: 0,
        externalId: "CRM-0102",
        name: "Globex Corp",
        arr: 240_000,
        currency: "USD",
        renewalDate: addDays(today, 30),
        ownerSlackId: EN,
      },
    ],
    ["arr", "currency", "renewalDate", "ownerSlackId"],
  );
  // Both were thriving a month ago and fell since: each is alerted when the sweep runs.
  const declined = { ...HEALTHY_METRICS, active_users: 150, p1_tickets_30d: 3 };
  await upsertMetrics(
    db.prisma,
    ["CRM-0101", "CRM-0102"].flatMap((externalId) => [
      { line: 0, externalId, date: addDays(today, -30), values: HEALTHY_METRICS },
      { line: 0, externalId, date: today, values: declined },
    ]),
    METRIC_NAMES,
  );
  await runSnapshot(db.prisma, model, addDays(today, -30));
  await runSnapshot(db.prisma, model, today);
  app = await startTestApp(db, fake, { now });
  const swept = await runAlertSweep(app.kuroko.wired.alerts, today, now);
  expect(swept.raised).toBe(2);
});
afterAll(async () => {
  await app?.stop();
  await db?.close();
  await fake?.stop();
});
afterEach(() => fake.reset());

type HomeView = { blocks: { type: string; text?: { text: string }; fields?: { text: string }[] }[] };

const published = async (user: string, after = 0): Promise<HomeView> => {
  const call = await fake.waitForCall(
    "views.publish",
    (c) => c.body.user_id === user && fake.callsTo("views.publish").indexOf(c) >= after,
  );
  return call.body.view as HomeView;
};
const openHome = async (user: string): Promise<HomeView> => {
  const before = fake.callsTo("views.publish").length;
  await app.slack.event(appHomeOpened(user));
  return published(user, before);
};
const accountId = async (name: string) => (await db.prisma.account.findFirstOrThrow({ where: { name } })).id;
/** What may stay Latin on Home: account names, CRM ids, request numbers. */
const names = async () => [
  "Globex Corp",
  "CRM-0101",
  "CRM-0102",
  ...(await db.prisma.contractRequest.findMany()).map((r) => `CR-${r.number}`),
];

const submit = async (account: string, user: string) =>
  app.slack.interaction(
    viewSubmission("contract_intake", intakeValues(await accountId(account)), { userId: user }),
  );

describe("App Home in the reader's language", () => {
  it("is redrawn for each reader in their own language, whoever's request touched it", async () => {
    // Each approver asks for paperwork on the other's account: both approvers' Homes are redrawn.
    await submit("Globex Corp", JA);
    const en = JSON.stringify(await published(EN));
    expect(en).toContain("Waiting on you");
    expect(en.replaceAll("株式会社アクメ", "")).not.toMatch(JAPANESE);
    const before = fake.callsTo("views.publish").length;
    await submit("株式会社アクメ", EN);
    // Leo's request redrew Yuki's Home: in her Japanese, not in Leo's English.
    const ja = await published(JA, before);
    expect(JSON.stringify(ja)).toContain("あなたの対応待ち");
    expect(englishWords(ja, { names: await names() })).toEqual([]);
    expect(await db.prisma.contractRequest.count()).toBe(2);
  });

  it("shows a ja-JP reader accounts, alerts, paperwork, dates and money in Japanese, no English word left", async () => {
    const view = await openHome(JA);
    expect(slackLimitViolations(view, "home")).toEqual([]);
    const all = JSON.stringify(view);
    expect(all).toContain("Kuroko：CS Ops の裏方");
    expect(all).toContain("*アラートの重大度が高いアカウント*");
    // The alert's reason from its facts, in Japanese; the context line with yen and a Japanese day.
    expect(all).toMatch(/ポイント低下しました|解約リスクに入りました|更新リスク/);
    // One open alert is not counted aloud.
    expect(all).not.toContain("未解決のアラート 1件");
    expect(all).toContain("💰 ARR 18,000,000円");
    expect(all).toContain("2027年1月6日(水)更新（45日後）");
    // Paperwork: Leo's renewal on Acme is open, Yuki's own request can be withdrawn.
    expect(all).toMatch(/📝 CR-\d+ 更新：申請済み/);
    expect(all).toContain("*進行中の契約申請*");
    expect(all).toContain("取り下げる…");
    expect(all).toContain("自分が担当する");
    expect(all).toContain("不在・代理の設定…");
    expect(englishWords(view, { names: await names() })).toEqual([]);
    // The checker finds English when there is some: the same Home for an English reader.
    expect(englishWords(await openHome(EN), { names: await names() })).toContain("Portfolio");
  });

  it("shows an en-US reader the same Home in English", async () => {
    const view = await openHome(EN);
    expect(slackLimitViolations(view, "home")).toEqual([]);
    const all = JSON.stringify(view);
    expect(all).toContain("Kuroko: CS Ops, backstage");
    expect(all).toContain("*Top accounts by alert severity*");
    expect(all).toMatch(/score fell \d+ points in \d+ days|entered the red band|renewal at risk/);
    expect(all).toContain("💰 $240,000 ARR");
    expect(all).toContain("renews 2026-12-22 (in 30 days)");
    expect(all).toMatch(/📝 CR-\d+ Renewal: submitted/);
    expect(all).toContain("Withdraw…");
    expect(all).toContain("Assign to me");
    expect(all.replaceAll("株式会社アクメ", "")).not.toMatch(JAPANESE);
  });
});

describe("/csops' own answers and the failure apology in the reader's language", () => {
  const csops = async (text: string, user: string) => {
    const res = await app.slack.command(slashCommand("/csops", text, fake.responseUrl(), { user_id: user }));
    expect(res.status).toBe(200);
    return String(((await res.json()) as { text: string }).text);
  };

  it("gives /csops' usage, and says so for a sub-command it does not know", async () => {
    expect(await csops("", JA)).toMatch(/^使い方：`\/csops/);
    expect(await csops("help", JA)).toMatch(/^使い方：/);
    const unknown = await csops("frobnicate", JA);
    expect(unknown).toMatch(/^`\/csops frobnicate` というコマンドはありません。使い方：/);
    // Every sub-command's usage line in the reader's language too (inline code aside).
    expect(englishWords({ text: await csops("help", JA) })).toEqual([]);
    expect(englishWords({ text: await csops("away 2026-12-24", JA) })).toEqual([]);
    expect(await csops("away 2026-12-24", EN)).toMatch(/^Usage: `\/csops away 2026-12-24 2027-01-05 @maya`/);
    expect(await csops("", EN)).toMatch(/^Usage: `\/csops/);
    expect(await csops("frobnicate", EN)).toMatch(
      /^`\/csops frobnicate` is not a command Kuroko knows\. Usage: `\/csops/,
    );
  });

  it("apologises for a failure in the reader's language as known (their Homes were drawn)", async () => {
    await db.prisma.$executeRawUnsafe("ALTER TABLE contract_requests RENAME TO contract_requests_away");
    try {
      const apology = async (user: string) => {
        await app.slack.command(
          slashCommand("/contract", "status", fake.responseUrl(`failed-${user}`), { user_id: user }),
        );
        const call = await fake.waitForCall("response_url", (c) => c.body.url === `/response/failed-${user}`);
        expect(call.body.response_type).toBe("ephemeral");
        return { text: String(call.body.text) };
      };
      const ja = await apology(JA);
      expect(ja.text).toMatch(/^⚠️ 申し訳ありません。/);
      expect(englishWords(ja)).toEqual([]);
      expect((await apology(EN)).text).toMatch(/^:warning: Sorry: Kuroko could not do that just now/);
    } finally {
      await db.prisma.$executeRawUnsafe("ALTER TABLE contract_requests_away RENAME TO contract_requests");
    }
  });
});
