import { describe, expect, it } from "vitest";
import {
  assign,
  DEFAULT_POLICY,
  decide,
  isOverdue,
  policySchema,
  type RequestState,
  requiredSteps,
  resubmit,
} from "../../src/contracts/state.js";

const now = new Date("2026-11-22T09:00:00Z");
const base: RequestState = {
  type: "renewal",
  amount: 20_000,
  currency: "USD",
  status: "submitted",
  approvals: [],
  requesterId: "U0CSM0001",
  assigneeId: null,
};
const csOps = ["cs_ops", "second"];
const approve = (state: RequestState, actor: string) =>
  decide(state, { actor, decision: "approve", comment: "", actorSteps: csOps, policy: DEFAULT_POLICY, now });

describe("the approval policy", () => {
  it("asks CS Ops alone for a small renewal", () => {
    expect(requiredSteps(base, DEFAULT_POLICY).map((s) => s.key)).toEqual(["cs_ops"]);
  });

  it("asks a second approver for a large amount (in its currency) and for any cancellation", () => {
    expect(requiredSteps({ ...base, amount: 50_000 }, DEFAULT_POLICY).map((s) => s.key)).toEqual([
      "cs_ops",
      "second",
    ]);
    expect(requiredSteps({ ...base, amount: 5_000_000, currency: "JPY" }, DEFAULT_POLICY)).toHaveLength(1);
    expect(
      requiredSteps({ ...base, type: "cancellation", amount: null, currency: null }, DEFAULT_POLICY),
    ).toHaveLength(2);
  });
});

describe("decide", () => {
  it("approves a small request with one approval", () => {
    const result = approve(base, "U0OPS0001");

    expect(result).toMatchObject({
      ok: true,
      status: "approved",
      action: "approved",
      assigneeId: "U0OPS0001",
    });
  });

  it("needs two different people for a large request", () => {
    const large = { ...base, amount: 80_000 };
    const first = approve(large, "U0OPS0001");
    if (!first.ok) throw new Error(first.reason);
    const halfway = { ...large, status: first.status, approvals: first.approvals };

    expect(first.status).toBe("awaiting_second_approval");
    expect(approve(halfway, "U0OPS0001")).toEqual({
      ok: false,
      reason: "you approved it already; Second CS Ops approver must be someone else",
      forbidden: true,
    });
    expect(approve(halfway, "U0OPS0002")).toMatchObject({ ok: true, status: "approved" });
  });

  it("refuses an approval step the actor does not belong to", () => {
    const result = decide(
      {
        ...base,
        amount: 80_000,
        status: "awaiting_second_approval",
        approvals: [{ step: "cs_ops", userId: "U0OPS0001", at: "" }],
      },
      {
        actor: "U0OPS0002",
        decision: "approve",
        comment: "",
        actorSteps: ["cs_ops"],
        policy: DEFAULT_POLICY,
        now,
      },
    );

    expect(result).toEqual({
      ok: false,
      reason: "the next approval (Second CS Ops approver) is not yours to give",
      forbidden: true,
    });
  });

  it("requires a comment to reject or to request changes", () => {
    expect(
      decide(base, {
        actor: "U0OPS0001",
        decision: "reject",
        comment: " ",
        actorSteps: csOps,
        policy: DEFAULT_POLICY,
        now,
      }),
    ).toMatchObject({
      ok: false,
    });
    expect(
      decide(base, {
        actor: "U0OPS0001",
        decision: "request_changes",
        comment: "Missing the PO",
        actorSteps: csOps,
        policy: DEFAULT_POLICY,
        now,
      }),
    ).toMatchObject({ ok: true, status: "changes_requested", approvals: [], comment: "Missing the PO" });
  });

  it("refuses a decision other than Approve without a comment, under the review modal's comment field", () => {
    const refusals = (["reject", "request_changes"] as const).map((decision) =>
      decide(base, {
        actor: "U0OPS0001",
        decision,
        comment: "  ",
        actorSteps: csOps,
        policy: DEFAULT_POLICY,
        now,
      }),
    );

    for (const refusal of refusals)
      expect(refusal).toEqual({
        ok: false,
        reason: "Say why: the comment goes to the requester.",
        field: "comment",
      });
  });

  it("refuses to decide a request that has already moved on", () => {
    expect(approve({ ...base, status: "approved" }, "U0OPS0002")).toEqual({
      ok: false,
      reason: "it has already moved on: it is approved",
    });
  });
});

