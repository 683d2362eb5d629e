import type { types } from "@slack/bolt";
import { z } from "zod";
import { describeBand } from "../../health/band.js";
import { escapeMrkdwn, slackTime } from "../../slack/blocks.js";
import { clip } from "../../text.js";
import { isoDay } from "../../time.js";
import { TEXT_LIMITS } from "../fields.js";
import { CONTRACT_VIEWS, REVIEW_BLOCKS } from "../ids.js";
import type { ApprovalPathStep } from "../recipients.js";
import type { RequestDetails } from "../request.js";
import { type ApprovalStep, DECISIONS, decisionSchema, STATUSES, type Status } from "../state.js";
import { REQUEST_TYPES, type RequestType, requestLabel } from "../types.js";
import {
  type AccountAtAGlance,
  accountContextBlocks,
  detailFields,
  extras,
  STATUS_EMOJI,
  section,
  title,
} from "./details.js";

/** Under the review's comment: optional when approving, which Slack's "(optional)" says. */
export const REVIEW_COMMENT_HINT = "Required to reject or request changes: the requester reads it.";

/** What the review modal carries: the request, its version when the modal opened, and what it showed. */
export const reviewMetadataSchema = z.object({
  requestId: z.number().int().positive().max(2_147_483_647),
  version: z.number().int().nonnegative().optional(),
  /** The digest of what the modal shows (see requestDigest): a resubmitted request is not decided unseen. */
  shown: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .optional(),
});
export type ReviewMetadata = z.input<typeof reviewMetadataSchema>;

/** What a reviewer weighs besides the request itself (review-context.ts reads it). */
export interface ReviewContext {
  /** The account's score on or before 30 days ago: the change since then. */
  scoreThen?: { score: number; day: Date };
  /** The account's other requests: open ones and those of the last 90 days, newest first. */
  recent: { number: number; type: RequestType; status: Status; submittedAt: Date }[];
  /** Each approval step: who gave it and when, or who may give it. */
  path: ApprovalPathStep[];
}

/** "<@A>, <@B> or <@C>" (at most 5 named, then how many more); "nobody configured" for none. */
function people(ids: string[]): string {
  if (!ids.length) return "nobody may give it yet: ask your CS Ops admin";
  const named = ids.slice(0, 5).map((id) => `<@${id}>`);
  const more = ids.length - named.length;
  if (more > 0) return `${named.join(", ")} or ${more} more`;
  return named.length === 1 ? named[0]! : `${named.slice(0, -1).join(", ")} or ${named.at(-1)}`;
}

/** The account's health now, in the one vocabulary, and its change over 30 days. */
function healthLine(account: AccountAtAGlance | undefined, context: ReviewContext): string | undefined {
  const c = account?.context;
  if (!c) return undefined;
  if (c.band === null || c.score === null) return "*Health*\nno health score yet";
  const now = describeBand(c.score, c.band, account.options.model);
  const then = context.scoreThen;
  if (!then) return `*Health*\n${now} · no score 30 days ago to compare`;
  const delta = c.score - then.score;
  const trend =
    delta === 0 ? "➡️ unchanged" : delta > 0 ? `📈 up ${delta} points` : `📉 down ${-delta} points`;
  return `*Health*\n${now} · ${trend} in 30 days (${then.score} on ${isoDay(then.day)})`;
}

/** The review's context: health and its change, the account's other requests, the approval path. */
export function reviewContextBlocks(
  r: RequestDetails,
  account: AccountAtAGlance | undefined,
  context: ReviewContext | undefined,
): types.KnownBlock[] {
  if (!context) return [];
  const blocks: types.KnownBlock[] = [];
  const health = healthLine(account, context);
  if (health) blocks.push(section(health));
  const recent = context.recent.map(
    (o) =>
      `• ${STATUS_EMOJI[o.status]} ${requestLabel(o.number)} ${REQUEST_TYPES[o.type].label}: ${STATUSES[o.status].toLowerCase()} (${isoDay(o.submittedAt)})`,
  );
  blocks.push(
    section(
      `*Other requests for ${escapeMrkdwn(r.account.name)}* (open, or from the last 90 days)\n${recent.join("\n") || "none"}`,
    ),
  );
  const path = context.path.map(({ step, approval, mayGive }, i) =>
    approval
      ? `${i + 1}. ✅ ${step.label}: <@${approval.userId}>, ${slackTime(new Date(approval.at))}`
      : `${i + 1}. ⏳ ${step.label}: ${people(mayGive ?? [])}`,
  );
  blocks.push(section(`*Approval path*\n${path.join("\n")}`));
  return blocks;
}

/**
 * The review modal: the full request and the decision. `approveRefused` (why this reviewer may
 * not approve, e.g. it is their own request) leaves Approve out and says why; the submission
 * is checked again on the server all the same. `account`: the account's context, under the details.
 */
export function buildReviewModal(
  r: RequestDetails,
  steps: ApprovalStep[],
  now: Date,
  metadata: ReviewMetadata,
  options: { approveRefused?: string; account?: AccountAtAGlance; context?: ReviewContext } = {},
): types.ModalView {
  const decisions = decisionSchema.options.filter((d) => d !== "approve" || !options.approveRefused);
  const refusal: types.ContextBlock[] = options.approveRefused
    ? [
        {
          type: "context",
          elements: [{ type: "mrkdwn", text: `You cannot approve it: ${options.approveRefused}.` }],
        },
      ]
    : [];
  return {
    type: "modal",
    callback_id: CONTRACT_VIEWS.review,
    title: { type: "plain_text", text: clip(`Review ${requestLabel(r.number)}`, 24) },
    submit: { type: "plain_text", text: "Decide" },
    close: { type: "plain_text", text: "Cancel" },
    private_metadata: JSON.stringify(metadata),
    blocks: [
      section(`*${escapeMrkdwn(title(r))}*`),
      { type: "section", fields: detailFields(r, steps, now) },
      ...accountContextBlocks(options.account),
      ...reviewContextBlocks(r, options.account, options.context),
      ...extras(r),
      ...refusal,
      {
        type: "input",
        block_id: REVIEW_BLOCKS.decision,
        label: { type: "plain_text", text: "Decision" },
        element: {
          type: "radio_buttons",
          action_id: REVIEW_BLOCKS.decision,
          options: decisions.map((d) => ({
            text: { type: "plain_text", text: DECISIONS[d] },
            value: d,
          })),
        },
      },
      {
        type: "input",
        block_id: REVIEW_BLOCKS.comment,
        // Slack adds "(optional)" to an optional field's label: the label says no more than
        // "Comment", and the hint says when it is needed (checked on submission).
        optional: true,
        label: { type: "plain_text", text: "Comment" },
        hint: { type: "plain_text", text: REVIEW_COMMENT_HINT },
        element: {
          type: "plain_text_input",
          action_id: REVIEW_BLOCKS.comment,
          multiline: true,
          max_length: TEXT_LIMITS.comment,
        },
      },
    ],
  };
}
