import { z } from "zod";
import type { Calendar } from "../calendar/business-days.js";
import { DEFAULT_ESCALATION, escalationSectionSchema, slaSectionSchema } from "./sla-policy.js";
import { type RequestType, requestTypeSchema } from "./types.js";

/**
 * The contract request life cycle and the approval policy: pure rules, no Slack, no database.
 *
 *   submitted ──assign──▶ in_review ──approve (all steps)──▶ approved
 *       │                     │  └──approve (more steps due)──▶ awaiting_second_approval ──approve──▶ approved
 *       └───────┬─────────────┴──request changes──▶ changes_requested ──resubmit──▶ submitted / in_review
 *               └──reject──▶ rejected
 *
 * The requester may withdraw it (→ withdrawn) while nothing is decided; after approval it moves
 * through the policy's stages (see lifecycle.ts).
 */

export const STATUSES = {
  submitted: "Submitted",
  in_review: "In review",
  awaiting_second_approval: "Awaiting second approval",
  changes_requested: "Changes requested",
  approved: "Approved",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
} as const;
export type Status = keyof typeof STATUSES;
/** A status as the database stores it, checked: a column holding anything else is refused. */
export const statusSchema = z.enum(Object.keys(STATUSES) as [Status, ...Status[]]);

/** Waiting on CS Ops: their SLA clock runs, and overdue ones are flagged. */
export const WAITING_ON_CS_OPS: readonly Status[] = ["submitted", "in_review", "awaiting_second_approval"];
/** Not closed: counted as open paperwork on health cards. */
export const OPEN_STATUSES: readonly Status[] = [...WAITING_ON_CS_OPS, "changes_requested"];
export const isClosed = (status: Status) =>
  status === "approved" || status === "rejected" || status === "withdrawn";

export type Decision = "approve" | "request_changes" | "reject";
export const DECISIONS: Record<Decision, string> = {
  approve: "Approve",
  request_changes: "Request changes",
  reject: "Reject",
};
/** A decision as a form carries it: one of DECISIONS' own keys (no "toString", no "__proto__"). */
export const decisionSchema = z.enum(Object.keys(DECISIONS) as [Decision, ...Decision[]]);

/** Who may give one approval step: CS Ops approvers, or a named group. */
export interface ApprovalStep {
  key: string;
  label: string;
  /** "cs_ops": any configured approver; otherwise these Slack users and/or this user group. */
  members: "cs_ops" | { userIds: string[]; groupId?: string };
}

/** The approvals given since the last (re)submission, as the `approvals` JSON column holds them. */
export const approvalsSchema = z.array(
  z.object({
    step: z.string(),
    userId: z.string(),
    /** ISO 8601. */
    at: z.string(),
    /** Delegation: the away approver `userId` stood in for ("by Maya on behalf of Kenji"). */
    onBehalfOf: z.string().optional(),
  }),
);
export type Approval = z.output<typeof approvalsSchema>[number];

const stepSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: z.string().min(1),
  members: z.union([
    z.literal("cs_ops"),
    z.object({
      userIds: z.array(z.string().regex(/^[UW][A-Z0-9]{6,}$/)).default([]),
      groupId: z
        .string()
        .regex(/^S[A-Z0-9]{6,}$/)
        .optional(),
    }),
  ]),
});

/** One stage after approval; `document`: moving to it asks for the signed document's link. */
const stageSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  label: z.string().min(1).max(40),
  document: z.boolean().default(false),
});
export type Stage = z.output<typeof stageSchema>;

/** The default life after approval: sent for signature → signed (with the document's link) → booked. */
export const DEFAULT_STAGES: Stage[] = [
  { key: "sent_for_signature", label: "Sent for signature", document: false },
  { key: "signed", label: "Signed", document: true },
  { key: "booked", label: "Booked in the CRM", document: false },
];

export const policySchema = z.object({
  /**
   * May a CS Ops approver approve a request they asked for themselves? Off by default
   * (separation of duties); on, they may still give one approval step only.
   */
  allowSelfApproval: z.boolean().default(false),
  rules: z.array(
    z.object({
      name: z.string().min(1),
      /** The rule applies to these request types... */
      types: z.array(requestTypeSchema).default([]),
      /** ...or to amounts at or above these, per currency. */
      minAmount: z.record(z.string().regex(/^[A-Z]{3}$/), z.number().nonnegative()).default({}),
      /** The extra approval it requires. */
      step: stepSchema,
    }),
  ),
  /** After approval: the stages CS Ops move a request through, in order (lifecycle.ts). */
  stages: z
    .array(stageSchema)
    .min(1)
    .max(10)
    .refine((stages) => new Set(stages.map((s) => s.key)).size === stages.length, "stage keys must differ")
    .default(DEFAULT_STAGES),
  /** SLAs in business days by type and priority (sla-policy.ts); unset, REQUEST_TYPES' own. */
  sla: slaSectionSchema,
  /** Who is told as a request's SLA runs down, and when (sla-policy.ts, escalation.ts). */
  escalation: escalationSectionSchema.prefault([...DEFAULT_ESCALATION]),
});

