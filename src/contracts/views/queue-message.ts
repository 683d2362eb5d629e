import type { types } from "@slack/bolt";
import { type Locale, type Translator, translator } from "../../i18n/index.js";
import { button, escapeMrkdwn, type SlackMessage, slackTime } from "../../slack/blocks.js";
import { clip } from "../../text.js";
import { CONTRACT_ACTIONS } from "../ids.js";
import type { RequestDetails } from "../request.js";
import { type ApprovalStep, isOverdue, type Stage, type Status, WAITING_ON_CS_OPS } from "../state.js";
import { REQUEST_TYPES, requestLabel } from "../types.js";
import {
  type AccountAtAGlance,
  accountContextBlocks,
  clipMrkdwn,
  detailFields,
  extras,
  STATUS_EMOJI,
} from "./details.js";
import { lifecycleBlocks } from "./lifecycle.js";
import { statusWord, titleIn } from "./review-words.js";
import { approversPhrase, requestPhrase } from "./waiting-dm.js";

/** The request's message in the CS Ops queue channel, its thread, and the requester's DMs. */

/**
 * The queue's buttons for one request (queue message, App Home), only those that still apply:
 * *Assign to me* while nobody has it, *Review* while it waits on CS Ops. None once decided.
 */
export function queueButtons(
  r: Pick<RequestDetails, "id" | "status" | "assigneeId">,
  blockId: string,
  locale: Locale = "en",
): types.ActionsBlock | undefined {
  if (!WAITING_ON_CS_OPS.includes(r.status)) return undefined;
  const tr = translator(locale);
  const elements: types.Button[] = [];
  if (!r.assigneeId)
    elements.push(button(CONTRACT_ACTIONS.assign, tr.t("review.queue.assign"), String(r.id)));
  // Reassign, Unassign and Withdraw are the life cycle's (views/lifecycle.ts), in their own row.
  elements.push(button(CONTRACT_ACTIONS.review, tr.t("review.queue.review"), String(r.id), "primary"));
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
  /** KUROKO_CHANNEL_LOCALE: everyone in the queue channel reads it. */
  locale: Locale = "en",
): SlackMessage {
  const tr = translator(locale);
  const heading = titleIn(tr, r);
  const blocks: types.KnownBlock[] = [
    {
      type: "header",
      text: {
        type: "plain_text",
        text: clip(tr.t("review.queue.header", { emoji: STATUS_EMOJI[r.status], title: heading }), 150),
      },
    },
    { type: "section", fields: detailFields(r, steps, now, locale) },
    ...accountContextBlocks(account, locale),
    ...extras(r, locale),
  ];
  const buttons = queueButtons(r, `request_${r.id}`, locale);
  if (buttons) blocks.push(buttons);
  // The life cycle (views/lifecycle.ts): stage, document, withdrawal, and its buttons.
  blocks.push(...lifecycleBlocks(r, stages, locale));
  const overdue = isOverdue(r.status, r.slaDueAt, now);
  // The notification text is mrkdwn too: the account's name is escaped there (not in the plain-text header).
  const text = tr.t(overdue ? "review.queue.textOverdue" : "review.queue.text", {
    title: escapeMrkdwn(heading),
    status: statusWord(tr, r.status),
  });
  return { text: clipMrkdwn(text, 3_000), blocks };
}

const quote = (comment: string | null | undefined) =>
  comment ? `\n> ${escapeMrkdwn(comment).replace(/\n/g, "\n> ")}` : "";

const THREAD_LINES = {
  submitted: "review.thread.submitted",
  assigned: "review.thread.assigned",
  approved: "review.thread.approved",
  approved_step: "review.thread.approved_step",
  changes_requested: "review.thread.changes_requested",
  rejected: "review.thread.rejected",
  resubmitted: "review.thread.resubmitted",
} as const;

/** A line in the queue message's thread: the audit trail in Slack, in the channel's language. */
export function buildThreadLine(
  event: {
    action: string;
    actorId: string;
    /** A delegate's decision: the away approver it was made for. */
    onBehalfOf?: string | null;
    comment?: string | null;
    status: Status;
  },
  locale: Locale = "en",
): SlackMessage {
  const tr = translator(locale);
  const words = {
    actor: event.actorId,
    behalf: event.onBehalfOf ? tr.t("review.thread.behalf", { user: event.onBehalfOf }) : "",
    status: statusWord(tr, event.status),
  };
  const line = Object.hasOwn(THREAD_LINES, event.action)
    ? tr.t(THREAD_LINES[event.action as keyof typeof THREAD_LINES], words)
    : tr.t("review.thread.other", { ...words, action: event.action });
  const text = clipMrkdwn(`${line}${quote(event.comment)}`, 3_000);
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}

/** The thread's line when a request's SLA runs out, naming who has it. */
export function buildOverdueLine(r: RequestDetails, locale: Locale = "en"): { text: string } {
  const tr: Translator = translator(locale);
  const words = { label: requestLabel(r.number), at: slackTime(r.slaDueAt) };
  return {
    text: r.assigneeId
      ? tr.t("review.overdue.assigned", { ...words, user: r.assigneeId })
      : tr.t("review.overdue.nobody", words),
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
