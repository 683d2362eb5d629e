/**
 * "Your morning" (pure): what one person's DM says, and whether it is sent at all.
 *
 * - Their **new alerts** (not told before, not resolved), highest severity first, then the
 *   largest ARR; their **renewal reminders** not told before, largest ARR first; and the
 *   **contract requests waiting on them** (changes requested on their own requests first,
 *   then the requests assigned to them that wait on CS Ops, soonest SLA first).
 * - Sent only when there is news: a new alert or a new reminder. Requests waiting ride along
 *   but never send a DM on their own: the requester was DMed when changes were requested, and
 *   the queue flags what is overdue, so a daily DM about the same request would be noise.
 * - Bounded: at most `MORNING_BLOCK_BUDGET` blocks. Items are taken in turns (an alert, a
 *   renewal, a request, again…) so a flood of one kind does not hide the others; what does not
 *   fit is counted ("and 12 more renewals: see App Home"), and is still marked told.
 */

/** The most blocks a "Your morning" DM uses (Slack allows 50: room to spare). */
export const MORNING_BLOCK_BUDGET = 45;

/** Blocks each item takes: an alert is a section and its buttons, the others a section with a button. */
export const ITEM_BLOCKS = { alerts: 2, renewals: 1, requests: 1 } as const;

export type MorningGroup = keyof typeof ITEM_BLOCKS;
const GROUPS: readonly MorningGroup[] = ["alerts", "renewals", "requests"];

/** What compose reads of each kind of item (the rest is carried through for the view). */
export interface AlertItem {
  severity: number;
  /** The account's ARR made comparable across currencies (money.ts `comparableAmount`). */
  size: number;
  name: string;
}
export interface RenewalItem {
  size: number;
  name: string;
}
export interface RequestItem {
  /** "yours": changes requested on the person's own request; "review": assigned to them, waiting on CS Ops. */
  waiting: "yours" | "review";
  slaDueAt: Date;
  number: number;
}

export interface MorningInput<A extends AlertItem, R extends RenewalItem, Q extends RequestItem> {
  alerts: readonly A[];
  renewals: readonly R[];
  requests: readonly Q[];
}

export interface Shown<T> {
  items: T[];
  /** Not shown for want of room: counted in one line. */
  more: number;
}

export interface MorningPlan<A, R, Q> {
  alerts: Shown<A>;
  renewals: Shown<R>;
  requests: Shown<Q>;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** The blocks a plan takes: a header, and per group with items a heading, its items, and a "more" line. */
export function planBlocks(
  shown: Record<MorningGroup, number>,
  totals: Record<MorningGroup, number>,
): number {
  let blocks = 1;
  for (const group of GROUPS) {
    if (!totals[group]) continue;
    blocks += 1 + ITEM_BLOCKS[group] * shown[group] + (shown[group] < totals[group] ? 1 : 0);
  }
  return blocks;
}

/** One person's morning, or undefined when they have no news (no DM). */
export function composeMorning<A extends AlertItem, R extends RenewalItem, Q extends RequestItem>(
  input: MorningInput<A, R, Q>,
  budget = MORNING_BLOCK_BUDGET,
): MorningPlan<A, R, Q> | undefined {
  if (!input.alerts.length && !input.renewals.length) return undefined;
  const alerts = [...input.alerts].sort((a, b) => b.severity - a.severity || b.size - a.size || byName(a, b));
  const renewals = [...input.renewals].sort((a, b) => b.size - a.size || byName(a, b));
  const requests = [...input.requests].sort(
    (a, b) =>
      (a.waiting === "yours" ? 0 : 1) - (b.waiting === "yours" ? 0 : 1) ||
      a.slaDueAt.getTime() - b.slaDueAt.getTime() ||
      a.number - b.number,
  );
  const totals = { alerts: alerts.length, renewals: renewals.length, requests: requests.length };
  const shown = { alerts: 0, renewals: 0, requests: 0 };
  let grew = true;
  while (grew) {
    grew = false;
    for (const group of GROUPS) {
      if (shown[group] >= totals[group]) continue;
      const next = { ...shown, [group]: shown[group] + 1 };
      if (planBlocks(next, totals) > budget) continue;
      shown[group]++;
      grew = true;
    }
  }
  const take = <T>(list: T[], n: number): Shown<T> => ({ items: list.slice(0, n), more: list.length - n });
  return {
    alerts: take(alerts, shown.alerts),
    renewals: take(renewals, shown.renewals),
    requests: take(requests, shown.requests),
  };
}
