import { beforeAll, describe, expect, it } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import { CURRENCIES } from "../../src/contracts/types.js";
import { slackLimitViolations } from "../../src/slack/limits.js";
import { englishWords } from "../support/english-words.js";
import type { RecordedCall } from "../support/fake-slack.js";
import { useApp } from "../support/harness.js";
import { blockActions, intakeValues, slashCommand, USERS, viewSubmission } from "../support/payloads.js";

/**
 * Asking for a contract request in the requester's own language (issue 15): the intake modal,
 * its field errors, the requester's DMs (written for the requester even when an English-speaking
 * approver made the change), editing and /contract status, for a ja-JP and an en-US requester.
 */

const now = new Date("2026-11-22T09:00:00Z");
const JA = "U0JAPAN01";
const EN = "U0ENGLISH1";
const ACCOUNT = "株式会社アクメ";
const t = useApp({
  now,
  seed: async (db) => {
    await upsertAccounts(
      db.prisma,
      [{ line: 0, externalId: "CRM-0101", name: ACCOUNT, domain: "acme.co.jp", currency: "JPY" }],
      ["domain", "currency"],
    );
  },
});

beforeAll(() => {
  t.fake.users.set(JA, { name: "yuki", realName: "田中 由紀", locale: "ja-JP" });
  t.fake.users.set(EN, { name: "leo", realName: "Leo Martin", locale: "en-US" });
  t.fake.users.set(USERS.approver, { name: "maya", locale: "en-US" });
});

const accountId = async () =>
  (await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "CRM-0101" } })).id;

/** What may stay Latin in the modal: the account, the currency codes (ISO codes, as Japanese invoices write them). */
const modalNames = [ACCOUNT, ...CURRENCIES, "JPY"];

interface Modal {
  title: { text: string };
  submit: { text: string };
  blocks: { block_id?: string; label?: { text: string } }[];
}

async function openForm(user: string): Promise<Modal> {
  t.fake.reset();
  const res = await t.app.slack.command(
    slashCommand("/contract", "アクメ", t.fake.responseUrl(), { user_id: user }),
  );
  expect(res.status).toBe(200);
  const open = await t.fake.waitForCall("views.open");
  return open.body.view as Modal;
}

/** A form with mistakes in it: a needed-by date in the past, an amount that is not one, an end before the start, an FTP link. */
async function submitBadForm(user: string): Promise<Record<string, string>> {
  const res = await t.app.slack.interaction(
    viewSubmission(
      "contract_intake",
      intakeValues(await accountId(), {
        amount: { amount: { type: "number_input", value: "abc" } },
        currency: { currency: { type: "static_select", selected_option: { value: "JPY" } } },
        start_date: { start_date: { type: "datepicker", selected_date: "2027-01-06" } },
        end_date: { end_date: { type: "datepicker", selected_date: "2026-12-01" } },
        due_date: { due_date: { type: "datepicker", selected_date: "2026-11-01" } },
        links: { links: { type: "plain_text_input", value: "ftp://files.example.com/po" } },
      }),
      { userId: user, privateMetadata: "{}" },
    ),
  );
  expect(res.status).toBe(200);
  const body = (await res.json()) as { response_action: string; errors: Record<string, string> };
  expect(body.response_action).toBe("errors");
  return body.errors;
}

let starts = 0;

/** A valid renewal; returns the request and the requester's DM saying it was logged. */
async function submitForm(user: string) {
  const start = `2027-0${++starts}-06`;
  const res = await t.app.slack.interaction(
    viewSubmission(
      "contract_intake",
      intakeValues(await accountId(), {
        amount: { amount: { type: "number_input", value: "18000000" } },
        currency: { currency: { type: "static_select", selected_option: { value: "JPY" } } },
        start_date: { start_date: { type: "datepicker", selected_date: start } },
        end_date: { end_date: { type: "datepicker", selected_date: `2028-0${starts}-05` } },
      }),
      { userId: user, privateMetadata: "{}" },
    ),
  );
  expect(res.status).toBe(200);
  const request = await t.db.prisma.contractRequest.findFirstOrThrow({
    where: { requesterId: user },
    orderBy: { id: "desc" },
  });
  const dm = await t.fake.waitForCall("chat.postMessage", (c) => c.body.channel === user);
  return { request, dm, label: `CR-${request.number}` };
}

const decide = (requestId: number, decision: string, comment = "") =>
  t.app.slack.interaction(
    viewSubmission(
      "contract_review",
      {
        decision: { decision: { type: "radio_buttons", selected_option: { value: decision } } },
        comment: { comment: { type: "plain_text_input", value: comment } },
      },
      { userId: USERS.approver, privateMetadata: JSON.stringify({ requestId, version: 0 }) },
    ),
  );

