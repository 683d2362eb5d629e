import { createHash } from "node:crypto";
import type { Calendar } from "../calendar/business-days.js";
import type { PrismaClient, SqlQuery } from "../db/database.js";
import { KurokoError } from "../errors.js";
import type { HealthModel } from "../health/model.js";
import type { Locale } from "../i18n/locale.js";
import type { Logger } from "../log.js";
import type { Approvers } from "../slack/approvers.js";
import type { LocaleResolver } from "../slack/locale.js";
import { todayIn } from "../time.js";
import { emitWebhookEvent, type Webhooks } from "../webhooks/emit.js";
import { requestEventData, requestEventType } from "../webhooks/payloads.js";
import { announceChange, warmLocales } from "./announce.js";
import { coverFor, standingInFor } from "./cover-repository.js";
import { type StepMembers, touchedBy, waitingOn } from "./recipients.js";
import {
  type AuditEvent,
  findRequest,
  findRequestId,
  findSubmission,
  insertEvent,
  isUniqueViolation,
  listEvents,
  listEventsBetween,
  type RequestUpdate,
  requestExists,
  type Tx,
  updateIfUnchanged,
} from "./repository.js";
import type { LoadedRequest, RequestDetails } from "./request.js";
import {
  type ApprovalPolicy,
  assign,
  type Decision,
  decide,
  isClosed,
  requiredSteps,
  STATUSES,
  type Status,
  type Transition,
} from "./state.js";
import { requestLabel } from "./types.js";
import { stepMembersFor } from "./waiting.js";

// `kuroko requests`, the digest and App Home read requests from here.
export { listRequests, type RequestFilter } from "./repository.js";

/** What the contracts service works with; built once in wiring.ts. */
export interface ContractDeps {
  prisma: PrismaClient;
  /** Raw reads for hot paths (the account typeahead). */
  sql: SqlQuery;
  /** The team's time zone: "today" for dates typed in forms. */
  timezone: string;
  policy: ApprovalPolicy;
  approvers: Approvers;
  clock: () => Date;
  logger: Logger;
  /** The CS Ops queue channel; unset, requests are stored and DMed but not posted. */
  queueChannel?: string;
  /** The health model's bands and KUROKO_CRM_URL_TEMPLATE: the account context on queue messages and reviews. */
  model?: Pick<HealthModel, "bands">;
  crmUrlTemplate?: string;
  /** Called after a change committed messages to the outbox. */
  onOutbox: () => void;
  /**
   * Called after a change with everyone whose App Home lists it differently now (recipients.ts
   * touchedBy): the app republishes their Home. Unset (the CLI, jobs without a bot): nothing.
   */
  onHomesTouched?: (userIds: string[]) => void;
  /** Business days in the team's time zone: SLAs and escalations count them (src/calendar/). */
  calendar: Calendar;
  /** The configured CS Ops approvers: escalations to "approvers" DM them and mention the group. */
  csOps?: { userIds: string[]; groupId?: string };
  /** Endpoints told of requests submitted, approved, rejected and signed (unset: none). */
  webhooks?: Webhooks;
  /** Each reader's language (src/slack/locale.ts); unset: everyone in KUROKO_LOCALE. */
  locales?: LocaleResolver;
  /** KUROKO_LOCALE and KUROKO_CHANNEL_LOCALE (the queue message and its thread); unset: English. */
  locale?: { default: Locale; channel: Locale };
}

/**
 * Tells the app whose Home a committed change touched (see ContractDeps.onHomesTouched): those
 * recipients.ts names, and the delegates of any of them away today (their lists show it too).
 */
export async function homesTouched(
  deps: ContractDeps,
  before: LoadedRequest,
  after: RequestDetails,
  members: StepMembers,
  actor: string,
): Promise<void> {
  if (!deps.onHomesTouched) return;
  const waiting = {
    before: waitingOn(before, deps.policy, members),
    after: waitingOn(after, deps.policy, members),
  };
  const users = touchedBy(before, after, waiting, actor);
  // After the commit: a failed read of the cover must not make a done change look failed.
  const cover = await coverFor(deps.prisma, users, todayIn(deps.timezone, deps.clock())).catch(
    (error: unknown) => {
      deps.logger.warn(
        "App Home: cover not read, delegates' Home not republished:",
        (error as Error).message,
      );
      return new Map<string, string>();
    },
  );
  deps.onHomesTouched([...new Set([...users, ...cover.values()])]);
}

export type ChangeResult =
  | {
      ok: true;
      request: RequestDetails;
      /** The same form delivered again: nothing changed, nothing was sent. */
      replay?: boolean;
    }
  | {
      ok: false;
      reason: string;
      /** The review modal's field the refusal is about (see Transition): its reason is said there. */
      field?: "comment";
    };

export function loadRequest(
  deps: Pick<ContractDeps, "prisma">,
  id: number,
): Promise<LoadedRequest | undefined> {
  return findRequest(deps.prisma, id);
}

class MovedOn extends Error {}

