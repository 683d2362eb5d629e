import type { Approvers } from "../slack/approvers.js";
import { type CoverDb, coveredBy } from "./cover-repository.js";
import { type StepMembers, type Waiting, type WaitSubject, waitingOn } from "./recipients.js";
import { type Db, listRequests } from "./repository.js";
import type { RequestDetails } from "./request.js";
import { type ApprovalPolicy, type ApprovalStep, type PolicySubject, requiredSteps } from "./state.js";

/**
 * The resolver of recipients.ts: the members of approval steps read from the configuration and
 * Slack's user groups (cached by Approvers), then the pure rule. Read before a change's
 * transaction, so no Slack call runs inside one.
 */

export interface WaitingDeps {
  approvers: Pick<Approvers, "membersOf">;
  policy: ApprovalPolicy;
}

/** The members of every step these requests need (each step read once). */
export async function stepMembersFor(
  deps: WaitingDeps,
  requests: readonly PolicySubject[],
): Promise<StepMembers> {
  const steps = new Map<string, ApprovalStep>();
  for (const r of requests) for (const s of requiredSteps(r, deps.policy)) steps.set(s.key, s);
  const members = new Map<string, string[]>();
  for (const [key, step] of steps) members.set(key, await deps.approvers.membersOf(step));
  return members;
}

/** Who one request waits on now. */
export async function resolveWaiting(deps: WaitingDeps, request: WaitSubject): Promise<Waiting | undefined> {
  return waitingOn(request, deps.policy, await stepMembersFor(deps, [request]));
}

/** How many requests "Waiting on you" lists at most (App Home, `/csops queue`). */
export const WAITING_LIMIT = 50;

/**
 * The requests waiting on this person, soonest SLA first: those they review (assigned, or a
 * later approval step they may give) and their own requests sent back for changes.
 */
export async function listWaitingOn(
  deps: WaitingDeps & { prisma: Db & CoverDb },
  userId: string,
  limit: number,
  /** Today in the team's time zone (whose cover is on). */
  today: Date,
): Promise<RequestDetails[]> {
  // Cover: what waits on the away approvers this person stands in for today waits on them too.
  const coveringFor = await coveredBy(deps.prisma, userId, today);
  const cover = new Map(coveringFor.map((away) => [away, userId]));
  const [assigned, later, changes] = await Promise.all([
    Promise.all(
      [userId, ...coveringFor].map((assigneeId) =>
        listRequests(deps.prisma, { statuses: ["in_review"], assigneeId, limit }),
      ),
    ).then((lists) => lists.flat()),
    listRequests(deps.prisma, { statuses: ["awaiting_second_approval"] }),
    listRequests(deps.prisma, { statuses: ["changes_requested"], requesterId: userId, limit }),
  ]);
  const members = await stepMembersFor(deps, later);
  const mine = [...assigned, ...later, ...changes].filter((r) =>
    waitingOn(r, deps.policy, members, cover)?.userIds.includes(userId),
  );
  return mine
    .sort((a, b) => a.slaDueAt.getTime() - b.slaDueAt.getTime() || a.number - b.number)
    .slice(0, limit);
}
