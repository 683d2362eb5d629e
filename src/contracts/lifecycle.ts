import { normaliseLink, TEXT_LIMITS, textProblem } from "./fields.js";
import { type RequestState, STATUSES, type Stage, type Status, WAITING_ON_CS_OPS } from "./state.js";

/**
 * What happens to a request besides the review decision, as pure rules: the requester withdraws
 * it, CS Ops reassign or unassign it, and after approval CS Ops move it through the policy's
 * stages (default: sent for signature → signed, with the signed document's link → booked).
 *
 *   submitted / in_review / changes_requested ──withdraw (no approval given)──▶ withdrawn
 *   approved ──▶ stage 1 ──▶ stage 2 ──▶ … (the policy's `stages`, in order, one at a time)
 */

/** A request as these rules read it: its state and the stage reached after approval (null: none yet). */
export interface LifecycleState extends RequestState {
  stage?: string | null;
}

/** The modal field a refusal is about: its block id (LIFECYCLE_BLOCKS). */
export type LifecycleField = "reason" | "assignee" | "document_url";

export type LifecycleChange =
  | {
      ok: true;
      /** The audit's action: withdrawn, reassigned, unassigned, or stage:<key>. */
      action: string;
      status: Status;
      assigneeId: string | null;
      /** The stage reached, when it moves. */
      stage?: string;
      documentUrl?: string;
      withdrawnReason?: string;
      /** The audit's comment: the reason, the people, the document's link. */
      comment?: string;
    }
  | {
      ok: false;
      reason: string;
      /** Refused on who the actor is: audited. */
      forbidden?: true;
      field?: LifecycleField;
    };

const refuse = (reason: string, field?: LifecycleField): LifecycleChange =>
  field ? { ok: false, reason, field } : { ok: false, reason };
const forbid = (reason: string): LifecycleChange => ({ ok: false, reason, forbidden: true });
const status = (s: Status) => STATUSES[s].toLowerCase();

/**
 * May the requester still withdraw it? Only while nothing is decided: before any approval. A
 * request awaiting its second approval has one already, so CS Ops reject it instead (their
 * decision is then on the record, not erased by the requester).
 */
export const WITHDRAWABLE: readonly Status[] = ["submitted", "in_review", "changes_requested"];

export function canWithdraw(state: LifecycleState): boolean {
  return WITHDRAWABLE.includes(state.status) && state.approvals.length === 0;
}

/** The requester takes the request back, saying why: it leaves the queue. */
export function withdraw(state: LifecycleState, input: { actor: string; reason: string }): LifecycleChange {
  if (input.actor !== state.requesterId) return forbid("only the requester can withdraw it");
  if (state.status !== "awaiting_second_approval" && !WITHDRAWABLE.includes(state.status))
    return refuse(`it is ${status(state.status)} already`);
  if (!canWithdraw(state)) return refuse("it has an approval already: ask CS Ops to reject it instead");
  const reason = input.reason.trim();
  if (!reason) return refuse("Say why: CS Ops are told.", "reason");
  const problem = textProblem(reason, TEXT_LIMITS.comment);
  if (problem) return refuse(problem, "reason");
  return {
    ok: true,
    action: "withdrawn",
    status: "withdrawn",
    assigneeId: state.assigneeId,
    withdrawnReason: reason,
    comment: reason,
  };
}

/**
 * CS Ops hand a waiting request to another approver (someone is away, or it needs another's
 * eyes). `toIsApprover` is resolved by the caller. The requester is never made its reviewer.
 */
export function reassign(
  state: LifecycleState,
  input: { actor: string; to: string; toIsApprover: boolean },
): LifecycleChange {
  if (!WAITING_ON_CS_OPS.includes(state.status))
    return refuse(`it is ${status(state.status)}, so there is nothing to reassign`);
  if (!input.toIsApprover)
    return refuse("That person is not a CS Ops approver: pick one who is.", "assignee");
  if (input.to === state.assigneeId) return refuse("It is assigned to them already.", "assignee");
  if (input.to === state.requesterId)
    return refuse("They asked for it: pick another CS Ops approver.", "assignee");
  return {
    ok: true,
    action: "reassigned",
    status: state.status === "submitted" ? "in_review" : state.status,
    assigneeId: input.to,
    comment: `${state.assigneeId ?? "unassigned"} → ${input.to}`,
  };
}

/** CS Ops put a waiting request back in the pool: unassigned, for anyone to take. */
export function unassign(state: LifecycleState): LifecycleChange {
  if (!WAITING_ON_CS_OPS.includes(state.status))
    return refuse(`it is ${status(state.status)}, so there is nothing to unassign`);
  if (!state.assigneeId) return refuse("nobody has it");
  return {
    ok: true,
    action: "unassigned",
    status: state.status === "in_review" ? "submitted" : state.status,
    assigneeId: null,
    comment: state.assigneeId,
  };
}

/** The stage after `current` (null: just approved, so the first); undefined past the last or for a stage the policy no longer has. */
export function nextStage(stages: readonly Stage[], current: string | null | undefined): Stage | undefined {
  if (!current) return stages[0];
  const at = stages.findIndex((s) => s.key === current);
  return at < 0 ? undefined : stages[at + 1];
}

/** A stage's label; a key the policy no longer has is shown as stored. */
export const stageLabel = (stages: readonly Stage[], key: string) =>
  stages.find((s) => s.key === key)?.label ?? key;

/**
 * CS Ops move an approved request to its next stage. `to` is the stage the button offered: a
 * second click on an old button finds the request there already and changes nothing. A stage
 * with `document` (signed) needs the signed document's link: http(s) only, normalised.
 */
export function advanceStage(
  state: LifecycleState,
  input: { to: string; stages: readonly Stage[]; documentUrl?: string },
): LifecycleChange {
  if (state.status !== "approved") return refuse(`it is ${status(state.status)}, not approved`);
  const next = nextStage(input.stages, state.stage);
  // The stage's label as the policy writes it ("Booked in the CRM"), not lower-cased.
  const at = state.stage ? `at “${stageLabel(input.stages, state.stage)}”` : "approved";
  if (!next) return refuse(`it is ${at}: there is no later stage`);
  if (next.key !== input.to) return refuse(`it is ${at} already`);
  let documentUrl: string | undefined;
  if (next.document) {
    const typed = input.documentUrl?.trim() ?? "";
    if (!typed) return refuse("Paste the link to the signed document.", "document_url");
    const link = normaliseLink(typed);
    if (!link.ok) return refuse(link.error, "document_url");
    documentUrl = link.value;
  }
  return {
    ok: true,
    action: `stage:${next.key}`,
    status: "approved",
    assigneeId: state.assigneeId,
    stage: next.key,
    ...(documentUrl ? { documentUrl, comment: documentUrl } : {}),
  };
}
