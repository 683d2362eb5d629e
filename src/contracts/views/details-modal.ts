import type { types } from "@slack/bolt";
import { type Locale, translator } from "../../i18n/index.js";
import { escapeMrkdwn } from "../../slack/blocks.js";
import { clip } from "../../text.js";
import type { RequestDetails } from "../request.js";
import type { ApprovalStep } from "../state.js";
import { requestLabel } from "../types.js";
import { type AccountAtAGlance, accountContextBlocks, detailFields, extras, section } from "./details.js";
import { titleIn } from "./review-words.js";

/**
 * A request, read-only, for anyone who follows it (a renewal reminder's "Open CR-12", a
 * requester, a CSM): its status, details, approvals and the account's context. Nothing to
 * submit: deciding stays in the review modal, for CS Ops.
 */
export function buildDetailsModal(
  r: RequestDetails,
  steps: ApprovalStep[],
  now: Date,
  account?: AccountAtAGlance,
  locale: Locale = "en",
): types.ModalView {
  const tr = translator(locale);
  return {
    type: "modal",
    title: { type: "plain_text", text: clip(requestLabel(r.number), 24) },
    close: { type: "plain_text", text: tr.t("review.details.close") },
    blocks: [
      section(`*${escapeMrkdwn(titleIn(tr, r))}*`),
      { type: "section", fields: detailFields(r, steps, now, locale) },
      ...accountContextBlocks(account, locale),
      ...extras(r, locale),
    ],
  };
}