export interface ChangeOptions {
  /** What the actor attempted, as a refusal is audited: "decide: approve", "resubmit". */
  attempted: string;
  /** Audit every refusal; otherwise only those on who the actor is (Transition.forbidden). */
  auditEveryRefusal?: boolean;
  /** A resubmission's edited form, written with the transition. */
  resubmitted?: RequestUpdate["resubmitted"];
  /** The form the change came from: delivered again, it changes nothing and succeeds. */
  viewKey?: string;
}

/**
 * Applies a transition with optimistic concurrency: the row is updated only if nobody changed
 * it since it was read, so two approvers deciding at once give one decision; the other is told
 * the request has already moved on. A refusal on who the actor is gets audited.
 */
export async function change(
  deps: ContractDeps,
  id: number,
  actor: string,
  compute: (state: LoadedRequest) => Transition,
  options: ChangeOptions,
): Promise<ChangeResult> {
  const replay = () => replayOf(deps, options.viewKey);
  const current = await findRequest(deps.prisma, id);
  if (!current) return { ok: false, reason: "that request no longer exists" };
  const earlier = await replay();
  if (earlier) return earlier;
  const transition = compute(current);
  if (!transition.ok) {
    if (transition.forbidden || options.auditEveryRefusal)
      await recordRefusal(deps, id, actor, options.attempted, transition.reason);
    return transition.field
      ? { ok: false, reason: transition.reason, field: transition.field }
      : { ok: false, reason: transition.reason };
  }
  // Read before the transaction (group members may come from Slack): who is asked to act.
  const members = await stepMembersFor(deps, [
    current,
    ...(options.resubmitted ? [options.resubmitted.input] : []),
  ]);
  // The requester's DM is in their language: asked before the transaction (Slack may be slow),
  // as are the languages of whoever the change may ask to act (their DMs are composed in it).
  const [requesterLocale] = await Promise.all([
    deps.locales?.localeOf(current.requesterId),
    warmLocales(deps, [...members.values()].flat(), current.assigneeId),
  ]);
  const event = {
    action: transition.action,
    actorId: actor,
    comment: transition.comment,
    onBehalfOf: transition.onBehalfOf,
  };
  return commitChange(deps, {
    current,
    actor,
    event,
    toStatus: transition.status,
    viewKey: options.viewKey,
    members,
    replay,
    write: (tx, now) =>
      updateIfUnchanged(tx, id, current.version, {
        status: transition.status,
        approvals: transition.approvals,
        assigneeId: transition.assigneeId,
        closedAt: isClosed(transition.status) ? now : null,
        resubmitted: options.resubmitted,
      }),
    announce: (tx, updated, now) =>
      announceChange(tx, deps, updated, event, now, { previous: current, members, requesterLocale }),
  });
}

/** The same form delivered again (`viewKey`): the request its first delivery changed, if any. */
export async function replayOf(
  deps: Pick<ContractDeps, "prisma">,
  viewKey: string | undefined,
): Promise<{ ok: true; request: LoadedRequest; replay: true } | undefined> {
  const done = viewKey ? await findSubmission(deps.prisma, viewKey) : undefined;
  const request = done ? await findRequest(deps.prisma, done) : undefined;
  return request ? { ok: true, request, replay: true } : undefined;
}

/** What a change allowed by its rule writes and says (`commitChange`). */
export interface Commit {
  current: LoadedRequest;
  actor: string;
  /** The audit row's action, comment and "on behalf of"; its from-status is `current`'s. */
  event: { action: string; actorId: string; comment?: string; onBehalfOf?: string };
  toStatus: Status;
  viewKey?: string;
  /** The members of the request's approval steps, read before the transaction. */
  members: StepMembers;
  /** The same form, delivered again: what the first delivery did. */
  replay: () => Promise<{ ok: true; request: LoadedRequest; replay?: boolean } | undefined>;
  /** Writes the change if the row is still `current.version` (false: it moved on). */
  write: (tx: Tx, now: Date) => Promise<boolean>;
  /** The change's messages, inside its transaction. */
  announce: (tx: Tx, updated: LoadedRequest, now: Date) => Promise<void>;
}

/**
 * Every change of a request, once its rule allowed it (a decision, a resubmission, a withdrawal,
 * a reassignment, a stage): written only if nobody changed the request since it was read, audited
 * and announced in the same transaction, then delivery asked for and the touched Homes
 * republished. A concurrent change wins: this one is told "it has already moved on"; the same form
 * delivered twice at once returns the first delivery's result.
 */
