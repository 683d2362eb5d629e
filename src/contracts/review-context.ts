import { addDays, todayIn } from "../time.js";
import { approvalPath } from "./recipients.js";
import { findScoreOn, listAccountRequests } from "./repository.js";
import type { RequestDetails } from "./request.js";
import type { ContractDeps } from "./service.js";
import type { ReviewContext } from "./views/review-modal.js";
import { stepMembersFor } from "./waiting.js";

/** How far back the review looks: the score's change, and the account's recent requests. */
export const SCORE_CHANGE_DAYS = 30;
export const RECENT_REQUEST_DAYS = 90;
/** The account's other requests the review lists at most. */
const RECENT_LIMIT = 10;

/** What the review modal shows besides the request: the score 30 days ago, the account's requests, the path. */
export async function loadReviewContext(
  deps: Pick<ContractDeps, "prisma" | "approvers" | "policy" | "timezone" | "clock">,
  r: RequestDetails,
): Promise<ReviewContext> {
  const now = deps.clock();
  const today = todayIn(deps.timezone, now);
  const [scoreThen, recent, members] = await Promise.all([
    findScoreOn(deps.prisma, r.account.id, addDays(today, -SCORE_CHANGE_DAYS)),
    listAccountRequests(deps.prisma, r.account.id, addDays(now, -RECENT_REQUEST_DAYS), {
      except: r.id,
      limit: RECENT_LIMIT,
    }),
    stepMembersFor(deps, [r]),
  ]);
  return { scoreThen, recent, path: approvalPath(r, deps.policy, members) };
}
