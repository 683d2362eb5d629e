import { type Locale, translator } from "../../i18n/index.js";
import { STATUSES, type Status } from "../state.js";
import { reasonIn, statusInSentence } from "./review-words.js";

/**
 * The life cycle rules' refusals (lifecycle.ts, lifecycle-service.ts: audited in English, as
 * they are) said again in the reader's language (pure). A reason this does not know goes to
 * `reasonIn` (the deciding side's), and is returned as it is when neither knows it.
 */

const statusOf = (english: string): Status | undefined =>
  (Object.keys(STATUSES) as Status[]).find((s) => STATUSES[s].toLowerCase() === english.toLowerCase());

const FIXED = {
  "only the requester can withdraw it": "review.lcr.onlyRequester",
  "it has an approval already: ask CS Ops to reject it instead": "review.lcr.hasApproval",
  "Say why: CS Ops are told.": "review.lcr.sayWhy",
  "That person is not a CS Ops approver: pick one who is.": "review.lcr.notApprover",
  "It is assigned to them already.": "review.lcr.theirsAlready",
  "They asked for it: pick another CS Ops approver.": "review.lcr.theyAsked",
  "nobody has it": "review.lcr.nobodyHasIt",
  "it is approved: there is no later stage": "review.lcr.lastStageApproved",
  "Paste the link to the signed document.": "review.lcr.pasteLink",
  "this form has lost its stage: close it and click the button again": "review.lc.lostStage",
} as const;

const WITH_STATUS = [
  [/^it is (.+), so there is nothing to reassign$/, "review.lcr.nothingToReassign"],
  [/^it is (.+), so there is nothing to unassign$/, "review.lcr.nothingToUnassign"],
  [/^it is (.+), not approved$/, "review.lcr.notApproved"],
  [/^it changed since you opened this form: it is now (.+)$/, "review.lcr.changedSince"],
  [/^it is (.+) already$/, "review.lcr.already"],
] as const;

const WITH_STAGE = [
  [/^it is at “(.+)”: there is no later stage$/, "review.lcr.lastStage"],
  [/^it is at “(.+)” already$/, "review.lcr.atStage"],
] as const;

export function lifecycleReasonIn(locale: Locale, reason: string): string {
  if (locale === "en") return reason;
  const tr = translator(locale);
  if (Object.hasOwn(FIXED, reason)) return tr.t(FIXED[reason as keyof typeof FIXED]);
  for (const [pattern, key] of WITH_STAGE) {
    const m = pattern.exec(reason);
    if (m) return tr.t(key, { stage: m[1] ?? "" });
  }
  for (const [pattern, key] of WITH_STATUS) {
    const status = statusOf(pattern.exec(reason)?.[1] ?? "");
    if (status) return tr.t(key, { status: statusInSentence(tr, status) });
  }
  return reasonIn(locale, reason);
}
