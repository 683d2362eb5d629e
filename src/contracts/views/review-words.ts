import { type Locale, type Translator, translator } from "../../i18n/index.js";
import { NOT_AN_APPROVER } from "../../slack/approvers.js";
import type { Decision, Status } from "../state.js";
import { COMMENT_REQUIRED, SELF_APPROVAL_REASON, STAND_IN_SELF_APPROVAL_REASON, STATUSES } from "../state.js";
import { type Priority, type RequestType, requestLabel } from "../types.js";

/**
 * The words of deciding a request in the reader's language (pure): request types, statuses,
 * priorities and decisions from the catalogue, and the refusals the state rules give in English
 * (state.ts, service.ts: audited as they are) said again in the reader's language.
 */

export const typeWord = (tr: Translator, type: RequestType) => tr.t(`contract.type.${type}`);
/** "In review": a status as a label (capitalised in English). */
export const statusWord = (tr: Translator, status: Status) => tr.t(`review.status.${status}`);
/** "in review": a status inside a sentence. */
export const statusInSentence = (tr: Translator, status: Status) => tr.t(`contract.status.${status}`);
export const priorityWord = (tr: Translator, priority: Priority) => tr.t(`review.priority.${priority}`);
export const decisionWord = (tr: Translator, decision: Decision) => tr.t(`review.decision.${decision}`);

/** "CR-1042 · Renewal · Acme Corp" in the reader's language (the account's name as it is). */
export const titleIn = (
  tr: Translator,
  r: { number: number; type: RequestType; account: { name: string } },
) =>
  tr.t("review.title", {
    label: requestLabel(r.number),
    type: typeWord(tr, r.type),
    account: r.account.name,
  });

/** A status's English label back to its key ("in review" → in_review). */
function statusOf(english: string): Status | undefined {
  const found = Object.entries(STATUSES).find(([, label]) => label.toLowerCase() === english.toLowerCase());
  return found?.[0] as Status | undefined;
}

const TWICE: [
  string,
  (
    | "review.reason.twiceSelf"
    | "review.reason.twiceStandIn"
    | "review.reason.twiceOnBehalf"
    | "review.reason.twiceAway"
  ),
][] = [
  ["you approved it already, standing in for someone", "review.reason.twiceStandIn"],
  ["you approved it already", "review.reason.twiceSelf"],
  ["it was approved already on your behalf", "review.reason.twiceOnBehalf"],
  ["the person you stand in for counts for an approval already", "review.reason.twiceAway"],
];

/**
 * A refusal's reason (English, as the rules give it and the audit keeps it) in `locale`. A reason
 * this does not know is returned as it is (English), so nothing is ever lost.
 */
export function reasonIn(locale: Locale, reason: string): string {
  if (locale === "en") return reason;
  const tr = translator(locale);
  if (reason === COMMENT_REQUIRED) return tr.t("review.reason.commentRequired");
  if (reason === SELF_APPROVAL_REASON) return tr.t("review.reason.self");
  if (reason === STAND_IN_SELF_APPROVAL_REASON) return tr.t("review.reason.standInSelf");
  if (reason === NOT_AN_APPROVER) return tr.t("review.notApprover");
  if (reason === "every approval it needs is already given") return tr.t("review.reason.allGiven");
  if (reason === "that request no longer exists") return tr.t("review.reason.gone");
  if (reason === "it is already assigned to you") return tr.t("review.reason.yoursAlready");
  if (reason.startsWith("it was edited and resubmitted after you opened it"))
    return tr.t("review.reason.resubmittedSince");
  let m = /^it has already moved on: it is (now )?(.+)$/.exec(reason);
  const moved = m && statusOf(m[2] ?? "");
  if (m && moved)
    return tr.t(m[1] ? "review.reason.movedOnNow" : "review.reason.movedOn", {
      status: statusInSentence(tr, moved),
    });
  m = /^it is (.+), so there is nothing to assign$/.exec(reason);
  const idle = m && statusOf(m[1] ?? "");
  if (idle) return tr.t("review.reason.nothingToAssign", { status: statusInSentence(tr, idle) });
  m = /^<@([A-Z0-9]+)> has it already; /.exec(reason);
  if (m) return tr.t("review.reason.takenBy", { user: m[1] ?? "" });
  m = /^the next approval \((.+)\) is not yours to give$/.exec(reason);
  if (m) return tr.t("review.reason.notYours", { step: m[1] ?? "" });
  for (const [why, key] of TWICE) {
    const suffix = /^; (.+) must be someone else$/.exec(reason.slice(why.length));
    if (reason.startsWith(why) && suffix) return tr.t(key, { step: suffix[1] ?? "" });
  }
  return reason;
}
