import {
  type Approval,
  type ApprovalPolicy,
  type ApprovalStep,
  pendingSteps,
  type RequestState,
  requiredSteps,
} from "./state.js";

/**
 * Who a request is waiting on, at each state: the one place that says it (pure). The DMs
 * (announce.ts), App Home's and `/csops queue`'s "Waiting on you" all ask here.
 *
 * - submitted: nobody in person. The queue channel is told (its message carries *Assign to me*),
 *   and every approver's Home and `/csops queue` list it as unassigned: DMing every approver for
 *   every request would teach them to ignore Kuroko's DMs.
 * - in_review: the assignee.
 * - awaiting_second_approval (any later step): whoever may give the next step: its members, minus
 *   whoever approved an earlier step, minus the requester (unless the policy allows self-approval
 *   and they have not approved yet). If the assignee is one of them, the assignee alone (they took it).
 * - changes_requested: the requester (*Edit and resubmit*).
 * - approved, rejected: nobody.
 */

/** What a request waits for from the people it waits on. */
export interface Waiting {
  /** The step waited for: an approval step's key, or "changes" (the requester's edit). */
  step: string;
  /** The one button that fits: Review (an approval), Edit and resubmit (changes). */
  action: "review" | "edit";
  /** Who is asked, sorted, without duplicates (possibly none: a step nobody may give). */
  userIds: string[];
}

/** A request as waitingOn reads it. */
export type WaitSubject = Pick<
  RequestState,
  "status" | "approvals" | "requesterId" | "assigneeId" | "type" | "amount" | "currency"
>;

/** The members of each approval step, by step key, as the resolver read them (waiting.ts). */
export type StepMembers = ReadonlyMap<string, readonly string[]>;

const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();

/** Who stands in for whom today (away approver → delegate): cover-repository.ts `coverFor`. */
export type Cover = ReadonlyMap<string, string>;
const NO_COVER: Cover = new Map();

/**
 * Who is actually asked instead of `userIds`: the one spot where cover applies (an approver
 * away: their delegate is asked instead, once even if they were asked themselves).
 */
export function whoIsAsked(userIds: readonly string[], cover: Cover = NO_COVER): string[] {
  return sorted([...new Set(userIds.map((id) => cover.get(id) ?? id))]);
}

/** Who may give `step` of this request now (see the module's comment), before cover. */
export function eligibleFor(
  request: WaitSubject,
  step: ApprovalStep,
  members: StepMembers,
  policy: Pick<ApprovalPolicy, "allowSelfApproval">,
): string[] {
  const approved = new Set(request.approvals.map((a) => a.userId));
  return sorted(
    (members.get(step.key) ?? []).filter(
      (id) => !approved.has(id) && (id !== request.requesterId || policy.allowSelfApproval),
    ),
  );
}

/** Who the request waits on, and for what; undefined when it waits on nobody in person. */
export function waitingOn(
  request: WaitSubject,
  policy: ApprovalPolicy,
  members: StepMembers,
  cover: Cover = NO_COVER,
): Waiting | undefined {
  const [next] = pendingSteps(requiredSteps(request, policy), request.approvals);
  switch (request.status) {
    case "changes_requested":
      return { step: "changes", action: "edit", userIds: whoIsAsked([request.requesterId], cover) };
    case "in_review":
      return next && request.assigneeId
        ? { step: next.key, action: "review", userIds: whoIsAsked([request.assigneeId], cover) }
        : undefined;
    case "awaiting_second_approval": {
      if (!next) return undefined;
      const eligible = eligibleFor(request, next, members, policy);
      const taken = request.assigneeId && eligible.includes(request.assigneeId);
      return {
        step: next.key,
        action: "review",
        userIds: whoIsAsked(taken && request.assigneeId ? [request.assigneeId] : eligible, cover),
      };
    }
    default:
      return undefined;
  }
}

/** One step of a request's approval path: who gave it (and when), or who may give it now. */
export interface ApprovalPathStep {
  step: ApprovalStep;
  approval?: Approval;
  mayGive?: string[];
}

/**
 * Each approval step of a request: who gave it and when, or who may give it now (the pure rule of
 * recipients.ts: the one waited on for the next step, whoever is eligible for later ones).
 */
export function approvalPath(
  r: WaitSubject,
  policy: ApprovalPolicy,
  members: StepMembers,
): ApprovalPathStep[] {
  const steps = requiredSteps(r, policy);
  const [next] = pendingSteps(steps, r.approvals);
  const waiting = waitingOn(r, policy, members);
  return steps.map((step) => {
    const approval = r.approvals.find((a) => a.step === step.key);
    if (approval) return { step, approval };
    const mayGive =
      step === next && waiting?.action === "review"
        ? waiting.userIds
        : whoIsAsked(eligibleFor(r, step, members, policy));
    return { step, mayGive };
  });
}

/**
 * Whose App Home a change touches: the requester, the assignee before and after, whoever it
 * waited on before and waits on now, and who made it (they may have decided from Home).
 */
export function touchedBy(
  before: Pick<WaitSubject, "requesterId" | "assigneeId"> | undefined,
  after: Pick<WaitSubject, "requesterId" | "assigneeId">,
  waiting: { before?: Waiting; after?: Waiting },
  actor: string,
): string[] {
  return sorted(
    [
      after.requesterId,
      before?.assigneeId,
      after.assigneeId,
      ...(waiting.before?.userIds ?? []),
      ...(waiting.after?.userIds ?? []),
      actor,
    ].filter((id): id is string => Boolean(id)),
  );
}