/** The message of a DM as the requester reads it (its text and blocks). */
const message = (call: RecordedCall) => ({ text: call.body.text, blocks: call.body.blocks });
/** Field errors, as texts the checker reads. */
const errorTexts = (errors: Record<string, string>) => Object.values(errors).map((text) => ({ text }));

describe("a ja-JP requester", () => {
  it("gets the intake modal in Japanese, with no English word left", async () => {
    const view = await openForm(JA);
    expect(view.title.text).toBe("契約申請");
    expect(view.submit.text).toBe("申請する");
    const labels = view.blocks.map((b) => b.label?.text);
    expect(labels).toEqual(
      expect.arrayContaining(["アカウント", "申請の種類", "金額", "希望期限", "優先度"]),
    );
    expect(JSON.stringify(view)).toContain(ACCOUNT);
    expect(englishWords(view, { names: modalNames })).toEqual([]);
    expect(slackLimitViolations(view, "modal")).toEqual([]);
    // The checker finds English when there is some: the same form for an English reader.
    expect(englishWords(await openForm(EN), { names: modalNames })).toContain("Needed");
  });

  it("redraws the form in Japanese when the request type changes", async () => {
    await t.app.slack.interaction({
      ...blockActions(
        { action_id: "contract_type", selected_option: { value: "cancellation" } },
        { userId: JA },
      ),
      view: {
        id: "V0INTAKEJA",
        hash: "h1",
        private_metadata: "{}",
        state: {
          values: intakeValues(await accountId(), {
            type: { contract_type: { selected_option: { value: "cancellation" } } },
          }),
        },
      },
    });
    const update = await t.fake.waitForCall("views.update");
    const view = update.body.view as Modal;
    expect(view.blocks.map((b) => b.label?.text)).toContain("終了日");
    expect(englishWords(view, { names: modalNames })).toEqual([]);
  });

  it("says each field error in Japanese", async () => {
    const errors = await submitBadForm(JA);
    expect(errors).toEqual({
      amount: "120000のように、0より大きい金額を入力してください。",
      end_date: "終了日は開始日より後の日付にしてください。",
      due_date: "過去の日付です。2026年11月22日(日)以降の日付を選んでください。",
      links: expect.stringContaining("はウェブページのリンクではありません。"),
    });
    expect(englishWords(errorTexts(errors), { names: ['"ftp://files.example.com/po"'] })).toEqual([]);
    expect(await t.db.prisma.contractRequest.count({ where: { requesterId: JA } })).toBe(0);
  });

  it("is told in Japanese, by DM, at each step, though the approver reads English", async () => {
    const { request, dm, label } = await submitForm(JA);
    const names = [ACCOUNT, label];
    expect(dm.body.text).toMatch(
      new RegExp(`^申請 \\*${label}\\* （更新、${ACCOUNT}）を申請キューに登録しました。`),
    );
    expect(englishWords(message(dm), { names })).toEqual([]);

    // The approver (en-US) sends it back: the requester's DM is in the requester's language.
    t.fake.reset();
    await decide(request.id, "request_changes", "署名済みの注文書を添付してください");
    const back = await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.body.channel === JA && JSON.stringify(c.body).includes("contract_edit"),
    );
    expect(back.body.text).toBe(
      `<@${USERS.approver}> さんから *${label}* （更新、${ACCOUNT}、18,000,000円） が差し戻されました。下のボタンから修正して再申請してください。\n> 署名済みの注文書を添付してください`,
    );
    expect(JSON.stringify(back.body.blocks)).toContain("修正して再申請");
    expect(englishWords(message(back), { names })).toEqual([]);

    // Editing: the form opens in Japanese, and the resubmission is acknowledged in Japanese.
    await t.app.slack.interaction(
      blockActions(
        { action_id: "contract_edit", value: String(request.id) },
        { userId: JA, responseUrl: t.fake.responseUrl() },
      ),
    );
    const edit = (await t.fake.waitForCall("views.open")).body.view as Modal & { private_metadata: string };
    expect(edit.title.text).toBe("申請の修正");
    expect(edit.submit.text).toBe("再申請する");
    expect(englishWords(edit, { names: modalNames })).toEqual([]);
    t.fake.reset();
    const resubmitted = await t.app.slack.interaction(
      viewSubmission(
        "contract_intake",
        intakeValues(await accountId(), {
          amount: { amount: { type: "number_input", value: "18000000" } },
          currency: { currency: { type: "static_select", selected_option: { value: "JPY" } } },
          start_date: { start_date: { type: "datepicker", selected_date: "2027-01-06" } },
        }),
        { userId: JA, privateMetadata: edit.private_metadata },
      ),
    );
    expect(resubmitted.status).toBe(200);
    const again = await t.fake.waitForCall("chat.postMessage", (c) => c.body.channel === JA);
    expect(again.body.text).toContain("を再申請しました。申請キューに戻っています。");
    expect(englishWords(message(again), { names })).toEqual([]);

    // A second click on the edit button, now that it is not waiting for changes: refused in Japanese.
    await t.app.slack.interaction(
      blockActions(
        { action_id: "contract_edit", value: String(request.id) },
        { userId: JA, responseUrl: t.fake.responseUrl() },
      ),
    );
    const refused = await t.fake.waitForCall("response_url");
    expect(refused.body.text).toBe("その申請は現在、修正待ちではありません。");

    // Approved by the English-speaking approver (18,000,000円 needs a second approval): told in Japanese.
    t.fake.reset();
    await decide(request.id, "approve");
    const approved = await t.fake.waitForCall("chat.postMessage", (c) => c.body.channel === JA);
    expect(approved.body.text).toBe(
      `<@${USERS.approver}> が *${label}* （更新、${ACCOUNT}、18,000,000円） を承認しました。承認があと1件必要です。`,
    );
    expect(englishWords(message(approved), { names })).toEqual([]);
  });

  it("is told in Japanese when they withdraw a request", async () => {
    const { request, label } = await submitForm(JA);
    t.fake.reset();
    await t.app.slack.interaction(
      blockActions(
        { action_id: "contract_withdraw_open", value: String(request.id) },
        { userId: JA, responseUrl: t.fake.responseUrl(), channel: "C0QUEUE001", messageTs: "1.1" },
      ),
    );
    const open = await t.fake.waitForCall("views.open");
    const metadata = (open.body.view as { private_metadata: string }).private_metadata;
    t.fake.reset();
    const res = await t.app.slack.interaction(
      viewSubmission(
        "contract_withdraw",
        { reason: { reason: { type: "plain_text_input", value: "お客様が旧条件で署名されました" } } },
        { userId: JA, privateMetadata: metadata },
      ),
    );
    expect(res.status).toBe(200);
    const dm = await t.fake.waitForCall("chat.postMessage", (c) => c.body.channel === JA);
    expect(dm.body.text).toBe(
      `*${label}* （更新、${ACCOUNT}） を取り下げました。申請キューから外れています。\n> お客様が旧条件で署名されました`,
    );
    expect(englishWords(message(dm), { names: [ACCOUNT, label] })).toEqual([]);
  });

  it("lists their requests in Japanese with /contract status", async () => {
    const res = await t.app.slack.command(
      slashCommand("/contract", "status", t.fake.responseUrl(), { user_id: JA }),
    );
    const answer = (await res.json()) as { text: string; blocks: unknown };
    expect(answer.text).toMatch(/^あなたの契約申請：\d+件$/);
    const labels = (await t.db.prisma.contractRequest.findMany({ where: { requesterId: JA } })).map(
      (r) => `CR-${r.number}`,
    );
    expect(JSON.stringify(answer.blocks)).toContain("18,000,000円");
    expect(englishWords(answer, { names: [ACCOUNT, ...labels] })).toEqual([]);
  });
});

