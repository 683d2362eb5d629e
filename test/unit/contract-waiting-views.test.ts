import { describe, expect, it } from "vitest";
import { approvalPath } from "../../src/contracts/recipients.js";
import type { RequestDetails } from "../../src/contracts/request.js";
import { CS_OPS_STEP, DEFAULT_POLICY, requiredSteps } from "../../src/contracts/state.js";
import {
  buildQueueMessage,
  buildRequesterDm,
  queueButtons,
} from "../../src/contracts/views/queue-message.js";
import { buildReviewModal } from "../../src/contracts/views/review-modal.js";
import { buildWaitingDm, noLongerWaitingLine, withoutButtons } from "../../src/contracts/views/waiting-dm.js";
import { slackLimitViolations, slackViewViolations } from "../../src/slack/limits.js";

const now = new Date("2026-11-22T09:00:00Z");
const KENJI = "U0OPS0001";
const MAYA = "U0OPS0002";
const large: RequestDetails = {
  id: 12,
  number: 1012,
  type: "renewal",
  status: "awaiting_second_approval",
  priority: "normal",
  amount: 264_000,
  currency: "USD",
  termMonths: 12,
  startDate: null,
  endDate: null,
  dueDate: null,
  links: [],
  notes: null,
  requesterId: "U0CSM0001",
  assigneeId: KENJI,
  approvals: [{ step: "cs_ops", userId: KENJI, at: "2026-11-22T08:00:00.000Z" }],
  slaDueAt: new Date("2026-11-27T09:00:00Z"),
  account: { id: 7, name: "Acme <Corp> & Co" },
};
const steps = requiredSteps(large, DEFAULT_POLICY);
const actions = (blocks: readonly object[]) =>
  (blocks as { type: string; elements?: { action_id?: string }[] }[])
    .filter((b) => b.type === "actions")
    .flatMap((b) => (b.elements ?? []).map((e) => e.action_id));

describe("the queue's buttons", () => {
  it("offer Assign to me only while nobody has the request, Review while it waits on CS Ops", () => {
    expect(actions([queueButtons({ ...large, status: "submitted", assigneeId: null }, "b")!])).toEqual([
      "contract_assign",
      "contract_review_open",
    ]);
    expect(actions([queueButtons(large, "b")!])).toEqual(["contract_review_open"]);
    expect(queueButtons({ ...large, status: "approved" }, "b")).toBeUndefined();
    expect(actions(buildQueueMessage({ ...large, status: "rejected" }, steps, now).blocks)).toEqual([]);
  });
});

describe("the DM asking someone to act", () => {
  it("names the request, account, type, amount and who approved so far, with Review", () => {
    const dm = buildWaitingDm(
      large,
      steps,
      { step: "second", action: "review", userIds: [MAYA] },
      { action: "approved_step", actorId: KENJI },
    );

    expect(dm.text).toBe(
      `*CR-1012* (Renewal, Acme &lt;Corp&gt; &amp; Co, $264,000) waits on you: <@${KENJI}> approved it, and the next approval (Second CS Ops approver) can be yours.\nRequested by <@U0CSM0001>.\nApproved so far: ✅ CS Ops: <@${KENJI}>`,
    );
    expect(actions(dm.blocks)).toEqual(["contract_review_open"]);
    expect(slackLimitViolations(dm)).toEqual([]);
  });

  it("asks the requester for changes with Edit and resubmit, quoting the reviewer", () => {
    const dm = buildWaitingDm(
      { ...large, status: "changes_requested", approvals: [] },
      steps,
      { step: "changes", action: "edit", userIds: ["U0CSM0001"] },
      { action: "changes_requested", actorId: KENJI, comment: "Attach the PO" },
    );

    expect(dm.text).toContain(
      "asks for changes to *CR-1012* (Renewal, Acme &lt;Corp&gt; &amp; Co, $264,000)",
    );
    expect(dm.text).toContain("> Attach the PO");
    expect(actions(dm.blocks)).toEqual(["contract_edit"]);
  });

  it("is redrawn without its button once it no longer waits on its reader, its words kept", () => {
    const dm = buildWaitingDm(
      large,
      steps,
      { step: "second", action: "review", userIds: [MAYA] },
      { action: "approved_step", actorId: KENJI },
    );
    const done = { ...large, status: "approved" as const };

    const redrawn = withoutButtons(
      dm,
      noLongerWaitingLine(done, { action: "approved", actorId: MAYA }, MAYA),
    );

    expect(actions(redrawn.blocks)).toEqual([]);
    expect(redrawn.text).toBe(dm.text);
    expect(JSON.stringify(redrawn.blocks.at(-1))).toContain(
      "✅ You approved it: all approvals given: CR-1012 is now *approved*",
    );
  });
});

