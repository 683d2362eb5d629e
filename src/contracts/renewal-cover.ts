import type { Status } from "./state.js";
import type { RequestType } from "./types.js";

/**
 * Which contract request already covers an account's renewal (pure): a renewal reminder shows
 * it instead of *Start renewal paperwork*, and the intake warns before a second one is logged.
 *
 * A request covers a renewal when it is a **renewal** request, **open or approved** (rejected
 * ones cover nothing), and its start date is the renewal date or within
 * `RENEWAL_COVER_DAYS` of it: people often start the new term on the first of the month, or a
 * few days early, and that is still the same renewal. A request without a start date covers
 * nothing: it cannot be told apart from next year's.
 */
export const RENEWAL_COVER_DAYS = 7;

/** What the rule reads of a request. */
export interface CoverCandidate {
  type: RequestType;
  status: Status;
  startDate: Date | null;
}

const DAY_MS = 86_400_000;
const COVERING: readonly Status[] = [
  "submitted",
  "in_review",
  "awaiting_second_approval",
  "changes_requested",
  "approved",
];

/** Days between a request's start date and the renewal date, or undefined when it does not cover it. */
function distance(candidate: CoverCandidate, renewalDate: Date): number | undefined {
  if (candidate.type !== "renewal" || !COVERING.includes(candidate.status) || !candidate.startDate)
    return undefined;
  const days = Math.round(Math.abs(candidate.startDate.getTime() - renewalDate.getTime()) / DAY_MS);
  return days <= RENEWAL_COVER_DAYS ? days : undefined;
}

/**
 * The request covering this renewal, if any: the closest start date wins, and between equally
 * close ones an approved request before an open one (it is the one that will stand).
 */
export function coveringRequest<T extends CoverCandidate>(
  candidates: readonly T[],
  renewalDate: Date,
): T | undefined {
  let best: { candidate: T; days: number } | undefined;
  for (const candidate of candidates) {
    const days = distance(candidate, renewalDate);
    if (days === undefined) continue;
    const better =
      !best ||
      days < best.days ||
      (days === best.days && candidate.status === "approved" && best.candidate.status !== "approved");
    if (better) best = { candidate, days };
  }
  return best?.candidate;
}

/**
 * A second renewal request for a renewal already covered is refused at intake unless the
 * requester says they mean it: the notes name the covering request ("CR-1042", "cr1042").
 * Duplicates by accident are stopped; a deliberate second one (a re-paper after a change of
 * terms) is one mention away, and the mention tells CS Ops why there are two.
 */
export function acknowledgesCover(notes: string | null, number: number): boolean {
  return new RegExp(`\\bCR-?${number}\\b`, "i").test(notes ?? "");
}