/** The approval policy: data, not code (CONTRACT_POLICY_PATH may replace the default). */
export type ApprovalPolicy = z.output<typeof policySchema>;

/** Every request needs CS Ops' approval first. */
export const CS_OPS_STEP: ApprovalStep = { key: "cs_ops", label: "CS Ops", members: "cs_ops" };

/** Large deals and cancellations need a second CS Ops approver: two people, never one twice. */
export const DEFAULT_POLICY: ApprovalPolicy = policySchema.parse({
  rules: [
    {
      name: "Large amounts and cancellations",
      types: ["cancellation"],
      minAmount: { USD: 50_000, EUR: 50_000, GBP: 40_000, JPY: 7_500_000 },
      step: { key: "second", label: "Second CS Ops approver", members: "cs_ops" },
    },
  ],
});

export interface PolicySubject {
  type: RequestType;
  amount: number | null;
  currency: string | null;
}

/** The approval steps a request needs, in order. */
export function requiredSteps(request: PolicySubject, policy: ApprovalPolicy): ApprovalStep[] {
  const steps: ApprovalStep[] = [CS_OPS_STEP];
  for (const rule of policy.rules) {
    const byType = rule.types.includes(request.type);
    const threshold =
      request.currency && Object.hasOwn(rule.minAmount, request.currency)
        ? rule.minAmount[request.currency]
        : undefined;
    const byAmount = threshold !== undefined && request.amount !== null && request.amount >= threshold;
    if ((byType || byAmount) && !steps.some((s) => s.key === rule.step.key)) steps.push(rule.step);
  }
  return steps;
}

/** The first step still without an approval, if any. */
export function pendingSteps(steps: ApprovalStep[], approvals: Approval[]): ApprovalStep[] {
  return steps.filter((step) => !approvals.some((a) => a.step === step.key));
}

export interface RequestState extends PolicySubject {
  status: Status;
  approvals: Approval[];
  requesterId: string;
  assigneeId: string | null;
}

export type Transition =
  | {
      ok: true;
      status: Status;
      approvals: Approval[];
      assigneeId: string | null;
      action: string;
      comment?: string;
      /** Delegation: the away approver the actor stood in for. */
      onBehalfOf?: string;
    }
  | {
      ok: false;
      reason: string;
      /** Refused on who the actor is (separation of duties, membership), not on the request's state: audited. */
      forbidden?: true;
      /**
       * The review modal's field the refusal is about (its block id, REVIEW_BLOCKS in ids.ts):
       * the reason is a sentence said under that field. Without it, the reason completes
       * "Not recorded: …".
       */
      field?: "comment";
    };

const refuse = (reason: string): Transition => ({ ok: false, reason });
const forbid = (reason: string): Transition => ({ ok: false, reason, forbidden: true });

/** Why a decision other than Approve needs a comment: the requester is told why. */
export const COMMENT_REQUIRED = "Say why: the comment goes to the requester.";

/** Why a requester may not approve their own request (shown to them, and audited). */
export const SELF_APPROVAL_REASON = "you asked for it, so another CS Ops approver must approve it";

/** CS Ops take a request: it is theirs to review. */
export function assign(state: RequestState, actor: string): Transition {
  if (!WAITING_ON_CS_OPS.includes(state.status)) {
    return refuse(`it is ${STATUSES[state.status].toLowerCase()}, so there is nothing to assign`);
  }
  if (state.assigneeId === actor) return refuse("it is already assigned to you");
  // Taken by someone else (a stale "Assign to me", or two clicks at once): not silently taken
  // over; Reassign… hands it on. Awaiting a later step, whoever gave the earlier one cannot give
  // it, so an approver who may takes it.
  const assigneeApproved = state.approvals.some((a) => a.userId === state.assigneeId);
  if (state.assigneeId && !(state.status === "awaiting_second_approval" && assigneeApproved))
    return refuse(`<@${state.assigneeId}> has it already; Reassign… on its queue message hands it on`);
  return {
    ok: true,
    status: state.status === "submitted" ? "in_review" : state.status,
    approvals: state.approvals,
    assigneeId: actor,
    action: "assigned",
  };
}

/**
 * A reviewer's decision. `actorSteps` are the approval steps the actor belongs to (resolved
 * by the caller: configuration, user groups). Separation of duties: the requester never
 * approves their own request (unless the policy allows it), and a second approval must come
 * from someone who has not approved an earlier step, so a two-step request always has two
 * approvers besides the requester.
 */
