import { enqueue } from "../slack/outbox.js";
import { todayIn } from "../time.js";
import { readerLocaleOf } from "./announce.js";
import { type Cover, coverProblem } from "./cover.js";
import { endCovers, listCovers, replaceCover } from "./cover-repository.js";
import { listRequests } from "./repository.js";
import type { ContractDeps } from "./service.js";
import { WAITING_ON_CS_OPS } from "./state.js";
import { buildCoverEndedDm, buildDelegateDm } from "./views/cover.js";

/**
 * Cover while an approver is away: set (replacing what it overlaps), ended, shown. The
 * delegate is told by DM, once (the cover's id is the DM's dedupe key). Decisions a delegate
 * makes on the away approver's requests are audited on their behalf (service.ts decideRequest).
 */

export type CoverDeps = Pick<
  ContractDeps,
  "prisma" | "approvers" | "clock" | "timezone" | "onOutbox" | "locales" | "locale"
>;

export type SetCoverResult =
  | { ok: true; cover: Cover; replaced: Cover[] }
  | { ok: false; field: "from" | "to" | "delegate"; message: string };

export async function setCover(
  deps: CoverDeps,
  input: { userId: string; from: Date; to: Date; delegateId?: string },
): Promise<SetCoverResult> {
  const now = deps.clock();
  const today = todayIn(deps.timezone, now);
  if (!(await deps.approvers.isApprover(input.userId)))
    return { ok: false, field: "from", message: deps.approvers.refusal(input.userId) };
  const problem = coverProblem({ ...input, today });
  if (problem) return { ok: false, ...problem };
  if (input.delegateId && !(await deps.approvers.isApprover(input.delegateId)))
    return {
      ok: false,
      field: "delegate",
      message: "The person who covers must be a CS Ops approver: pick one who is.",
    };
  // The delegate's DM is in their language: asked before the transaction (Slack may be slow).
  const delegateLocale = input.delegateId ? await readerLocaleOf(deps, input.delegateId) : undefined;
  const result = await deps.prisma.$transaction(async (tx) => {
    const set = await replaceCover(
      tx,
      {
        userId: input.userId,
        delegateId: input.delegateId,
        startsOn: input.from,
        endsOn: input.to,
        createdBy: input.userId,
      },
      now,
    );
    if (set.cover.delegateId) {
      const waiting = await listRequests(tx, {
        statuses: [...WAITING_ON_CS_OPS],
        assigneeId: input.userId,
        limit: 20,
      });
      await enqueue(tx, {
        method: "chat.postMessage",
        channel: set.cover.delegateId,
        message: { ...buildDelegateDm(set.cover, waiting, delegateLocale) },
        dedupeKey: `cover:${set.cover.id}:delegate`,
      });
    }
    for (const old of set.replaced) await tellEnded(tx, deps, old);
    return set;
  });
  deps.onOutbox();
  return { ok: true, ...result };
}

/** A delegate whose cover ended early (or was replaced) is told, once, in their language. */
async function tellEnded(tx: Parameters<typeof enqueue>[0], deps: CoverDeps, cover: Cover) {
  if (!cover.delegateId) return;
  const locale = await readerLocaleOf(deps, cover.delegateId);
  await enqueue(tx, {
    method: "chat.postMessage",
    channel: cover.delegateId,
    message: { ...buildCoverEndedDm(cover, locale) },
    dedupeKey: `cover:${cover.id}:ended`,
  });
}

/** The person is back: their covers from today on end; the delegates are told. */
export async function endCover(deps: CoverDeps, userId: string): Promise<Cover[]> {
  const now = deps.clock();
  const today = todayIn(deps.timezone, now);
  const ended = await deps.prisma.$transaction(async (tx) => {
    const covers = await endCovers(tx, userId, today, now);
    for (const c of covers) await tellEnded(tx, deps, c);
    return covers;
  });
  deps.onOutbox();
  return ended;
}

/** A person's covers from today on: theirs and those they give. */
export function showCover(deps: CoverDeps, userId: string) {
  return listCovers(deps.prisma, userId, todayIn(deps.timezone, deps.clock()));
}