export async function commitChange(
  deps: ContractDeps,
  commit: Commit,
): Promise<{ ok: true; request: LoadedRequest; replay?: boolean } | { ok: false; reason: string }> {
  const { current, event } = commit;
  const now = deps.clock();
  try {
    const request = await deps.prisma.$transaction(async (tx) => {
      if (!(await commit.write(tx, now))) throw new MovedOn();
      await insertEvent(tx, {
        requestId: current.id,
        actorId: commit.actor,
        action: event.action,
        fromStatus: current.status,
        toStatus: commit.toStatus,
        comment: event.comment,
        viewKey: commit.viewKey,
        onBehalfOf: event.onBehalfOf,
      });
      const updated = await findRequest(tx, current.id);
      if (!updated) throw new Error(`request ${current.id} vanished inside its own change`);
      await commit.announce(tx, updated, now);
      const signed = (key: string) => deps.policy.stages.some((s) => s.key === key && s.document);
      const type = requestEventType(event.action, signed);
      if (type)
        await emitWebhookEvent(tx, deps.webhooks, {
          type,
          key: `request:${updated.id}:v${updated.version}`,
          at: now,
          accountId: updated.account.id,
          data: requestEventData(updated, event),
        });
      return updated;
    });
    deps.onOutbox();
    await homesTouched(deps, current, request, commit.members, commit.actor);
    return { ok: true, request };
  } catch (error) {
    if (!(error instanceof MovedOn) && !(commit.viewKey && isUniqueViolation(error))) throw error;
    // The same form, delivered twice at once: the other delivery made the change.
    const concurrent = await commit.replay();
    if (concurrent) return concurrent;
    if (!(error instanceof MovedOn)) throw error;
    const latest = await findRequest(deps.prisma, current.id);
    return {
      ok: false,
      reason: `it has already moved on: it is now ${STATUSES[latest?.status ?? "submitted"].toLowerCase()}`,
    };
  }
}

export function assignRequest(deps: ContractDeps, id: number, actor: string): Promise<ChangeResult> {
  return change(deps, id, actor, (state) => assign(state, actor), { attempted: "assign" });
}

/**
 * What a reviewer is shown of a request, and which (re)submission it is, as a short digest:
 * the review modal carries it, so a request resubmitted while the modal was open (edited or
 * not) is not decided unseen.
 */
export function requestDigest(r: LoadedRequest): string {
  const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
  const shown = [
    r.account.id,
    r.type,
    r.amount,
    r.currency,
    r.termMonths,
    day(r.startDate),
    day(r.endDate),
    day(r.dueDate),
    r.priority,
    r.links,
    r.notes,
    r.submission,
  ];
  return createHash("sha256").update(JSON.stringify(shown)).digest("hex").slice(0, 16);
}

const RESUBMITTED_SINCE = "it was edited and resubmitted after you opened it: open Review again to see it";

/** A reviewer's decision; `reviewed` is the requestDigest of what their modal showed. */
export async function decideRequest(
  deps: ContractDeps,
  id: number,
  actor: string,
  decision: Decision,
  comment: string,
  reviewed?: string,
): Promise<ChangeResult> {
  const current = await findRequest(deps.prisma, id);
  if (!current) return { ok: false, reason: "that request no longer exists" };
  const actorSteps = await deps.approvers.stepsOf(actor, requiredSteps(current, deps.policy));
  // Standing in for the away approver who has it: audited "on behalf of" them (cover.ts).
  const today = todayIn(deps.timezone, deps.clock());
  const standingIn = await standingInFor(deps.prisma, current.assigneeId, actor, today);
  // Only while the away approver could still decide it: once they gave an approval, the delegate
  // decides as themselves (a second approver in their own right), not for someone already counted.
  const onBehalfOf =
    standingIn && !current.approvals.some((a) => a.userId === standingIn || a.onBehalfOf === standingIn)
      ? standingIn
      : undefined;
  return change(
    deps,
    id,
    actor,
    (state) =>
      reviewed && requestDigest(state) !== reviewed
        ? { ok: false, reason: RESUBMITTED_SINCE }
        : decide(state, {
            actor,
            decision,
            comment,
            actorSteps,
            policy: deps.policy,
            now: deps.clock(),
            onBehalfOf,
          }),
    { attempted: `decide: ${decision}` },
  );
}

/** Someone who may not do a thing tried: it is audited (what they attempted, and why it was refused). */
export async function recordRefusal(
  deps: Pick<ContractDeps, "prisma">,
  id: number,
  actor: string,
  attempted: string,
  reason?: string,
): Promise<void> {
  // A click on a request that no longer exists has nothing to be audited against.
  if (!(await requestExists(deps.prisma, id))) return;
  await insertEvent(deps.prisma, {
    requestId: id,
    actorId: actor,
    action: "refused",
    comment: attempted,
    ...(reason ? { data: { reason } } : {}),
  });
}

export class UnknownRequest extends KurokoError {}

/** The audit trail of one request, oldest first. */
export async function auditTrail(prisma: PrismaClient, number: number): Promise<AuditEvent[]> {
  const id = await findRequestId(prisma, number);
  if (id === undefined) throw new UnknownRequest(`There is no ${requestLabel(number)}.`);
  return listEvents(prisma, id);
}

/** Every audit event in [from, to), with its request's number: for the CSV export. */
export function auditEvents(prisma: PrismaClient, from: Date, to: Date) {
  return listEventsBetween(prisma, from, to);
}
