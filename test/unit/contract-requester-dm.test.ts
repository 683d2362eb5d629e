import { describe, expect, it } from "vitest";
import { parseIntake } from "../../src/contracts/intake-form.js";
import type { RequestDetails } from "../../src/contracts/request.js";
import { DEFAULT_POLICY, DEFAULT_STAGES, requiredSteps } from "../../src/contracts/state.js";
import { buildIntakeModal } from "../../src/contracts/views/intake-modal.js";
import { buildLifecycleDm } from "../../src/contracts/views/lifecycle.js";
import { buildRequesterDm as englishOnlyDm } from "../../src/contracts/views/queue-message.js";
import { buildRequestList } from "../../src/contracts/views/request-list.js";
import {
  buildEditDm,
  buildRequesterDm,
  buildRequesterLifecycleDm,
} from "../../src/contracts/views/requester-dm.js";
import { buildWaitingDm } from "../../src/contracts/views/waiting-dm.js";
import { translator } from "../../src/i18n/index.js";
import { slackLimitViolations, slackViewViolations } from "../../src/slack/limits.js";
import { englishWords } from "../support/english-words.js";

/** The requester's side in the reader's language (views/requester-dm.ts, intake-modal.ts, request-list.ts). */

const JA = translator("ja");
const request: RequestDetails = {
  id: 12,
  number: 1012,
  type: "renewal",
  status: "awaiting_second_approval",
  priority: "normal",
  amount: 18_000_000,
  currency: "JPY",
  termMonths: 12,
  startDate: null,
  endDate: null,
  dueDate: null,
  links: [],
  notes: null,
  requesterId: "U0CSM0001",
  assigneeId: "U0OPS0001",
  approvals: [
    { step: "cs_ops", userId: "U0OPS0001", at: "2026-11-22T08:00:00.000Z" },
    { step: "finance", userId: "U0FIN0001", at: "2026-11-22T08:30:00.000Z" },
  ],
  slaDueAt: new Date("2026-11-27T09:00:00Z"),
  account: { id: 7, name: "株式会社アクメ" },
};
const ACTIONS = [
  "submitted",
  "assigned",
  "approved",
  "approved_step",
  "changes_requested",
  "rejected",
  "resubmitted",
];
const names = ["株式会社アクメ", "CR-1012"];

describe("the requester's DMs", () => {
  it("say in English exactly what they said before", () => {
    for (const action of ACTIONS)
      for (const queueLink of [true, false]) {
        const event = { action, actorId: "U0OPS0002", comment: "Please attach the PO" };
        expect(buildRequesterDm(request, event, { queueLink })).toEqual(
          englishOnlyDm(request, event, { queueLink }),
        );
      }
    const steps = requiredSteps(request, DEFAULT_POLICY);
    const event = { action: "changes_requested", actorId: "U0OPS0002", comment: "Please attach the PO" };
    const waiting = { step: "changes", action: "edit" as const, userIds: [request.requesterId] };
    expect(buildEditDm(request, steps, event)).toEqual(buildWaitingDm(request, steps, waiting, event));
  });

  it("speak Japanese to a Japanese requester, every step", () => {
    for (const action of ACTIONS) {
      const dm = buildRequesterDm(request, { action, actorId: "U0OPS0002" }, { queueLink: true }, JA);
      expect(englishWords(dm, { names }), action).toEqual([]);
      // The permalink is filled in by the outbox: the limits are checked on the unlinked DM.
      expect(
        slackLimitViolations(buildRequesterDm(request, { action, actorId: "U0OPS0002" }, {}, JA)),
      ).toEqual([]);
    }
    const approved = buildRequesterDm(request, { action: "approved", actorId: "U0OPS0002" }, {}, JA);
    expect(approved.text).toBe(
      "*CR-1012* （更新、株式会社アクメ、18,000,000円） は <@U0OPS0001>、<@U0FIN0001> が承認しました。✅",
    );
    const edit = buildEditDm(request, requiredSteps(request, DEFAULT_POLICY), { actorId: "U0OPS0002" }, JA);
    expect(edit.text).toContain("これまでの承認：✅");
  });
});

describe("the requester's life-cycle DMs", () => {
  const signed = {
    ...request,
    status: "approved" as const,
    documentUrl: "https://drive.example.com/signed.pdf",
  };
  const events = [
    {
      action: "withdrawn",
      actorId: "U0CSM0001",
      comment: "お客様が旧条件で署名されました",
      status: "withdrawn" as const,
    },
    { action: "reassigned", actorId: "U0OPS0001", status: "in_review" as const },
    { action: "unassigned", actorId: "U0OPS0001", comment: "U0OPS0001", status: "submitted" as const },
    ...DEFAULT_STAGES.map((s) => ({
      action: `stage:${s.key}`,
      actorId: "U0OPS0001",
      status: "approved" as const,
    })),
  ];

  it("say in English exactly what they said before, and in Japanese to a Japanese requester", () => {
    for (const event of events) {
      expect(buildRequesterLifecycleDm(signed, event)).toEqual(buildLifecycleDm(signed, event));
      const ja = buildRequesterLifecycleDm(signed, event, DEFAULT_STAGES, JA);
      // The stages keep the labels the policy file gives them (the default policy's are English).
      const stageWords = DEFAULT_STAGES.flatMap((s) => s.label.split(/\s+/));
      expect(englishWords(ja, { names, allow: stageWords }), event.action).toEqual([]);
    }
    expect(buildRequesterLifecycleDm(signed, events[0]!, DEFAULT_STAGES, JA).text).toBe(
      "*CR-1012* （更新、株式会社アクメ） を取り下げました。申請キューから外れています。\n> お客様が旧条件で署名されました",
    );
  });
});

describe("the intake modal and the request list", () => {
  it("are in Japanese for a Japanese reader, within Slack's limits", () => {
    const modal = buildIntakeModal(
      {
        accountQuery: { typed: "サミット", matched: "several" },
        type: "cancellation",
        coveredBy: { number: 1001, status: "approved", startDate: new Date("2027-01-06T00:00:00Z") },
      },
      {},
      JA,
    );
    expect(JSON.stringify(modal)).toContain("開始日 2027年1月6日(水)");
    expect(englishWords(modal, { names: ["CR-1001", "USD"] })).toEqual([]);
    expect(slackViewViolations(modal, "modal")).toEqual([]);
    const list = buildRequestList(
      "あなたの契約申請",
      [request],
      new Date("2026-11-28T09:00:00Z"),
      "なし",
      JA,
    );
    expect(JSON.stringify(list)).toContain("18,000,000円 · 二次承認待ち · <@U0OPS0001> ⚠️ 期限超過");
    expect(englishWords(list, { names })).toEqual([]);
  });

  it("says a missing account, a missing amount and an end date before the start in Japanese", () => {
    const result = parseIntake(
      {
        type: { contract_type: { selected_option: { value: "upsell" } } },
        start_date: { start_date: { selected_date: "2027-01-06" } },
        due_date: { due_date: { selected_date: "2026-12-15" } },
      },
      new Date("2026-11-22T00:00:00Z"),
      JA,
    );
    expect(!result.ok && result.errors).toEqual({
      account: "アカウントを選んでください。",
      amount: "アップセルの申請には金額の入力が必要です。",
    });
  });
});
