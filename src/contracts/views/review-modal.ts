import type { types } from "@slack/bolt";
import { z } from "zod";
import { escapeMrkdwn } from "../../slack/blocks.js";
import { clip } from "../../text.js";
import { TEXT_LIMITS } from "../fields.js";
import { CONTRACT_VIEWS, REVIEW_BLOCKS } from "../ids.js";
import type { RequestDetails } from "../request.js";
import { type ApprovalStep, DECISIONS, decisionSchema } from "../state.js";
import { requestLabel } from "../types.js";
import {
  type AccountAtAGlance,
  accountContextBlocks,
  detailFields,
  extras,
  section,
  title,
} from "./details.js";

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
  options: { approveRefused?: string; account?: AccountAtAGlance } = {},
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
        optional: true,
        label: { type: "plain_text", text: "Comment (required unless approving)" },
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
