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
 * How the request stands against its SLA, as facts (views/sla-words.ts says them): "due in 1
 * business day", "3 hours past its SLA", "1.5 business days past its SLA". Business time: a
 * weekend in between adds nothing. Days are rounded to a tenth; under a day, to the hour.
 */
export type SlaStanding =
  | { kind: "end" }
  | { kind: "due" | "past"; unit: "days" | "hours" | "underHour"; n: number };

export function slaStanding(r: LadderSubject, now: Date, calendar: Calendar): SlaStanding {
  const left = calendar.businessDaysBetween(now, r.slaDueAt);
  if (Math.abs(left) < 1 / 1440) return { kind: "end" };
  return { kind: left > 0 ? "due" : "past", ...span(Math.abs(left)) };
}

function span(days: number): { unit: "days" | "hours" | "underHour"; n: number } {
  const rounded = Math.round(days * 10) / 10;
  if (rounded >= 1) return { unit: "days", n: rounded };
  const hours = Math.round(days * 24);
  return hours < 1 ? { unit: "underHour", n: 0 } : { unit: "hours", n: hours };
}
