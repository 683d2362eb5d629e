import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import { loadApprovalPolicy } from "../../src/contracts/policy-file.js";
import { runJob } from "../../src/jobs/runner.js";
import { jobNamed } from "../../src/jobs/schedule.js";
import { slackLimitViolations } from "../../src/slack/limits.js";
import { englishWords } from "../support/english-words.js";
import { useApp } from "../support/harness.js";
import { blockActions, intakeValues, slashCommand, USERS, viewSubmission } from "../support/payloads.js";

/**
 * The rest of contract requests in each reader's language (issue 15): the escalation and
 * needed-by lines (the queue thread in KUROKO_CHANNEL_LOCALE) and DMs (composed per recipient),
 * the reassign, withdraw and stage modals and their refusals, a stale form, the renewal cover
 * (`/csops away`, its modal, the delegate's DM) and the `/csops queue` refusal. Driven as Slack
 * would: signed requests to the real Bolt app, the fake Slack answering users.info with locales.
 */

/** Friday 20 November 2026, 19:00 in Tokyo; Monday 23 is 勤労感謝の日, a public holiday. */
const FRIDAY_EVENING = new Date("2026-11-20T10:00:00Z");
const QUEUE = "C0QUEUE001";
const KENJI = USERS.approver;
const MAYA = USERS.secondApprover;
const LEAD = "U0LEAD001";
const japanese = /[ぁ-んァ-ヶ一-龠]/u;
/** What may stay Latin: request ids, the account, the policy's own labels, a link typed. */
const names = [
  ...Array.from({ length: 9 }, (_, i) => `CR-${1001 + i}`),
  "Acme Corp",
  "CS Ops",
  "Sent for signature",
  "Signed",
  "notalink",
  "https://drive.example.com/…",
];

