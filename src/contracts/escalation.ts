import { type Locale, translator } from "../i18n/index.js";
import { escapeMrkdwn, slackTime } from "../slack/blocks.js";
import { todayIn } from "../time.js";
import { noticeInThreadAndDms } from "./announce.js";
import { type CoverDb, coverFor } from "./cover-repository.js";
import { findLadderCandidates, lockLadderRequest, recordEscalation } from "./escalation-repository.js";
import { dueSteps, type SlaStanding, slaStanding } from "./escalation-rules.js";
import { whoIsAsked } from "./recipients.js";
import { insertEvent, type Tx } from "./repository.js";
import type { RequestDetails } from "./request.js";
import type { ContractDeps } from "./service.js";
import type { EscalationStep } from "./sla-policy.js";
import { pendingSteps, requiredSteps } from "./state.js";
import { requestLabel } from "./types.js";
import { clipMrkdwn } from "./views/details.js";
import { typeWord } from "./views/review-words.js";
import { standingIn } from "./views/sla-words.js";

/**
 * The escalation ladder at work: the `sla` job (every minute) fires each step of the policy's
 * ladder once per request, submission and SLA due time, when its share of the SLA has passed
 * (escalation-rules.ts). Each firing is decided by its contract_escalations row (unique: a
 * rerun or a second replica fires nothing again), audited ("escalated", by kuroko), posted in
 * the request's queue thread and DMed to whom the step names, all in one transaction.
 */

/** The audit's actor for what Kuroko does by itself. */
export const KUROKO_ACTOR = "kuroko";

export interface EscalationRun {
  /** Steps due and not fired before (a dry run counts them and fires nothing). */
  due: number;
  /** Steps this run fired. */
  fired: number;
  /** "CR-1001: 50%", one per step due. */
  lines: string[];
}

export async function runEscalations(
  deps: ContractDeps,
  now: Date,
  options: { dryRun?: boolean; limit?: number } = {},
): Promise<EscalationRun> {
  const run: EscalationRun = { due: 0, fired: 0, lines: [] };
  const ladder = deps.policy.escalation;
  if (!ladder.length) return run;
  for (const candidate of await findLadderCandidates(deps.prisma, options.limit ?? 500)) {
    for (const step of dueSteps(ladder, candidate, now, candidate.fired, deps.calendar)) {
      run.due++;
      if (options.dryRun) {
        run.lines.push(`request ${candidate.id}: step ${step.key}`);
        continue;
      }
      const fired = await deps.prisma.$transaction(async (tx) => {
        // Still waiting with this SLA? A decision or a resubmission may have come first.
        const request = await lockLadderRequest(tx, candidate);
        if (!request) return undefined;
        if (!(await recordEscalation(tx, candidate, step.key, now))) return undefined;
        const told = await withCover(tx, whomToTell(deps, request, step), deps.timezone, now);
        const standing = slaStanding(candidate, now, deps.calendar);
        await insertEvent(tx, {
          requestId: request.id,
          actorId: KUROKO_ACTOR,
          action: "escalated",
          comment: auditComment(step, standing, told),
          fromStatus: request.status,
          toStatus: request.status,
        });
        await announceEscalation(tx, deps, request, step, told, standing);
        return `${requestLabel(request.number)}: ${step.key}`;
      });
      if (fired) {
        run.fired++;
        run.lines.push(fired);
      }
    }
  }
  if (run.fired > 0) deps.onOutbox();
  return run;
}

/** Whom a step tells: people DMed, a user group mentioned in the thread, and why them. */
export interface Told {
  userIds: string[];
  groupId?: string;
  /** The approval the request waits on (notify: approvers). */
  waitingOn?: string;
}

/** Cover: an away approver's delegate is told instead of them (cover-repository.ts). */
async function withCover(db: CoverDb, told: Told, timezone: string, now: Date): Promise<Told> {
  const cover = await coverFor(db, told.userIds, todayIn(timezone, now));
  return { ...told, userIds: whoIsAsked(told.userIds, cover) };
}

