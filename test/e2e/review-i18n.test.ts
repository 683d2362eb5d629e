import { beforeAll, describe, expect, it } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import { slackLimitViolations } from "../../src/slack/limits.js";
import { addDays, isoDay } from "../../src/time.js";
import { englishWords } from "../support/english-words.js";
import type { RecordedCall } from "../support/fake-slack.js";
import { useApp } from "../support/harness.js";
import { blockActions, intakeValues, USERS, viewSubmission } from "../support/payloads.js";

/**
 * Deciding a contract request in each reader's language (issue 15): the review modal and its
 * refusals in the approver's Slack locale, the DM asking the next approver in theirs, the queue
 * message and its thread in KUROKO_CHANNEL_LOCALE. Driven as Slack would: signed requests to the
 * real Bolt app, the fake Slack answering users.info with each person's locale.
 */

const now = new Date("2026-11-22T09:00:00Z");
const QUEUE = "C0QUEUE001";
const KENJI = USERS.approver;
const MAYA = USERS.secondApprover;
/** What may stay Latin: request ids, the account's name and the default policy's step labels (the team's own words). */
const names = [
  ...Array.from({ length: 9 }, (_, i) => `CR-${1001 + i}`),
  "Acme Corp",
  "Second CS Ops approver",
  "CS Ops",
];
const japanese = /[ぁ-んァ-ヶ一-龠]/u;

const seed = async (db: { prisma: Parameters<typeof upsertAccounts>[0] }) => {
  await upsertAccounts(
    db.prisma,
    [{ line: 0, externalId: "CRM-0001", name: "Acme Corp", domain: "acme.com", currency: "USD" }],
    ["domain", "currency"],
  );
};

/** The same flows against one app: submit, open Review, decide; what Slack was sent. */
function flows(t: ReturnType<typeof useApp>) {
  let submissions = 0;

  async function delivered() {
    const deadline = Date.now() + 5_000;
    while ((await t.db.prisma.outboxMessage.count({ where: { status: "pending" } })) > 0) {
      if (Date.now() > deadline) throw new Error("the outbox did not drain within 5 s");
      t.app.kuroko.outbox.kick();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function submit(userId: string = USERS.csm, amount = "264000") {
    const account = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "CRM-0001" } });
    const start = isoDay(addDays(new Date("2027-01-06T00:00:00Z"), 20 * ++submissions));
    const res = await t.app.slack.interaction(
      viewSubmission(
        "contract_intake",
        intakeValues(account.id, {
          amount: { amount: { type: "number_input", value: amount } },
          start_date: { start_date: { type: "datepicker", selected_date: start } },
        }),
        { userId, privateMetadata: "{}" },
      ),
    );
    expect(res.status).toBe(200);
    const request = await t.db.prisma.contractRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
    await delivered();
    return request;
  }

  const click = (actionId: string, requestId: number, userId: string, responseUrl = t.fake.responseUrl()) =>
    t.app.slack.interaction(
      blockActions(
        { action_id: actionId, value: String(requestId) },
        { userId, responseUrl, channel: QUEUE, messageTs: "1.1" },
      ),
    );

  /** Review clicked: the modal Slack was asked to open. */
  async function openReview(requestId: number, userId: string) {
    const before = t.fake.callsTo("views.open").length;
    expect((await click("contract_review_open", requestId, userId)).status).toBe(200);
    const open = await t.fake.waitForCall("views.open", () => t.fake.callsTo("views.open").length > before);
    return t.fake.callsTo("views.open").at(-1)!.body.view ?? open.body.view;
  }

  async function decide(requestId: number, userId: string, decision: string, comment = "") {
    const res = await t.app.slack.interaction(
      viewSubmission(
        "contract_review",
        {
          decision: { decision: { type: "radio_buttons", selected_option: { value: decision } } },
          comment: { comment: { type: "plain_text_input", value: comment } },
        },
        { userId, privateMetadata: JSON.stringify({ requestId, version: 0 }) },
      ),
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    await delivered();
    return text ? (JSON.parse(text) as { response_action?: string; errors?: Record<string, string> }) : {};
  }

  const queueMessage = (number: number) =>
    t.fake.calls
      .filter(
        (c) =>
          (c.method === "chat.postMessage" || c.method === "chat.update") &&
          c.body.channel === QUEUE &&
          c.body.thread_ts === undefined &&
          JSON.stringify(c.body).includes(`CR-${number}`),
      )
      .at(-1);
  const threadLines = () =>
    t.fake
      .callsTo("chat.postMessage")
      .filter((c) => c.body.channel === QUEUE && c.body.thread_ts !== undefined);
  const dmsTo = (user: string, number: number) =>
    t.fake
      .callsTo("chat.postMessage")
      .filter((c) => c.body.channel === user && String(c.body.text).includes(`CR-${number}`));

  return { submit, click, openReview, decide, queueMessage, threadLines, dmsTo, delivered };
}

const body = (call: RecordedCall | undefined): unknown => call?.body;

