import type { Translator } from "../../i18n/index.js";
import type { SlaStanding } from "../escalation-rules.js";
import type { SlaPlan, SlaSubject } from "../sla-plan.js";
import { priorityWord, typeWord } from "./review-words.js";

/**
 * A request's SLA in the reader's words (pure): how it stands against its SLA (escalation lines)
 * and what the needed-by date did to it (sla-messages.ts). The rules give facts
 * (escalation-rules.ts, sla-plan.ts); the words are the catalogue's.
 */

/** "due in 1 business day", "3 hours past its SLA", "at the end of its SLA". */
export function standingIn(tr: Translator, s: SlaStanding): string {
  if (s.kind === "end") return tr.t("review.stand.end");
  if (s.kind === "due") {
    if (s.unit === "days") return tr.t("review.stand.dueDays", { n: s.n });
    return s.unit === "hours" ? tr.t("review.stand.dueHours", { n: s.n }) : tr.t("review.stand.dueSoon");
  }
  if (s.unit === "days") return tr.t("review.stand.pastDays", { n: s.n });
  return s.unit === "hours" ? tr.t("review.stand.pastHours", { n: s.n }) : tr.t("review.stand.pastSoon");
}

/**
 * The values of a needed-by message ("needed in 1 business day; the NDA SLA is 2", at Normal
 * priority; another priority is named), or undefined when the needed-by date changed nothing.
 */
export function neededByValues(tr: Translator, plan: SlaPlan, request: SlaSubject) {
  if (!plan.neededBy) return undefined;
  const n = plan.neededBy.businessDays;
  return {
    soon: n === 0 ? "yes" : "no",
    n,
    type: typeWord(tr, request.type),
    priority: request.priority,
    priorityName: priorityWord(tr, request.priority),
    half: plan.days === 0.5 ? "yes" : "no",
    days: String(Math.round(plan.days * 10) / 10),
  };
}
