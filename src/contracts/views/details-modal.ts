import type { types } from "@slack/bolt";
import { escapeMrkdwn } from "../../slack/blocks.js";
import { clip } from "../../text.js";
import type { RequestDetails } from "../request.js";
import type { ApprovalStep } from "../state.js";
import { requestLabel } from "../types.js";
import {
  type AccountAtAGlance,
  accountContextBlocks,
  detailFields,
  extras,
  section,
  title,
} from "./details.js";

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
): types.ModalView {
  return {
    type: "modal",
    title: { type: "plain_text", text: clip(requestLabel(r.number), 24) },
    close: { type: "plain_text", text: "Close" },
    blocks: [
      section(`*${escapeMrkdwn(title(r))}*`),
      { type: "section", fields: detailFields(r, steps, now) },
      ...accountContextBlocks(account),
      ...extras(r),
    ],
  };
}