describe("the requester's DMs", () => {
  it("name every approver and the account in the final one", () => {
    const approved: RequestDetails = {
      ...large,
      status: "approved",
      approvals: [...large.approvals, { step: "second", userId: MAYA, at: "2026-11-22T09:00:00.000Z" }],
    };

    expect(buildRequesterDm(approved, { action: "approved", actorId: MAYA }).text).toBe(
      `*CR-1012* (Renewal, Acme &lt;Corp&gt; &amp; Co, $264,000) is approved by <@${KENJI}> and <@${MAYA}>. ✅`,
    );
  });

  it("name the account at every step", () => {
    for (const action of ["assigned", "approved_step", "rejected", "resubmitted"])
      expect(buildRequesterDm(large, { action, actorId: KENJI }).text).toContain(
        "Acme &lt;Corp&gt; &amp; Co",
      );
  });
});

describe("the review modal's context", () => {
  const account = {
    context: {
      id: 7,
      externalId: "CRM-0007",
      name: "Acme Corp",
      arr: 240_000,
      currency: "USD",
      renewalDate: new Date("2027-01-06T00:00:00Z"),
      ownerSlackId: null,
      score: 45,
      band: "yellow" as const,
      paperwork: [],
    },
    options: { today: new Date("2026-11-22T00:00:00Z") },
  };

  it("shows the health change, the account's other requests and the path, within a modal's limits", () => {
    const members = new Map([["second", [KENJI, MAYA, "U0OPS0003"]]]);
    const context = {
      scoreThen: { score: 92, day: new Date("2026-10-20T00:00:00Z") },
      recent: Array.from({ length: 10 }, (_, i) => ({
        number: 1000 + i,
        type: "upsell" as const,
        status: "approved" as const,
        submittedAt: new Date("2026-10-01T00:00:00Z"),
      })),
      path: approvalPath(large, DEFAULT_POLICY, members),
    };

    const view = buildReviewModal(large, steps, now, { requestId: 12 }, { account, context });

    expect(slackViewViolations(view, "modal")).toEqual([]);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain(
      "*Health*\\n🟡 45/100, needs attention · 📉 down 47 points in 30 days (92 on 2026-10-20)",
    );
    expect(text).toContain("• ✅ CR-1009 Upsell: approved (2026-10-01)");
    expect(text).toContain(`2. ⏳ Second CS Ops approver: <@${MAYA}> or <@U0OPS0003>`);
    expect(text).toMatch(/1\. ✅ CS Ops: <@U0OPS0001>, <!date\^\d+\^/);
  });

  it('labels the comment without contradicting Slack\'s "(optional)", and says when it is needed', () => {
    const view = buildReviewModal(large, [CS_OPS_STEP], now, { requestId: 12 });
    const comment = view.blocks.find((b) => b.block_id === "comment") as {
      label: { text: string };
      hint?: { text: string };
      optional?: boolean;
    };

    expect(comment.label.text).toBe("Comment");
    expect(comment.optional).toBe(true);
    expect(comment.hint?.text).toMatch(/^Required to reject or request changes/);
  });
});
