import { describe, expect, it } from "vitest";
import { coverProblem, parseAwayCommand, replacedBy, standIns } from "../../src/contracts/cover.js";
import { advanceStage, nextStage, reassign, unassign, withdraw } from "../../src/contracts/lifecycle.js";
import {
  DEFAULT_POLICY,
  decide,
  policySchema,
  type RequestState,
  STATUSES,
} from "../../src/contracts/state.js";

const now = new Date("2026-11-22T09:00:00Z");
const KENJI = "U0OPS0001";
const MAYA = "U0OPS0002";
const REQUESTER = "U0CSM0001";
const large: RequestState = {
  type: "renewal",
  amount: 264_000,
  currency: "USD",
  status: "in_review",
  approvals: [],
  requesterId: REQUESTER,
  assigneeId: KENJI,
};
const approve = (state: RequestState, actor: string, onBehalfOf?: string) =>
  decide(state, {
    actor,
    decision: "approve",
    comment: "",
    actorSteps: ["cs_ops", "second"],
    policy: DEFAULT_POLICY,
    now,
    onBehalfOf,
  });
const approvedBy = (userId: string, onBehalfOf?: string): RequestState => ({
  ...large,
  status: "awaiting_second_approval",
  approvals: [{ step: "cs_ops", userId, at: now.toISOString(), ...(onBehalfOf ? { onBehalfOf } : {}) }],
});
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("deciding on behalf of an away approver", () => {
  it("records whom the delegate stood in for, in the approval and the transition", () => {
    const result = approve(large, MAYA, KENJI);

    expect(result).toMatchObject({
      ok: true,
      status: "awaiting_second_approval",
      onBehalfOf: KENJI,
      approvals: [{ userId: MAYA, onBehalfOf: KENJI }],
    });
  });

  it("refuses the second approval to a delegate who gave the first on someone's behalf", () => {
    expect(approve(approvedBy(MAYA, KENJI), MAYA)).toMatchObject({ ok: false, forbidden: true });
  });

  it("refuses the second approval to the person the first was given for", () => {
    expect(approve(approvedBy(MAYA, KENJI), KENJI)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/on your behalf/),
    });
  });

  it("refuses a delegate standing in for the person who gave the first approval", () => {
    expect(approve(approvedBy(KENJI), MAYA, KENJI)).toMatchObject({
      ok: false,
      forbidden: true,
      reason: expect.stringMatching(/person you stand in for/),
    });
  });

  it("refuses a delegate standing in for the requester", () => {
    expect(approve({ ...large, assigneeId: REQUESTER }, MAYA, REQUESTER)).toMatchObject({
      ok: false,
      forbidden: true,
    });
  });

  it("still needs the delegate to hold the step themselves: cover never widens the policy", () => {
    const result = decide(large, {
      actor: MAYA,
      decision: "approve",
      comment: "",
      actorSteps: [],
      policy: DEFAULT_POLICY,
      now,
      onBehalfOf: KENJI,
    });
    expect(result).toMatchObject({ ok: false, forbidden: true });
  });
});

describe("withdrawing", () => {
  it("lets the requester withdraw, with a reason, while nothing is decided", () => {
    expect(withdraw(large, { actor: REQUESTER, reason: " Customer signed the old terms " })).toEqual({
      ok: true,
      action: "withdrawn",
      status: "withdrawn",
      assigneeId: KENJI,
      withdrawnReason: "Customer signed the old terms",
      comment: "Customer signed the old terms",
    });
    expect(STATUSES.withdrawn).toBe("Withdrawn");
  });

  it("refuses anyone but the requester, a missing reason, and a request with an approval", () => {
    expect(withdraw(large, { actor: KENJI, reason: "x" })).toMatchObject({ ok: false, forbidden: true });
    expect(withdraw(large, { actor: REQUESTER, reason: "  " })).toMatchObject({ ok: false, field: "reason" });
    expect(withdraw(approvedBy(KENJI), { actor: REQUESTER, reason: "x" })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/approval already/),
    });
    expect(withdraw({ ...large, status: "rejected" }, { actor: REQUESTER, reason: "x" })).toMatchObject({
      ok: false,
    });
  });
});

describe("reassigning and unassigning", () => {
  it("hands a waiting request to another approver, and refuses a non-approver or the requester", () => {
    expect(
      reassign(
        { ...large, status: "submitted", assigneeId: null },
        { actor: KENJI, to: MAYA, toIsApprover: true },
      ),
    ).toMatchObject({
      ok: true,
      status: "in_review",
      assigneeId: MAYA,
    });
    expect(reassign(large, { actor: KENJI, to: "U0OUT0001", toIsApprover: false })).toMatchObject({
      ok: false,
      field: "assignee",
    });
    expect(reassign(large, { actor: KENJI, to: REQUESTER, toIsApprover: true })).toMatchObject({ ok: false });
    expect(reassign(large, { actor: KENJI, to: KENJI, toIsApprover: true })).toMatchObject({ ok: false });
  });

  it("puts an in-review request back to submitted, unassigned; a second approval's wait stays", () => {
    expect(unassign(large)).toMatchObject({ ok: true, status: "submitted", assigneeId: null });
    expect(unassign(approvedBy(KENJI))).toMatchObject({ ok: true, status: "awaiting_second_approval" });
    expect(unassign({ ...large, assigneeId: null })).toMatchObject({ ok: false });
  });
});