describe("a Japanese workspace: ja-JP approvers, KUROKO_CHANNEL_LOCALE=ja", () => {
  const t = useApp({ now, env: { KUROKO_LOCALE: "en", KUROKO_CHANNEL_LOCALE: "ja" }, seed });
  const f = flows(t);
  beforeAll(() => {
    t.fake.users.set(USERS.csm, { name: "yuki", locale: "ja-JP" });
    t.fake.users.set(KENJI, { name: "kenji", locale: "ja-JP" });
    t.fake.users.set(MAYA, { name: "maya", locale: "ja-JP" });
    t.fake.users.set(USERS.outsider, { name: "taro", locale: "ja-JP" });
  });

  it("opens the review modal in Japanese, decides, and asks the second approver in Japanese", async () => {
    const request = await f.submit();

    // The queue message, in the channel's language.
    const queued = body(f.queueMessage(request.number));
    expect(JSON.stringify(queued)).toContain("申請済み");
    expect(englishWords(queued, { names })).toEqual([]);

    const view = await f.openReview(request.id, KENJI);
    const all = JSON.stringify(view);
    expect(all).toContain(`CR-${request.number} の承認`);
    expect(all).toContain("承認する");
    expect(all).toContain("差し戻す");
    expect(all).toContain("却下する");
    expect(all).toContain("*承認ルート*");
    expect(englishWords(view, { names })).toEqual([]);
    expect(slackLimitViolations(view as { blocks?: unknown }, "modal")).toEqual([]);

    // A rejection without a comment is refused under the comment, in Japanese.
    const refused = await f.decide(request.id, KENJI, "reject");
    expect(refused.response_action).toBe("errors");
    expect(refused.errors?.comment).toBe("理由を入力してください。コメントは依頼者に届きます。");

    expect(await f.decide(request.id, KENJI, "approve")).toEqual({});
    const line = f.threadLines().find((c) => String(c.body.text).includes(`<@${KENJI}>`));
    expect(String(line?.body.text)).toBe(
      `<@${KENJI}> が承認しました。もう一段階の承認が必要です → *二次承認待ち*`,
    );
    expect(englishWords(f.queueMessage(request.number)?.body, { names })).toEqual([]);

    // Maya is asked by DM, in her language, with a Japanese button.
    const [dm, ...more] = f.dmsTo(MAYA, request.number);
    expect(more).toEqual([]);
    expect(String(dm?.body.text)).toMatch(
      new RegExp(`^\\*CR-${request.number}\\*（更新、Acme Corp、\\$264,000）があなたの承認を待っています。`),
    );
    expect(englishWords(dm?.body, { names })).toEqual([]);

    // Maya approves: the request is approved, and the thread says so in Japanese.
    const review = await f.openReview(request.id, MAYA);
    expect(englishWords(review, { names })).toEqual([]);
    expect(await f.decide(request.id, MAYA, "approve")).toEqual({});
    expect(f.threadLines().map((c) => String(c.body.text))).toContain(
      `<@${MAYA}> が承認しました。必要な承認がすべてそろいました → *承認済み*`,
    );
    for (const thread of f.threadLines()) expect(englishWords(thread.body, { names })).toEqual([]);
  });

  it("says why an approver may not approve their own request, and refuses outsiders, in Japanese", async () => {
    const own = await f.submit(KENJI, "20000");
    const view = await f.openReview(own.id, KENJI);
    expect(JSON.stringify(view)).toContain(
      "この申請は承認できません：ご自身の申請のため、別の承認者の承認が必要です。",
    );
    expect(JSON.stringify(view)).not.toContain("承認する");
    expect(englishWords(view, { names })).toEqual([]);
    const forced = await f.decide(own.id, KENJI, "approve");
    expect(forced.errors?.decision).toBe(
      "記録できませんでした：ご自身の申請のため、別の承認者の承認が必要です。",
    );

    await f.click("contract_review_open", own.id, USERS.outsider, t.fake.responseUrl("refused"));
    const answer = await t.fake.waitForCall("response_url", (c) => c.body.url === "/response/refused");
    expect(String(answer.body.text)).toMatch(/^この操作は契約申請の承認者のみが行えます。/);
  });
});

describe("an English workspace: en-US approvers, KUROKO_CHANNEL_LOCALE=en", () => {
  const t = useApp({ now, env: { KUROKO_LOCALE: "ja", KUROKO_CHANNEL_LOCALE: "en" }, seed });
  const f = flows(t);
  beforeAll(() => {
    t.fake.users.set(USERS.csm, { name: "leo", locale: "en-US" });
    t.fake.users.set(KENJI, { name: "kenji", locale: "en-US" });
    t.fake.users.set(MAYA, { name: "maya", locale: "en-GB" });
  });

  it("stays English: the modal, the refusal, the thread, the second approver's DM", async () => {
    const request = await f.submit();
    const queued = JSON.stringify(body(f.queueMessage(request.number)));
    expect(queued).toContain(`CR-${request.number} · Renewal · Acme Corp`);
    expect(queued).not.toMatch(japanese);

    const view = await f.openReview(request.id, KENJI);
    const all = JSON.stringify(view);
    expect(all).toContain(`Review CR-${request.number}`);
    expect(all).toContain("Request changes");
    expect(all).toContain("*Approval path*");
    expect(all).not.toMatch(japanese);

    const refused = await f.decide(request.id, KENJI, "reject");
    expect(refused.errors?.comment).toBe("Say why: the comment goes to the requester.");
    expect(await f.decide(request.id, KENJI, "approve")).toEqual({});
    expect(f.threadLines().map((c) => String(c.body.text))).toContain(
      `<@${KENJI}> approved it; another approval is still needed → *Awaiting second approval*`,
    );
    const [dm] = f.dmsTo(MAYA, request.number);
    expect(String(dm?.body.text)).toMatch(
      new RegExp(
        `^\\*CR-${request.number}\\* \\(Renewal, Acme Corp, \\$264,000\\) waits on you: <@${KENJI}> approved it`,
      ),
    );
    for (const call of [...f.threadLines(), dm!, f.queueMessage(request.number)!])
      expect(JSON.stringify(call.body)).not.toMatch(japanese);
  });
});
