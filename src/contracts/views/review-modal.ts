import type { types } from "@slack/bolt";
import { z } from "zod";
import { describeBand } from "../../health/band.js";
import { type Locale, type Translator, translator } from "../../i18n/index.js";
import { escapeMrkdwn, slackTime } from "../../slack/blocks.js";
import { clip } from "../../text.js";
import { TEXT_LIMITS } from "../fields.js";
import { CONTRACT_VIEWS, REVIEW_BLOCKS } from "../ids.js";
import type { ApprovalPathStep } from "../recipients.js";
import type { RequestDetails } from "../request.js";
import { type ApprovalStep, decisionSchema, type Status } from "../state.js";
import { type RequestType, requestLabel } from "../types.js";
import {
  type AccountAtAGlance,
  accountContextBlocks,
  detailFields,
  extras,
  STATUS_EMOJI,
  section,
} from "./details.js";
import { decisionWord, reasonIn, statusInSentence, titleIn, typeWord } from "./review-words.js";

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
function people(ids: string[], tr: Translator): string {
  if (!ids.length) return tr.t("review.people.nobody");
  const named = ids.slice(0, 5).map((id) => `<@${id}>`);
  const more = ids.length - named.length;
  if (more > 0) return tr.t("review.people.more", { list: tr.list(named), more });
  return named.length === 1
    ? tr.t("review.people.one", { person: named[0] ?? "" })
    : tr.t("review.people.or", { list: tr.list(named.slice(0, -1)), last: named.at(-1) ?? "" });
}

/** The account's health now, in the one vocabulary, and its change over 30 days. */
function healthLine(
  account: AccountAtAGlance | undefined,
  context: ReviewContext,
  tr: Translator,
): string | undefined {
  const c = account?.context;
  if (!c) return undefined;
  if (c.band === null || c.score === null) return tr.t("review.health.noScore");
  const now = describeBand(c.score, c.band, account.options.model, tr.locale);
  const then = context.scoreThen;
  if (!then) return tr.t("review.health.noCompare", { now });
  const delta = c.score - then.score;
  const was = { now, before: then.score, day: tr.day(then.day) };
  if (delta === 0) return tr.t("review.health.unchanged", was);
  return delta > 0
    ? tr.t("review.health.up", { ...was, points: delta })
    : tr.t("review.health.down", { ...was, points: -delta });
}

/** The review's context: health and its change, the account's other requests, the approval path. */
export function reviewContextBlocks(
  r: RequestDetails,
  account: AccountAtAGlance | undefined,
  context: ReviewContext | undefined,
  locale: Locale = "en",
): types.KnownBlock[] {
  if (!context) return [];
  const tr = translator(locale);
  const blocks: types.KnownBlock[] = [];
  const health = healthLine(account, context, tr);
  if (health) blocks.push(section(health));
  const recent = context.recent.map((o) =>
    tr.t("review.others.item", {
      emoji: STATUS_EMOJI[o.status],
      label: requestLabel(o.number),
      type: typeWord(tr, o.type),
      status: statusInSentence(tr, o.status),
      day: tr.day(o.submittedAt),
    }),
  );
  blocks.push(
    section(
      tr.t("review.others", {
        account: escapeMrkdwn(r.account.name),
        list: recent.join("\n") || tr.t("review.others.none"),
      }),
    ),
  );
  const path = context.path.map(({ step, approval, mayGive }, i) =>
    approval
      ? tr.t("review.path.given", {
          n: String(i + 1),
          step: step.label,
          user: approval.userId,
          at: slackTime(new Date(approval.at)),
        })
      : tr.t("review.path.waiting", {
          n: String(i + 1),
          step: step.label,
          people: people(mayGive ?? [], tr),
        }),
  );
  blocks.push(section(tr.t("review.path", { list: path.join("\n") })));
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
  options: {
    approveRefused?: string;
    account?: AccountAtAGlance;
    context?: ReviewContext;
    /** The reviewer's language (their Slack locale). */
    locale?: Locale;
  } = {},
): types.ModalView {
  const locale = options.locale ?? "en";
  const tr = translator(locale);
  const decisions = decisionSchema.options.filter((d) => d !== "approve" || !options.approveRefused);
  const refusal: types.ContextBlock[] = options.approveRefused
    ? [
        {
          type: "context",
          elements: [
            {
              type: "mrkdwn",
              text: tr.t("review.modal.cannotApprove", { reason: reasonIn(locale, options.approveRefused) }),
            },
          ],
        },
      ]
    : [];
  return {
    type: "modal",
    callback_id: CONTRACT_VIEWS.review,
    title: {
      type: "plain_text",
      text: clip(tr.t("review.modal.title", { label: requestLabel(r.number) }), 24),
    },
    submit: { type: "plain_text", text: tr.t("review.modal.submit") },
    close: { type: "plain_text", text: tr.t("review.modal.cancel") },
    private_metadata: JSON.stringify(metadata),
    blocks: [
      section(`*${escapeMrkdwn(titleIn(tr, r))}*`),
      { type: "section", fields: detailFields(r, steps, now, locale) },
      ...accountContextBlocks(options.account, locale),
      ...reviewContextBlocks(r, options.account, options.context, locale),
      ...extras(r, locale),
      ...refusal,
      {
        type: "input",
        block_id: REVIEW_BLOCKS.decision,
        label: { type: "plain_text", text: tr.t("review.modal.decision") },
        element: {
          type: "radio_buttons",
          action_id: REVIEW_BLOCKS.decision,
          options: decisions.map((d) => ({
            text: { type: "plain_text", text: decisionWord(tr, d) },
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
        label: { type: "plain_text", text: tr.t("review.modal.comment") },
        hint: { type: "plain_text", text: tr.t("review.modal.commentHint") },
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
