import type { types } from "@slack/bolt";
import { button, escapeMrkdwn, type SlackMessage, slackTime } from "../../slack/blocks.js";
import { clip } from "../../text.js";
import { CONTRACT_ACTIONS } from "../ids.js";
import type { RequestDetails } from "../request.js";
import {
  type ApprovalStep,
  isOverdue,
  STATUSES,
  type Stage,
  type Status,
  WAITING_ON_CS_OPS,
} from "../state.js";
import { REQUEST_TYPES, requestLabel } from "../types.js";
import {
  type AccountAtAGlance,
  accountContextBlocks,
  clipMrkdwn,
  detailFields,
  extras,
  STATUS_EMOJI,
  title,
} from "./details.js";
import { lifecycleBlocks } from "./lifecycle.js";
import { approversPhrase, requestPhrase } from "./waiting-dm.js";

/** The request's message in the CS Ops queue channel, its thread, and the requester's DMs. */

/**
 * The queue's buttons for one request (queue message, App Home), only those that still apply:
 * *Assign to me* while nobody has it, *Review* while it waits on CS Ops. None once decided.
 */
export function queueButtons(
  r: Pick<RequestDetails, "id" | "status" | "assigneeId">,
  blockId: string,
): types.ActionsBlock | undefined {
  if (!WAITING_ON_CS_OPS.includes(r.status)) return undefined;
  const elements: types.Button[] = [];
  if (!r.assigneeId) elements.push(button(CONTRACT_ACTIONS.assign, "Assign to me", String(r.id)));
  // Reassign, Unassign and Withdraw are the life cycle's (views/lifecycle.ts), in their own row.
  elements.push(button(CONTRACT_ACTIONS.review, "Review", String(r.id), "primary"));
  return { type: "actions", block_id: blockId, elements };
}

/**
 * The request's message in the CS Ops queue channel, edited in place at every change; with
 * `account`, the account's context under the details; `stages`, the policy's stages after approval.
 */
export function buildQueueMessage(
  r: RequestDetails,
  steps: ApprovalStep[],
  now: Date,
  account?: AccountAtAGlance,
  stages?: readonly Stage[],
): SlackMessage {
  const blocks: types.KnownBlock[] = [
    {
      type: "header",
      text: { type: "plain_text", text: clip(`${STATUS_EMOJI[r.status]} ${title(r)}`, 150) },
    },
    { type: "section", fields: detailFields(r, steps, now) },
    ...accountContextBlocks(account),
    ...extras(r),
  ];
  const buttons = queueButtons(r, `request_${r.id}`);
  if (buttons) blocks.push(buttons);
  // The life cycle (views/lifecycle.ts): stage, document, withdrawal, and its buttons.
  blocks.push(...lifecycleBlocks(r, stages));
  const overdue = isOverdue(r.status, r.slaDueAt, now) ? " (overdue)" : "";
  // The notification text is mrkdwn too: the account's name is escaped there (not in the plain-text header).
  return { text: clipMrkdwn(`${escapeMrkdwn(title(r))}: ${STATUSES[r.status]}${overdue}`, 3_000), blocks };
}

const quote = (comment: string | null | undefined) =>
  comment ? `\n> ${escapeMrkdwn(comment).replace(/\n/g, "\n> ")}` : "";

/** A line in the queue message's thread: the audit trail in Slack. */
export function buildThreadLine(event: {
  action: string;
  actorId: string;
  /** A delegate's decision: the away approver it was made for. */
  onBehalfOf?: string | null;
  comment?: string | null;
  status: Status;
}): SlackMessage {
  const verbs: Record<string, string> = {
    submitted: "submitted the request",
    assigned: "took it",
    approved: "approved it: all approvals given",
    approved_step: "approved it; another approval is still needed",
    changes_requested: "asked the requester for changes",
    rejected: "rejected it",
    resubmitted: "resubmitted it with changes",
  };
  const text = clipMrkdwn(
    `<@${event.actorId}>${event.onBehalfOf ? ` (on behalf of <@${event.onBehalfOf}>)` : ""} ${verbs[event.action] ?? event.action} → *${STATUSES[event.status]}*${quote(event.comment)}`,
    3_000,
  );
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}

/** The thread's line when a request's SLA runs out, naming who has it. */
export function buildOverdueLine(r: RequestDetails): { text: string } {
  const who = r.assigneeId ? `<@${r.assigneeId}>` : "Nobody has taken it yet";
  return {
    text: `⚠️ ${requestLabel(r.number)} is overdue: its SLA ran out ${slackTime(r.slaDueAt)}. ${who}.`,
  };
}

/**
 * What the requester is told, by DM, at each step. With `queueLink`, `{permalink}` stands for
 * the queue message's link (the outbox's `linkTo` fills it in); without a queue message there
 * is no link to give.
 */
export function buildRequesterDm(
  r: RequestDetails,
  event: { action: string; actorId: string; comment?: string | null },
  options: { queueLink?: boolean } = {},
): SlackMessage {
  const label = requestLabel(r.number);
  const what = requestPhrase(r);
  const link = options.queueLink ? " <{permalink}|See it in the queue>." : "";
  const approvers = approversPhrase(r);
  const lines: Record<string, string> = {
    submitted: `Your request *${label}* (${REQUEST_TYPES[r.type].label}, ${escapeMrkdwn(r.account.name)}) is in the CS Ops queue.${link}`,
    assigned: `<@${event.actorId}> is handling ${what}.`,
    approved: `${what} is approved by ${approvers || `<@${event.actorId}>`}. ✅`,
    approved_step: `${approvers || `<@${event.actorId}>`} approved ${what}; it needs one more approval.`,
    changes_requested: `<@${event.actorId}> asks for changes to ${what}. Edit it and resubmit with the button below.`,
    rejected: `${what} was rejected by <@${event.actorId}>.`,
    resubmitted: `You resubmitted ${what}; it is back in the CS Ops queue.`,
  };
  const text = clipMrkdwn(
    `${lines[event.action] ?? `${label}: ${event.action}`}${quote(event.comment)}`,
    3_000,
  );
  const blocks: types.KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text } }];
  if (event.action === "changes_requested") {
    blocks.push({
      type: "actions",
      elements: [button(CONTRACT_ACTIONS.edit, "Edit and resubmit", String(r.id), "primary")],
    });
  }
  return { text, blocks };
}
