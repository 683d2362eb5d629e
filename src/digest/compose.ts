import type { RequestType } from "../contracts/types.js";
import type { Band } from "../health/model.js";
import { isoDay } from "../time.js";

/**
 * The daily at-risk digest: what it says, composed from the day's snapshots. Pure; view.ts lays
 * it out as Slack messages.
 */

export interface DigestAccount {
  id: number;
  name: string;
  arr: number;
  currency: string;
  renewalDate: Date | null;
  ownerSlackId: string | null;
  score: number;
  band: Band;
  /** The band in the snapshot before this one, if any. */
  previousBand: Band | null;
  /** No metric newer than the health model's freshness limit: its score may be out of date. */
  stale: boolean;
}

/** An overdue contract request, as the digest names it. */
export interface DigestRequest {
  number: number;
  type: RequestType;
  account: { name: string };
  assigneeId: string | null;
}

export interface DigestInput {
  day: Date;
  accounts: DigestAccount[];
  overdueRequests: DigestRequest[];
  /** One-line reasons for the accounts the digest names first (by account id). */
  why: Map<number, string>;
  now: Date;
}

/** Rough rates, only to order accounts in different currencies by size; amounts show in their own currency. */
const ORDERING_RATE: Record<string, number> = { USD: 1, EUR: 1.08, GBP: 1.27, JPY: 0.0067 };
export const arrForOrdering = (a: { arr: number; currency: string }) =>
  a.arr * (ORDERING_RATE[a.currency] ?? 1);

export interface Digest {
  day: string;
  counts: Record<Band, number>;
  arrAtRisk: Record<string, number>;
  newlyAtRisk: DigestAccount[];
  recovered: DigestAccount[];
  topAtRisk: DigestAccount[];
  renewalsAtRisk: DigestAccount[];
  overdueRequests: DigestRequest[];
  /** Alerts stay quiet on stale data; the digest says so instead. */
  stale: DigestAccount[];
}

/** Picks what the digest says. Red is "at risk"; a renewal at risk is red or yellow. */
export function composeDigest(input: DigestInput): Digest {
  const counts: Record<Band, number> = { red: 0, yellow: 0, green: 0 };
  const arrAtRisk: Record<string, number> = {};
  for (const a of input.accounts) {
    counts[a.band]++;
    if (a.band === "red") arrAtRisk[a.currency] = (arrAtRisk[a.currency] ?? 0) + a.arr;
  }
  const bySize = (x: DigestAccount, y: DigestAccount) =>
    arrForOrdering(y) - arrForOrdering(x) || x.name.localeCompare(y.name);
  const red = input.accounts.filter((a) => a.band === "red").sort(bySize);
  const horizon = new Date(input.day.getTime() + 30 * 86_400_000);
  return {
    day: isoDay(input.day),
    counts,
    arrAtRisk,
    newlyAtRisk: red.filter((a) => a.previousBand !== null && a.previousBand !== "red"),
    recovered: input.accounts.filter((a) => a.previousBand === "red" && a.band !== "red").sort(bySize),
    topAtRisk: red,
    renewalsAtRisk: input.accounts
      .filter(
        (a) => a.band !== "green" && a.renewalDate && a.renewalDate >= input.day && a.renewalDate <= horizon,
      )
      .sort((x, y) => x.renewalDate!.getTime() - y.renewalDate!.getTime() || bySize(x, y)),
    overdueRequests: input.overdueRequests,
    stale: input.accounts.filter((a) => a.stale).sort(bySize),
  };
}