describe("the stages after approval", () => {
  const stages = DEFAULT_POLICY.stages;
  const approved = { ...large, status: "approved" as const, stage: null };

  it("defaults to sent for signature → signed → booked", () => {
    expect(stages.map((s) => s.key)).toEqual(["sent_for_signature", "signed", "booked"]);
    expect(nextStage(stages, null)?.key).toBe("sent_for_signature");
    expect(nextStage(stages, "booked")).toBeUndefined();
  });

  it("moves one stage at a time, and a click on an old button changes nothing", () => {
    expect(advanceStage(approved, { to: "sent_for_signature", stages })).toMatchObject({
      ok: true,
      stage: "sent_for_signature",
      action: "stage:sent_for_signature",
    });
    expect(
      advanceStage({ ...approved, stage: "sent_for_signature" }, { to: "sent_for_signature", stages }),
    ).toMatchObject({
      ok: false,
      reason: "it is at “Sent for signature” already",
    });
    expect(advanceStage({ ...large }, { to: "sent_for_signature", stages })).toMatchObject({ ok: false });
  });

  it("asks for the signed document's link, http(s) only", () => {
    const sent = { ...approved, stage: "sent_for_signature" };
    expect(advanceStage(sent, { to: "signed", stages })).toMatchObject({ ok: false, field: "document_url" });
    expect(advanceStage(sent, { to: "signed", stages, documentUrl: "javascript:alert(1)" })).toMatchObject({
      ok: false,
      field: "document_url",
    });
    expect(
      advanceStage(sent, { to: "signed", stages, documentUrl: `https://x.example/${"a".repeat(1_000)}` }),
    ).toMatchObject({
      ok: false,
      field: "document_url",
    });
    expect(
      advanceStage(sent, { to: "signed", stages, documentUrl: "https://docs.example.com/acme-signed.pdf" }),
    ).toMatchObject({
      ok: true,
      stage: "signed",
      documentUrl: "https://docs.example.com/acme-signed.pdf",
    });
  });

  it("takes the stages from the policy file, whose keys must differ", () => {
    const policy = policySchema.parse({
      rules: [],
      stages: [{ key: "countersigned", label: "Countersigned" }],
    });
    expect(policy.stages).toEqual([{ key: "countersigned", label: "Countersigned", document: false }]);
    expect(
      policySchema.safeParse({
        rules: [],
        stages: [
          { key: "a", label: "A" },
          { key: "a", label: "B" },
        ],
      }).success,
    ).toBe(false);
  });
});

describe("cover", () => {
  const today = day("2026-11-22");

  it("reads /csops away: dates or words, an @-mention, off, and nothing", () => {
    expect(parseAwayCommand("2026-12-24 2027-01-05 <@U0OPS0002|maya>", today)).toEqual({
      kind: "set",
      from: day("2026-12-24"),
      to: day("2027-01-05"),
      delegateId: MAYA,
    });
    expect(parseAwayCommand("today tomorrow", today)).toEqual({
      kind: "set",
      from: today,
      to: day("2026-11-23"),
    });
    expect(parseAwayCommand("", today)).toEqual({ kind: "show" });
    expect(parseAwayCommand("off", today)).toEqual({ kind: "off" });
    expect(parseAwayCommand("2026-12-24 2027-01-05 @maya", today)).toMatchObject({ kind: "error" });
    expect(parseAwayCommand("2026-02-30 2026-03-01", today)).toMatchObject({ kind: "error" });
  });

  it("refuses covering for oneself, an end before the start, and a period already over", () => {
    const base = { userId: KENJI, today };
    expect(coverProblem({ ...base, delegateId: KENJI, from: today, to: today })?.field).toBe("delegate");
    expect(coverProblem({ ...base, from: day("2026-12-02"), to: day("2026-12-01") })?.field).toBe("to");
    expect(coverProblem({ ...base, from: day("2026-11-01"), to: day("2026-11-02") })?.field).toBe("to");
    expect(coverProblem({ ...base, delegateId: MAYA, from: today, to: day("2026-11-30") })).toBeUndefined();
  });

  it("replaces the covers a new one overlaps, and only those", () => {
    const old = [
      { id: 1, startsOn: day("2026-11-20"), endsOn: day("2026-11-25") },
      { id: 2, startsOn: day("2026-12-20"), endsOn: day("2026-12-31") },
    ];
    expect(
      replacedBy(old, { startsOn: day("2026-11-25"), endsOn: day("2026-11-28") }).map((c) => c.id),
    ).toEqual([1]);
  });

  it("says who stands in for whom on a day, both ends included", () => {
    const covers = [
      { id: 1, userId: KENJI, delegateId: MAYA, startsOn: day("2026-11-22"), endsOn: day("2026-11-24") },
      {
        id: 2,
        userId: "U0OPS0003",
        delegateId: null,
        startsOn: day("2026-11-22"),
        endsOn: day("2026-11-24"),
      },
    ];
    expect([...standIns(covers, day("2026-11-24"))]).toEqual([[KENJI, MAYA]]);
    expect(standIns(covers, day("2026-11-25")).size).toBe(0);
  });
});
