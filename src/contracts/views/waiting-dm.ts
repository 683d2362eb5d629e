import type { types } from "@slack/bolt";
import { button, escapeMrkdwn, type SlackMessage } from "../../slack/blocks.js";
import { CONTRACT_ACTIONS } from "../ids.js";
import type { Waiting } from "../recipients.js";
import type { RequestDetails } from "../request.js";
import { type ApprovalStep, STATUSES } from "../state.js";
import { REQUEST_TYPES, requestLabel } from "../types.js";
import { amountText, clipMrkdwn, STATUS_EMOJI } from "./details.js";

/**
 * The DM that asks someone to act on a request (sent once per person and step, see
 * recipients.ts), and how it is redrawn once it no longer waits on them: its button gone.
 */

/** "*CR-12* (Renewal, Acme Corp, $264,000)": the request, its type, account and amount. */
export function requestPhrase(r: RequestDetails): string {
  const amount = r.amount !== null && r.currency ? `, ${amountText(r)}` : "";
  return `*${requestLabel(r.number)}* (${REQUEST_TYPES[r.type].label}, ${escapeMrkdwn(r.account.name)}${amount})`;
}

/** "<@K> and <@M>": everyone who approved it since its (re)submission, in order. */
export function approversPhrase(r: Pick<RequestDetails, "approvals">): string {
  const ids = [...new Set(r.approvals.map((a) => `<@${a.userId}>`))];
  return ids.length <= 1 ? (ids[0] ?? "") : `${ids.slice(0, -1).join(", ")} and ${ids.at(-1)}`;
}

const quote = (comment: string | null | undefined) =>
  comment ? `\n> ${escapeMrkdwn(comment).replace(/\n/g, "\n> ")}` : "";

/** Approvals given so far, each with its step: "✅ CS Ops: <@K>". */
function approvalsLine(r: RequestDetails, steps: ApprovalStep[]): string {
  if (!r.approvals.length) return "";
  const given = r.approvals.map(
    (a) => `✅ ${steps.find((s) => s.key === a.step)?.label ?? a.step}: <@${a.userId}>`,
  );
  return `\nApproved so far: ${given.join(" · ")}`;
}

/** What a change did, said to someone it no longer waits on or asks to act. */
const DONE: Record<string, string> = {
  assigned: "took it",
  approved: "approved it: all approvals given",
  approved_step: "approved it",
  changes_requested: "asked the requester for changes",
  rejected: "rejected it",
  resubmitted: "resubmitted it",
  reassigned: "reassigned it",
  unassigned: "put it back in the queue",
  withdrawn: "withdrew it",
};

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
): SlackMessage {
  const what = requestPhrase(r);
  const step = steps.find((s) => s.key === waiting.step);
  let lead: string;
  if (waiting.action === "edit")
    lead = `<@${event.actorId}> asks for changes to ${what}. Edit it and resubmit with the button below.${quote(event.comment)}`;
  else if (event.action === "approved_step")
    lead = `${what} waits on you: <@${event.actorId}> approved it, and the next approval (${step?.label ?? waiting.step}) can be yours.`;
  else if (event.action === "resubmitted")
    lead = `${what} waits on you: <@${event.actorId}> resubmitted it with changes.`;
  else lead = `${what} waits on you: <@${event.actorId}> gave it to you to review.`;
  const requester = waiting.action === "review" ? `\nRequested by <@${r.requesterId}>.` : "";
  const text = clipMrkdwn(`${lead}${requester}${approvalsLine(r, steps)}`, 3_000);
  const action =
    waiting.action === "edit"
      ? button(CONTRACT_ACTIONS.edit, "Edit and resubmit", String(r.id), "primary")
      : button(CONTRACT_ACTIONS.review, "Review", String(r.id), "primary");
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text } },
      { type: "actions", block_id: `waiting_${r.id}`, elements: [action] },
    ],
  };
}

/** The line added to a DM that no longer waits on its reader: who did what, and where it stands. */
export function noLongerWaitingLine(r: RequestDetails, event: WaitEvent, reader: string): string {
  const who = event.actorId === reader ? "You" : `<@${event.actorId}>`;
  const done = DONE[event.action] ?? event.action.replace(/_/g, " ");
  return `${STATUS_EMOJI[r.status]} ${who} ${done}: ${requestLabel(r.number)} is now *${STATUSES[r.status].toLowerCase()}*. Nothing here waits on you any more.`;
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