export function decide(
  state: RequestState,
  input: {
    actor: string;
    decision: Decision;
    comment: string;
    actorSteps: string[];
    policy: ApprovalPolicy;
    now: Date;
    /**
     * Delegation: the away approver the actor stands in for (their cover, cover.ts). The actor
     * still needs the step themselves (`actorSteps` are theirs): cover never widens the policy.
     */
    onBehalfOf?: string;
  },
): Transition {
  // A comment is required unless approving: checked first, so the reviewer fixes the form.
  const comment = input.comment.trim();
  if (input.decision !== "approve" && !comment)
    return { ok: false, reason: COMMENT_REQUIRED, field: "comment" };
  if (!WAITING_ON_CS_OPS.includes(state.status)) {
    return refuse(`it has already moved on: it is ${STATUSES[state.status].toLowerCase()}`);
  }
  const assigneeId = state.assigneeId ?? input.actor;
  const onBehalfOf = input.onBehalfOf && input.onBehalfOf !== input.actor ? input.onBehalfOf : undefined;
  const behalf = onBehalfOf ? { onBehalfOf } : {};
  if (input.decision === "reject") {
    return {
      ok: true,
      status: "rejected",
      approvals: state.approvals,
      assigneeId,
      action: "rejected",
      comment,
      ...behalf,
    };
  }
  if (input.decision === "request_changes") {
    return {
      ok: true,
      status: "changes_requested",
      approvals: [],
      assigneeId,
      action: "changes_requested",
      comment,
      ...behalf,
    };
  }
  const steps = requiredSteps(state, input.policy);
  const [next] = pendingSteps(steps, state.approvals);
  if (!next) return refuse("every approval it needs is already given");
  if (input.actor === state.requesterId && !input.policy.allowSelfApproval)
    return forbid(SELF_APPROVAL_REASON);
  if (onBehalfOf === state.requesterId && !input.policy.allowSelfApproval)
    return forbid(STAND_IN_SELF_APPROVAL_REASON);
  if (!input.actorSteps.includes(next.key))
    return forbid(`the next approval (${next.label}) is not yours to give`);
  const twice = twiceApproving(state.approvals, input.actor, onBehalfOf);
  if (twice) return forbid(`${twice}; ${next.label} must be someone else`);
  const approvals = [
    ...state.approvals,
    { step: next.key, userId: input.actor, at: input.now.toISOString(), ...behalf },
  ];
  const done = pendingSteps(steps, approvals).length === 0;
  return {
    ok: true,
    status: done ? "approved" : "awaiting_second_approval",
    approvals,
    assigneeId,
    action: done ? "approved" : "approved_step",
    comment: comment || undefined,
    ...behalf,
  };
}

/** Why an away approver's stand-in may not approve a request the away approver asked for. */
export const STAND_IN_SELF_APPROVAL_REASON =
  "the person you stand in for asked for it, so another CS Ops approver must approve it";

/**
 * Separation of duties under delegation: one person never counts for two approvals, whether
 * they clicked or were stood in for. An earlier approval involves its clicker and the person
 * they stood in for; the new one involves the actor and `onBehalfOf`: the two must not meet.
 * Returns why they meet, if they do.
 */
export function twiceApproving(
  approvals: Approval[],
  actor: string,
  onBehalfOf?: string,
): string | undefined {
  for (const a of approvals) {
    if (a.userId === actor && !a.onBehalfOf) return "you approved it already";
    if (a.userId === actor) return "you approved it already, standing in for someone";
    if (a.onBehalfOf === actor) return "it was approved already on your behalf";
    if (onBehalfOf && (a.userId === onBehalfOf || a.onBehalfOf === onBehalfOf))
      return "the person you stand in for counts for an approval already";
  }
  return undefined;
}

/** The requester sends an edited request back after "Request changes". */
export function resubmit(state: RequestState, actor: string): Transition {
  if (actor !== state.requesterId) return forbid("only the requester can resubmit it");
  if (state.status !== "changes_requested")
    return refuse(`it is ${STATUSES[state.status].toLowerCase()}, not waiting for changes`);
  return {
    ok: true,
    status: state.assigneeId ? "in_review" : "submitted",
    approvals: [],
    assigneeId: state.assigneeId,
    action: "resubmitted",
  };
}

/**
 * When CS Ops owe an answer: `slaDays` business days after (re)submission, at the same local
 * time (from a day off: at the end of the last of them), weekends, holidays and company days
 * off skipped (business-days.ts). A needed-by date may bring it forward (sla-plan.ts).
 */
export function slaDue(submittedAt: Date, slaDays: number, calendar: Calendar): Date {
  return calendar.addBusinessDays(submittedAt, slaDays);
}

export function isOverdue(status: Status, slaDueAt: Date, now: Date): boolean {
  return WAITING_ON_CS_OPS.includes(status) && now > slaDueAt;
}
