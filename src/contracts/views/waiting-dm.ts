import type { types } from "@slack/bolt";
import { type Locale, type Translator, translator } from "../../i18n/index.js";
import { button, escapeMrkdwn, type SlackMessage } from "../../slack/blocks.js";
import { CONTRACT_ACTIONS } from "../ids.js";
import type { Waiting } from "../recipients.js";
import type { RequestDetails } from "../request.js";
import type { ApprovalStep } from "../state.js";
import { requestLabel } from "../types.js";
import { amountText, clipMrkdwn, STATUS_EMOJI } from "./details.js";
import { statusInSentence, typeWord } from "./review-words.js";

/**
 * The DM that asks someone to act on a request (sent once per person and step, see
 * recipients.ts), and how it is redrawn once it no longer waits on them: its button gone.
 */

/** "*CR-12* (Renewal, Acme Corp, $264,000)": the request, its type, account and amount. */
export function requestPhrase(r: RequestDetails, locale: Locale = "en"): string {
  const tr = translator(locale);
  const words = {
    label: requestLabel(r.number),
    type: typeWord(tr, r.type),
    account: escapeMrkdwn(r.account.name),
  };
  return r.amount !== null && r.currency
    ? tr.t("review.phraseAmount", { ...words, amount: amountText(r, locale) })
    : tr.t("review.phrase", words);
}

/** "<@K> and <@M>": everyone who approved it since its (re)submission, in order. */
export function approversPhrase(r: Pick<RequestDetails, "approvals">): string {
  const ids = [...new Set(r.approvals.map((a) => `<@${a.userId}>`))];
  return ids.length <= 1 ? (ids[0] ?? "") : `${ids.slice(0, -1).join(", ")} and ${ids.at(-1)}`;
}

const quote = (comment: string | null | undefined) =>
  comment ? `\n> ${escapeMrkdwn(comment).replace(/\n/g, "\n> ")}` : "";

/** Approvals given so far, each with its step: "✅ CS Ops: <@K>". */
function approvalsLine(r: RequestDetails, steps: ApprovalStep[], tr: Translator): string {
  if (!r.approvals.length) return "";
  const given = r.approvals.map((a) =>
    tr.t("review.approvals.given", {
      step: steps.find((s) => s.key === a.step)?.label ?? a.step,
      user: a.userId,
    }),
  );
  return `\n${tr.t("review.wait.approvedSoFar", { list: given.join(" · ") })}`;
}

/** What a change did, said to someone it no longer waits on or asks to act. */
const DONE = {
  assigned: "review.done.assigned",
  approved: "review.done.approved",
  approved_step: "review.done.approved_step",
  changes_requested: "review.done.changes_requested",
  rejected: "review.done.rejected",
  resubmitted: "review.done.resubmitted",
  reassigned: "review.done.reassigned",
  unassigned: "review.done.unassigned",
  withdrawn: "review.done.withdrawn",
} as const;

export interface WaitEvent {
  action: string;
  actorId: string;
  comment?: string | null;
}

/** The DM asking `Waiting.userIds` to act, with the one button that fits. */
export function buildWaitingDm(
  r: RequestDetails,
  steps: ApprovalStep[],
  waiting: Waiting,
  event: WaitEvent,
  /** The reader's language (composed per recipient). */
  locale: Locale = "en",
): SlackMessage {
  const tr = translator(locale);
  const what = requestPhrase(r, locale);
  const step = steps.find((s) => s.key === waiting.step);
  const actor = event.actorId;
  let lead: string;
  if (waiting.action === "edit") lead = `${tr.t("review.wait.edit", { actor, what })}${quote(event.comment)}`;
  else if (event.action === "approved_step")
    lead = tr.t("review.wait.approvedStep", { what, actor, step: step?.label ?? waiting.step });
  else if (event.action === "resubmitted") lead = tr.t("review.wait.resubmitted", { what, actor });
  else lead = tr.t("review.wait.given", { what, actor });
  const requester =
    waiting.action === "review" ? `\n${tr.t("review.wait.requestedBy", { user: r.requesterId })}` : "";
  const text = clipMrkdwn(`${lead}${requester}${approvalsLine(r, steps, tr)}`, 3_000);
  const action =
    waiting.action === "edit"
      ? button(CONTRACT_ACTIONS.edit, tr.t("review.wait.editButton"), String(r.id), "primary")
      : button(CONTRACT_ACTIONS.review, tr.t("review.queue.review"), String(r.id), "primary");
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text } },
      { type: "actions", block_id: `waiting_${r.id}`, elements: [action] },
    ],
  };
}

/** The line added to a DM that no longer waits on its reader: who did what, and where it stands. */
export function noLongerWaitingLine(
  r: RequestDetails,
  event: WaitEvent,
  reader: string,
  locale: Locale = "en",
): string {
  const tr = translator(locale);
  const who = event.actorId === reader ? tr.t("review.done.you") : `<@${event.actorId}>`;
  const done = Object.hasOwn(DONE, event.action)
    ? tr.t(DONE[event.action as keyof typeof DONE], { who })
    : tr.t("review.done.other", { who, action: event.action.replace(/_/g, " ") });
  return tr.t("review.noLonger", {
    emoji: STATUS_EMOJI[r.status],
    done,
    label: requestLabel(r.number),
    status: statusInSentence(tr, r.status),
  });
}

/**
 * A sent DM redrawn once it no longer waits on its reader: the same words, its buttons gone,
 * and a line saying why (a stale button would only answer "it has already moved on").
 */
export function withoutButtons(message: SlackMessage, line: string): SlackMessage {
  const blocks = message.blocks.filter((b) => b.type !== "actions");
  const context: types.ContextBlock = {
    type: "context",
    elements: [{ type: "mrkdwn", text: clipMrkdwn(line, 3_000) }],
  };
  return { text: message.text, blocks: [...blocks, context] };
}
