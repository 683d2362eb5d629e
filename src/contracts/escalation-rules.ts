import type { Calendar } from "../calendar/business-days.js";
import type { EscalationStep } from "./sla-policy.js";

/**
 * The escalation ladder (pure): when each step of the policy's ladder is due for a request.
 * A step's `at` is a share of the SLA measured in business time (business-days.ts): with a
 * 2-business-day SLA submitted Friday 19:00 before a long weekend, 0.5 falls on Tuesday 19:00,
 * not on Sunday, and 1.5 a business day after the SLA ran out. Step 1 is the due time itself.
 * An SLA with no business time in it (a needed-by date on a day off) is shared in wall time.
 * Each step fires once per request and SLA due time: a resubmission, with its new due time,
 * starts the ladder again.
 */
export interface LadderSubject {
  submittedAt: Date;
  slaDueAt: Date;
}

export function stepDueAt(step: Pick<EscalationStep, "at">, r: LadderSubject, calendar: Calendar): Date {
  if (step.at === 1) return r.slaDueAt;
  const span = calendar.businessDaysBetween(r.submittedAt, r.slaDueAt);
  if (span > 0) return calendar.addBusinessDays(r.submittedAt, step.at * span);
  const wall = Math.max(0, r.slaDueAt.getTime() - r.submittedAt.getTime());
  return new Date(r.submittedAt.getTime() + step.at * wall);
}

/** The steps due at `now` and not fired yet (`fired`: step keys), lowest first. */
export function dueSteps(
  ladder: readonly EscalationStep[],
  r: LadderSubject,
  now: Date,
  fired: ReadonlySet<string>,
  calendar: Calendar,
): EscalationStep[] {
  return ladder.filter((s) => !fired.has(s.key) && stepDueAt(s, r, calendar) <= now);
}

/**
 * How the request stands against its SLA, for people: "due in 1 business day", "3 hours past
 * its SLA", "1.5 business days past its SLA". Business time: a weekend in between adds nothing.
 */
export function slaStanding(r: LadderSubject, now: Date, calendar: Calendar): string {
  const left = calendar.businessDaysBetween(now, r.slaDueAt);
  if (Math.abs(left) < 1 / 1440) return "at the end of its SLA";
  return left > 0 ? `due in ${span(left)}` : `${span(-left)} past its SLA`;
}

function span(days: number): string {
  const rounded = Math.round(days * 10) / 10;
  if (rounded >= 1) {
    return `${rounded} business day${rounded === 1 ? "" : "s"}`;
  }
  const hours = Math.round(days * 24);
  if (hours < 1) return "less than an hour";
  return `${hours} hour${hours === 1 ? "" : "s"}`;
}