const dir = mkdtempSync(join(tmpdir(), "kuroko-contracts-i18n-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const policyPath = join(dir, "policy.yaml");
writeFileSync(
  policyPath,
  [
    "rules: []",
    "escalation:",
    "  - { at: 0.5, notify: assignee }",
    "  - { at: 1, notify: approvers }",
    `  - { at: 1.5, notify: { userIds: [${LEAD}] } }`,
  ].join("\n"),
);

type Lang = "ja" | "en";

/** One workspace: its channel in `lang`, Kenji, Maya and the requester reading `lang`, the lead English. */
function workspace(lang: Lang) {
  const options = {
    now: FRIDAY_EVENING,
    env: {
      KUROKO_TIMEZONE: "Asia/Tokyo",
      KUROKO_HOLIDAYS: "JP",
      KUROKO_LOCALE: "en",
      KUROKO_CHANNEL_LOCALE: lang,
    },
    policy: loadApprovalPolicy(policyPath),
    seed: async (db: Parameters<NonNullable<Parameters<typeof useApp>[0]>["seed"] & object>[0]) => {
      await upsertAccounts(
        db.prisma,
        [{ line: 0, externalId: "CRM-0001", name: "Acme Corp", currency: "USD" }],
        ["currency"],
      );
    },
  };
  const t = useApp(options);
  const slackLocale = lang === "ja" ? "ja-JP" : "en-US";
  beforeAll(() => {
    t.fake.users.set(USERS.csm, { name: "yuki", locale: slackLocale });
    t.fake.users.set(KENJI, { name: "kenji", locale: slackLocale });
    t.fake.users.set(MAYA, { name: "maya", locale: slackLocale });
    t.fake.users.set(USERS.outsider, { name: "taro", locale: slackLocale });
    t.fake.users.set(LEAD, { name: "lead", locale: "en-US" });
  });

  /** In `lang`: Japanese with no English word left, or English with no Japanese. */
  const inLanguage = (message: unknown) => {
    const all = JSON.stringify(message);
    if (lang === "ja") {
      expect(all).toMatch(japanese);
      expect(englishWords(message, { names })).toEqual([]);
    } else expect(all).not.toMatch(japanese);
  };

  async function delivered() {
    const deadline = Date.now() + 5_000;
    while ((await t.db.prisma.outboxMessage.count({ where: { status: "pending" } })) > 0) {
      if (Date.now() > deadline) throw new Error("the outbox did not drain within 5 s");
      t.app.kuroko.outbox.kick();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  let submissions = 0;
  async function submit(type: string, extra: Record<string, Record<string, unknown>> = {}) {
    const account = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "CRM-0001" } });
    const res = await t.app.slack.interaction(
      viewSubmission(
        "contract_intake",
        intakeValues(account.id, {
          type: { contract_type: { type: "static_select", selected_option: { value: type } } },
          start_date: { start_date: { type: "datepicker", selected_date: `2027-0${1 + ++submissions}-06` } },
          ...extra,
        }),
        { userId: USERS.csm, privateMetadata: "{}" },
      ),
    );
    expect(res.status).toBe(200);
    const request = await t.db.prisma.contractRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
    await delivered();
    return request;
  }

  const click = (
    actionId: string,
    value: string | number,
    userId: string,
    responseUrl = t.fake.responseUrl(),
  ) =>
    t.app.slack.interaction(
      blockActions(
        { action_id: actionId, value: String(value) },
        { userId, responseUrl, channel: QUEUE, messageTs: "1.1" },
      ),
    );

  /** A click answered privately: the text Slack was given on its response_url. */
  async function answerTo(actionId: string, value: string | number, userId: string) {
    const name = `${actionId}-${Math.random().toString(36).slice(2)}`;
    await click(actionId, value, userId, t.fake.responseUrl(name));
    const answer = await t.fake.waitForCall("response_url", (c) => c.body.url === `/response/${name}`);
    return String(answer.body.text);
  }

  async function openModal(actionId: string, value: string | number, userId: string, callbackId: string) {
    const before = t.fake.callsTo("views.open").length;
    await click(actionId, value, userId);
    await t.fake.waitForCall("views.open", () =>
      t.fake
        .callsTo("views.open")
        .slice(before)
        .some((c) => (c.body.view as { callback_id: string }).callback_id === callbackId),
    );
    const view = t.fake
      .callsTo("views.open")
      .slice(before)
      .find((c) => (c.body.view as { callback_id: string }).callback_id === callbackId)?.body.view as {
      private_metadata: string;
    };
    expect(slackLimitViolations(view as object, "modal")).toEqual([]);
    return view;
  }

  async function submitForm(
    callbackId: string,
    values: Record<string, unknown>,
    userId: string,
    metadata: string,
  ) {
    const res = await t.app.slack.interaction(
      viewSubmission(callbackId, values as never, { userId, privateMetadata: metadata }),
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    await delivered();
    return text ? (JSON.parse(text) as { response_action?: string; errors?: Record<string, string> }) : {};
  }

  const command = async (userId: string, text: string) =>
    (await (
      await t.app.slack.command(slashCommand("/csops", text, t.fake.responseUrl(), { user_id: userId }))
    ).json()) as { text: string };

  /** What the outbox holds under a dedupe key prefix: [channel, message] in order. */
  async function outbox(prefix: string): Promise<[string, { text: string }][]> {
    const rows = await t.db.prisma.outboxMessage.findMany({
      where: { dedupeKey: { startsWith: prefix } },
      orderBy: { id: "asc" },
    });
    return rows.map((r) => [r.channel, (r.payload as { message: { text: string } }).message]);
  }

  const sla = (at: Date) => {
    options.now = at;
    return runJob(jobNamed("sla"), t.app.kuroko.jobDeps, { now: at, slot: at, force: true });
  };

  return {
    t,
    options,
    inLanguage,
    submit,
    click,
    answerTo,
    openModal,
    submitForm,
    command,
    outbox,
    sla,
    delivered,
  };
}

for (const lang of ["ja", "en"] as const) {
  describe(`KUROKO_CHANNEL_LOCALE=${lang}, readers in ${lang === "ja" ? "ja-JP" : "en-US"}`, () => {
    const w = workspace(lang);

    it("says the needed-by date and each escalation step in the channel's language, and DMs each person in theirs", async () => {
      w.options.now = FRIDAY_EVENING;
      const request = await w.submit("nda", {
        amount: { amount: { type: "number_input", value: null } },
        due_date: { due_date: { type: "datepicker", selected_date: "2026-11-24" } },
      });
      const needed = await w.outbox(`cr:${request.id}:needed-by:`);
      expect(needed.map(([channel]) => channel)).toEqual([QUEUE, USERS.csm]);
      for (const [, message] of needed) w.inLanguage(message);
      if (lang === "en") {
        expect(needed[0]?.[1].text).toMatch(
          /^📅 Needed in 1 business day; the NDA SLA is 2: the answer is due/,
        );
        expect(needed[1]?.[1].text).toContain(
          `*CR-${request.number}* (NDA, Acme Corp) is needed in 1 business day; the NDA SLA is 2. CS Ops now owe an answer by your date:`,
        );
      } else {
        expect(needed[1]?.[1].text).toContain(
          `*CR-${request.number}*（NDA、Acme Corp）は希望期日が1営業日後です。`,
        );
      }

      await w.click("contract_assign", request.id, KENJI);
      await w.delivered();
      // Past every step: each fires once, in the thread and by DM.
      await w.sla(new Date("2026-11-27T10:00:00Z"));
      const fired = await w.outbox(`cr:${request.id}:escalation:`);
      expect(fired.map(([channel]) => channel)).toEqual([QUEUE, KENJI, QUEUE, KENJI, MAYA, QUEUE, LEAD]);
      for (const [channel, message] of fired) {
        // The lead reads English whatever the channel: composed per recipient.
        if (channel === LEAD) expect(JSON.stringify(message)).not.toMatch(japanese);
        else w.inLanguage(message);
      }
      const lead = fired.at(-1)?.[1].text;
      expect(lead).toMatch(
        new RegExp(
          `^⏫ \\*CR-${request.number}\\* \\(NDA, Acme Corp\\) is 2\\.8 business days past its SLA .*You are on its escalation list\\.`,
        ),
      );
      if (lang === "ja") {
        expect(fired[0]?.[1].text).toMatch(
          new RegExp(
            `^⏫ \\*CR-${request.number}\\* NDA · Acme Corp：期限を2\\.8営業日超過（期限 .*）。担当の <@${KENJI}> さん、ご対応をお願いします。$`,
          ),
        );
        expect(fired[2]?.[1].text).toContain(`CS Ops の承認待ちです：<@${KENJI}>、<@${MAYA}>`);
      } else {
        expect(fired[2]?.[1].text).toContain(`Waiting on CS Ops: <@${KENJI}>, <@${MAYA}>.`);
        expect(fired[4]?.[1].text).toContain("It is waiting on the CS Ops approval, which you can give.");
      }
    });

    it("opens the reassign, withdraw and stage modals in the clicker's language, and refuses in it", async () => {
      w.options.now = FRIDAY_EVENING;
      const request = await w.submit("renewal", {
        amount: { amount: { type: "number_input", value: "20000" } },
      });
      await w.click("contract_assign", request.id, KENJI);
      await w.delivered();

      const reassign = await w.openModal("contract_reassign_open", request.id, KENJI, "contract_reassign");
      w.inLanguage(reassign);
      const notApprover = await w.submitForm(
        "contract_reassign",
        { assignee: { assignee: { type: "users_select", selected_user: USERS.outsider } } },
        KENJI,
        reassign.private_metadata,
      );
      w.inLanguage(notApprover.errors);
      const stale = await w.submitForm(
        "contract_reassign",
        { assignee: { assignee: { type: "users_select", selected_user: MAYA } } },
        KENJI,
        "not ours",
      );
      expect(stale.errors?.assignee).toBe(
        lang === "ja"
          ? "このフォームは古くなっています。閉じてから開き直してください。"
          : "This form is out of date: close it and open it again.",
      );

      // Someone outside CS Ops is refused; Kenji may not withdraw Yuki's request.
      w.inLanguage({ text: await w.answerTo("contract_unassign", request.id, USERS.outsider) });
      const notTheirs = await w.answerTo("contract_withdraw_open", request.id, KENJI);
      w.inLanguage({ text: notTheirs });
      if (lang === "en")
        expect(notTheirs).toBe(
          `CR-${request.number} is not withdrawn: only the requester can withdraw it (<@${USERS.csm}>).`,
        );

      const withdraw = await w.openModal(
        "contract_withdraw_open",
        request.id,
        USERS.csm,
        "contract_withdraw",
      );
      w.inLanguage(withdraw);
      const noReason = await w.submitForm(
        "contract_withdraw",
        { reason: { reason: { type: "plain_text_input", value: " " } } },
        USERS.csm,
        withdraw.private_metadata,
      );
      expect(noReason.errors?.reason).toBe(
        lang === "ja" ? "理由を入力してください。承認者に伝わります。" : "Say why: CS Ops are told.",
      );

      // Approved, then the stages: the one that needs the signed document asks for its link.
      await w.submitForm(
        "contract_review",
        {
          decision: { decision: { type: "radio_buttons", selected_option: { value: "approve" } } },
          comment: { comment: { type: "plain_text_input", value: "" } },
        },
        KENJI,
        JSON.stringify({ requestId: request.id }),
      );
      expect(
        (await w.t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: request.id } })).status,
      ).toBe("approved");
      w.inLanguage({ text: await w.answerTo("contract_stage", `${request.id}:signed`, KENJI) });
      w.inLanguage({
        text: await w.answerTo("contract_stage", `${request.id}:sent_for_signature`, USERS.outsider),
      });
      await w.click("contract_stage", `${request.id}:sent_for_signature`, KENJI);
      await w.delivered();
      const document = await w.openModal(
        "contract_stage",
        `${request.id}:signed`,
        KENJI,
        "contract_document",
      );
      w.inLanguage(document);
      if (lang === "en") expect(JSON.stringify(document)).toContain("paste the signed document's link");
      const badLink = await w.submitForm(
        "contract_document",
        { document_url: { document_url: { type: "url_text_input", value: "notalink" } } },
        KENJI,
        document.private_metadata,
      );
      expect(badLink.response_action).toBe("errors");
      w.inLanguage(badLink.errors);
    });

    it("sets, shows and ends a renewal cover in the reader's language, and tells the delegate in theirs", async () => {
      w.options.now = FRIDAY_EVENING;
      const set = await w.command(KENJI, `away 2026-11-24 2026-11-28 <@${MAYA}|maya>`);
      w.inLanguage(set);
      if (lang === "en")
        expect(set.text).toBe(
          `Away from 2026-11-24 to 2026-11-28; <@${MAYA}> covers. Requests assigned to you go to <@${MAYA}> meanwhile; their decisions are recorded on your behalf. \`/csops away off\` ends it.`,
        );
      else expect(set.text).toMatch(/^2026年11月24日\(火\)〜2026年11月28日\(土\) を不在に設定しました。/);
      await w.delivered();
      const [delegate] = await w.outbox("cover:");
      expect(delegate?.[0]).toBe(MAYA);
      w.inLanguage(delegate?.[1]);

      w.inLanguage(await w.command(KENJI, "away"));
      w.inLanguage(await w.command(KENJI, "away someday never"));
      w.inLanguage(await w.command(KENJI, "away off"));
      w.inLanguage(await w.command(KENJI, "away off"));

      const modal = await w.openModal("cover_open", "", KENJI, "cover_set");
      w.inLanguage(modal);
      const backwards = await w.submitForm(
        "cover_set",
        {
          from: { from: { type: "datepicker", selected_date: "2026-11-28" } },
          to: { to: { type: "datepicker", selected_date: "2026-11-24" } },
          delegate: { delegate: { type: "users_select", selected_user: null } },
        },
        KENJI,
        "{}",
      );
      w.inLanguage(backwards.errors);
    });

    it("refuses /csops queue and /csops away to someone outside CS Ops in their language", async () => {
      const queue = await w.command(USERS.outsider, "queue");
      const away = await w.command(USERS.outsider, "away");
      for (const answer of [queue, away]) w.inLanguage(answer);
      if (lang === "en")
        expect(queue.text).toBe(
          "Only CS Ops approvers can do that. If you should be one, ask your CS Ops team.",
        );
    });
  });
}