describe("assign and resubmit", () => {
  it("puts a submitted request in review with its assignee", () => {
    expect(assign(base, "U0OPS0001")).toMatchObject({
      ok: true,
      status: "in_review",
      assigneeId: "U0OPS0001",
    });
    expect(assign({ ...base, status: "rejected" }, "U0OPS0001").ok).toBe(false);
  });

  it("does not let a stale Assign to me take a request someone else has; Reassign does that", () => {
    const taken: RequestState = { ...base, status: "in_review", assigneeId: "U0OPS0003" };

    expect(assign(taken, "U0OPS0002")).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/<@U0OPS0003> has it already; Reassign/),
    });
    // Awaiting the second approval, the first approver cannot give it: an eligible approver takes it.
    const second: RequestState = {
      ...base,
      status: "awaiting_second_approval",
      assigneeId: "U0OPS0003",
      approvals: [{ step: "cs_ops", userId: "U0OPS0003", at: "2026-11-22T00:00:00.000Z" }],
    };
    expect(assign(second, "U0OPS0002")).toMatchObject({ ok: true, assigneeId: "U0OPS0002" });
  });

  it("lets only the requester resubmit, and clears earlier approvals", () => {
    const sentBack: RequestState = { ...base, status: "changes_requested", assigneeId: "U0OPS0001" };

    expect(resubmit(sentBack, "U0OPS0001").ok).toBe(false);
    expect(resubmit(sentBack, "U0CSM0001")).toMatchObject({ ok: true, status: "in_review", approvals: [] });
  });
});

describe("isOverdue", () => {
  it("counts only requests waiting on CS Ops", () => {
    const past = new Date("2026-11-20T00:00:00Z");

    expect(isOverdue("in_review", past, now)).toBe(true);
    expect(isOverdue("changes_requested", past, now)).toBe(false);
    expect(isOverdue("approved", past, now)).toBe(false);
  });
});

describe("separation of duties", () => {
  const own = { ...base, requesterId: "U0OPS0001" };

  it("refuses the requester's approval of their own request, even when they are an approver", () => {
    expect(approve(own, "U0OPS0001")).toEqual({
      ok: false,
      reason: "you asked for it, so another CS Ops approver must approve it",
      forbidden: true,
    });
    expect(approve(own, "U0OPS0002")).toMatchObject({ ok: true, status: "approved" });
  });

  it("refuses the requester either step of a two-step request", () => {
    const large = { ...own, amount: 80_000 };
    const first = approve(large, "U0OPS0002");
    if (!first.ok) throw new Error(first.reason);
    const halfway = { ...large, status: first.status, approvals: first.approvals };

    expect(approve(large, "U0OPS0001")).toMatchObject({ ok: false, forbidden: true });
    expect(approve(halfway, "U0OPS0001")).toMatchObject({ ok: false, forbidden: true });
    expect(approve(halfway, "U0OPS0003")).toMatchObject({ ok: true, status: "approved" });
  });

  it("lets a policy allow self-approval, for one step only", () => {
    const policy = policySchema.parse({ allowSelfApproval: true, rules: DEFAULT_POLICY.rules });
    const large = { ...own, amount: 80_000 };
    const first = decide(large, {
      actor: "U0OPS0001",
      decision: "approve",
      comment: "",
      actorSteps: csOps,
      policy,
      now,
    });
    if (!first.ok) throw new Error(first.reason);
    const second = decide(
      { ...large, status: first.status, approvals: first.approvals },
      { actor: "U0OPS0001", decision: "approve", comment: "", actorSteps: csOps, policy, now },
    );

    expect(first.status).toBe("awaiting_second_approval");
    expect(second).toMatchObject({ ok: false, forbidden: true });
    expect(DEFAULT_POLICY.allowSelfApproval).toBe(false);
    expect(policySchema.parse({ rules: [] }).allowSelfApproval).toBe(false);
  });

  it("lets the requester withdraw (reject) their own request", () => {
    expect(
      decide(own, {
        actor: "U0OPS0001",
        decision: "reject",
        comment: "Logged twice",
        actorSteps: csOps,
        policy: DEFAULT_POLICY,
        now,
      }),
    ).toMatchObject({ ok: true, status: "rejected" });
  });
});