describe("an en-US requester", () => {
  it("gets the intake modal, its field errors and the DMs in English, as before", async () => {
    const view = await openForm(EN);
    expect(view.title.text).toBe("Contract request");
    expect(view.blocks.map((b) => b.label?.text)).toEqual(
      expect.arrayContaining(["Account", "Request type", "Amount", "Needed by", "Priority"]),
    );
    const japanese = /[ぁ-んァ-ヶ一-龠]/u;
    expect(JSON.stringify(view).replaceAll(ACCOUNT, "")).not.toMatch(japanese);

    const errors = await submitBadForm(EN);
    expect(errors).toEqual({
      amount: "Enter a positive amount, such as 120000.",
      end_date: "The end date must come after the start date.",
      due_date: "That date has passed: choose 2026-11-22 or later.",
      links: '"ftp://files.example.com/po" is not a web link: use links that start with https://.',
    });

    const { request, dm, label } = await submitForm(EN);
    expect(dm.body.text).toMatch(
      new RegExp(`^Your request \\*${label}\\* \\(Renewal, ${ACCOUNT}\\) is in the CS Ops queue\\.`),
    );
    t.fake.reset();
    await decide(request.id, "reject", "The customer has not agreed to the terms");
    const rejected = await t.fake.waitForCall("chat.postMessage", (c) => c.body.channel === EN);
    expect(rejected.body.text).toContain(
      `*${label}* (Renewal, ${ACCOUNT}, ¥18,000,000) was rejected by <@${USERS.approver}>.`,
    );
    expect(JSON.stringify([dm.body, rejected.body]).replaceAll(ACCOUNT, "")).not.toMatch(japanese);

    const res = await t.app.slack.command(
      slashCommand("/contract", "status", t.fake.responseUrl(), { user_id: EN }),
    );
    const answer = (await res.json()) as { text: string; blocks: unknown };
    expect(answer.text).toBe("Your contract requests: 1");
    expect(JSON.stringify(answer.blocks)).toContain("¥18,000,000 · Rejected");
  });
});
