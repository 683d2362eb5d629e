import type { Calendar } from "../calendar/business-days.js";
import { type SlaSection, slaDays } from "./sla-policy.js";
import { slaDue } from "./state.js";
import type { Priority, RequestType } from "./types.js";

/**
 * A request's SLA (pure): its type and priority give the business days (sla-policy.ts), counted
 * from (re)submission on the team's calendar (business-days.ts); a needed-by date that comes
 * first brings the due time forward to the end of the last business day on or before it (to
 * the end of the needed-by date itself when no business day comes in between), and says so.
 */
export interface SlaPlan {
  /** The SLA in business days for the request's type and priority. */
  days: number;
  /** When CS Ops owe an answer: the SLA's end, or the needed-by date's if earlier. */
  dueAt: Date;
  /** Set when the needed-by date came before the SLA and shortened it. */
  neededBy?: {
    day: Date;
    /** Business days after the submission's day up to the needed-by date: "needed in 1 business day". */
    businessDays: number;
  };
}

export interface SlaSubject {
  type: RequestType;
  priority: Priority;
  /** The needed-by date (a calendar date), if any. */
  dueDate: Date | null;
}

export function planSla(
  request: SlaSubject,
  submittedAt: Date,
  policy: { sla: SlaSection },
  calendar: Calendar,
): SlaPlan {
  const days = slaDays(policy, request.type, request.priority);
  const dueAt = slaDue(submittedAt, days, calendar);
  if (!request.dueDate) return { days, dueAt };
  const needed = neededByInstant(request.dueDate, submittedAt, calendar);
  if (needed >= dueAt) return { days, dueAt };
  return {
    days,
    dueAt: needed,
    neededBy: {
      day: request.dueDate,
      businessDays: calendar.businessDaysAfter(calendar.dayOf(submittedAt), request.dueDate),
    },
  };
}

/** The end of the last business day on or before the needed-by date, if after submission. */
function neededByInstant(day: Date, submittedAt: Date, calendar: Calendar): Date {
  const worked = calendar.isBusinessDay(day) ? day : calendar.previousBusinessDay(day);
  const end = calendar.endOfDay(worked);
  if (end > submittedAt) return end;
  const own = calendar.endOfDay(day);
  return own > submittedAt ? own : submittedAt;
}