export function whomToTell(
  deps: Pick<ContractDeps, "policy" | "csOps">,
  request: RequestDetails,
  step: EscalationStep,
): Told {
  if (step.notify === "assignee") return { userIds: request.assigneeId ? [request.assigneeId] : [] };
  if (step.notify === "approvers") {
    const [pending] = pendingSteps(requiredSteps(request, deps.policy), request.approvals);
    if (!pending) return { userIds: [] };
    const members = pending.members === "cs_ops" ? (deps.csOps ?? { userIds: [] }) : pending.members;
    // Only people who can give it: not an earlier approver, not the requester (unless allowed).
    const userIds = members.userIds.filter(
      (u) =>
        !request.approvals.some((a) => a.userId === u) &&
        (u !== request.requesterId || deps.policy.allowSelfApproval),
    );
    return { userIds, groupId: members.groupId, waitingOn: pending.label };
  }
  return { userIds: [...new Set(step.notify.userIds)], groupId: step.notify.groupId };
}

function auditComment(step: EscalationStep, standing: SlaStanding, told: Told): string {
  const dms = told.userIds.length ? `DMed ${told.userIds.join(", ")}` : "nobody to DM";
  const group = told.groupId ? `; mentioned group ${told.groupId}` : "";
  return `step ${step.key} (${step.at} of the SLA), ${standingIn(translator("en"), standing)}: ${dms}${group}`;
}

const mention = (userId: string) => `<@${userId}>`;

/** The queue thread's line for a step fired, in the channel's language. */
function escalationThreadLine(
  request: RequestDetails,
  step: EscalationStep,
  told: Told,
  standing: SlaStanding,
  locale: Locale,
): string {
  const tr = translator(locale);
  const people = tr.list([
    ...told.userIds.map(mention),
    ...(told.groupId ? [`<!subteam^${told.groupId}>`] : []),
  ]);
  let who: string;
  if (step.notify === "assignee")
    who = request.assigneeId
      ? tr.t("review.esc.whoAssignee", { user: request.assigneeId })
      : tr.t("review.esc.whoNobody");
  else if (step.notify === "approvers")
    who = !told.waitingOn
      ? ""
      : people
        ? tr.t("review.esc.whoWaiting", { step: escapeMrkdwn(told.waitingOn), people })
        : tr.t("review.esc.whoWaitingNobody", { step: escapeMrkdwn(told.waitingOn) });
  else who = tr.t("review.esc.whoEscalated", { people });
  const line = tr.t("review.esc.thread", {
    label: requestLabel(request.number),
    type: typeWord(tr, request.type),
    account: escapeMrkdwn(request.account.name),
    standing: standingIn(tr, standing),
    due: slackTime(request.slaDueAt),
    step: escapeMrkdwn(step.key),
    who,
  });
  return clipMrkdwn(line.trim(), 3_000);
}

/** A person's DM for a step fired, in their language. */
function escalationDm(
  request: RequestDetails,
  step: EscalationStep,
  told: Told,
  standing: SlaStanding,
  queueLink: boolean,
  locale: Locale,
): string {
  const tr = translator(locale);
  const why =
    step.notify === "assignee"
      ? tr.t("review.esc.whyAssignee")
      : step.notify === "approvers"
        ? told.waitingOn
          ? tr.t("review.esc.whyApprovers", { step: escapeMrkdwn(told.waitingOn) })
          : tr.t("review.esc.whyApproversNext")
        : tr.t("review.esc.whyList");
  const values = {
    label: requestLabel(request.number),
    type: typeWord(tr, request.type),
    account: escapeMrkdwn(request.account.name),
    standing: standingIn(tr, standing),
    due: slackTime(request.slaDueAt),
    why,
  };
  return clipMrkdwn(
    queueLink
      ? tr.t("review.esc.dmLinked", { ...values, permalink: "{permalink}" })
      : tr.t("review.esc.dm", values),
    3_000,
  );
}

/** In the request's queue thread, and a DM to each person the step names, once each. */
async function announceEscalation(
  tx: Tx,
  to: Pick<ContractDeps, "queueChannel" | "locales" | "locale">,
  request: RequestDetails,
  step: EscalationStep,
  told: Told,
  standing: SlaStanding,
): Promise<void> {
  await noticeInThreadAndDms(tx, to, request, {
    key: `cr:${request.id}:escalation:${step.key}:${request.submittedAt?.getTime()}:${request.slaDueAt.getTime()}`,
    people: told.userIds,
    thread: (locale) => escalationThreadLine(request, step, told, standing, locale),
    dm: (queueLink, locale) => escalationDm(request, step, told, standing, queueLink, locale),
  });
}
