import { describe, expect, it } from "vitest";
import {
  type StepMembers,
  touchedBy,
  type WaitSubject,
  waitingOn,
  whoIsAsked,
} from "../../src/contracts/recipients.js";
import { DEFAULT_POLICY, policySchema } from "../../src/contracts/state.js";

const KENJI = "U0OPS0001";
const MAYA = "U0OPS0002";
const LEE = "U0OPS0003";
const CSM = "U0CSM0001";
const at = "2026-11-22T09:00:00.000Z";

/** A $264,000 renewal: the default policy wants CS Ops, then a second CS Ops approver. */
const large: WaitSubject = {
  status: "submitted",
  approvals: [],
  requesterId: CSM,
  assigneeId: null,
  type: "renewal",
  amount: 264_000,
  currency: "USD",
};
const members: StepMembers = new Map([
  ["cs_ops", [KENJI, MAYA, LEE]],
  ["second", [KENJI, MAYA, LEE]],
]);

describe("who a request waits on", () => {
  it("waits on nobody in person while submitted: the queue channel is told", () => {
    expect(waitingOn(large, DEFAULT_POLICY, members)).toBeUndefined();
  });

  it("waits on the assignee while in review", () => {
    expect(waitingOn({ ...large, status: "in_review", assigneeId: KENJI }, DEFAULT_POLICY, members)).toEqual({
      step: "cs_ops",
      action: "review",
      userIds: [KENJI],
    });
  });

  it("waits on everyone who may give the second approval, never the first approver", () => {
    const afterKenji: WaitSubject = {
      ...large,
      status: "awaiting_second_approval",
      assigneeId: KENJI,
      approvals: [{ step: "cs_ops", userId: KENJI, at }],
    };

    expect(waitingOn(afterKenji, DEFAULT_POLICY, members)).toEqual({
      step: "second",
      action: "review",
      userIds: [MAYA, LEE].sort(),
    });
  });

  it("waits on the one who took the second approval, once they took it", () => {
    const taken: WaitSubject = {
      ...large,
      status: "awaiting_second_approval",
      assigneeId: MAYA,
      approvals: [{ step: "cs_ops", userId: KENJI, at }],
    };

    expect(waitingOn(taken, DEFAULT_POLICY, members)?.userIds).toEqual([MAYA]);
  });

  it("leaves out the requester who is an approver, unless the policy allows self-approval", () => {
    const own: WaitSubject = {
      ...large,
      requesterId: MAYA,
      status: "awaiting_second_approval",
      assigneeId: KENJI,
      approvals: [{ step: "cs_ops", userId: KENJI, at }],
    };
    const lenient = policySchema.parse({ ...DEFAULT_POLICY, allowSelfApproval: true });

    expect(waitingOn(own, DEFAULT_POLICY, members)?.userIds).toEqual([LEE]);
    expect(waitingOn(own, lenient, members)?.userIds).toEqual([MAYA, LEE].sort());
  });

  it("waits on the requester, with Edit and resubmit, while changes are requested", () => {
    expect(
      waitingOn({ ...large, status: "changes_requested", assigneeId: KENJI }, DEFAULT_POLICY, members),
    ).toEqual({ step: "changes", action: "edit", userIds: [CSM] });
  });

  it("waits on nobody once decided", () => {
    for (const status of ["approved", "rejected"] as const)
      expect(waitingOn({ ...large, status, assigneeId: KENJI }, DEFAULT_POLICY, members)).toBeUndefined();
  });

  it("asks nobody for a step without members", () => {
    const afterKenji: WaitSubject = {
      ...large,
      status: "awaiting_second_approval",
      assigneeId: KENJI,
      approvals: [{ step: "cs_ops", userId: KENJI, at }],
    };

    expect(waitingOn(afterKenji, DEFAULT_POLICY, new Map())?.userIds).toEqual([]);
  });
});

describe("who is asked, and whose Home a change touches", () => {
  it("asks the people themselves (cover comes here), once each", () => {
    expect(whoIsAsked([MAYA, LEE, MAYA])).toEqual([MAYA, LEE].sort());
  });

  it("touches the requester, both assignees, who it waited on and waits on, and the actor", () => {
    const touched = touchedBy(
      { requesterId: CSM, assigneeId: KENJI },
      { requesterId: CSM, assigneeId: MAYA },
      {
        before: { step: "cs_ops", action: "review", userIds: [KENJI] },
        after: { step: "second", action: "review", userIds: [LEE] },
      },
      "U0OPS0009",
    );

    expect(touched).toEqual([CSM, KENJI, MAYA, LEE, "U0OPS0009"].sort());
  });
});
