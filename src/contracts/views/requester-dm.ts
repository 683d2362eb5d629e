import type { types } from "@slack/bolt";
import { ENGLISH, type Translator } from "../../i18n/index.js";
import { button, escapeMrkdwn, type SlackMessage } from "../../slack/blocks.js";
import { CONTRACT_ACTIONS } from "../ids.js";
import { stageLabel } from "../lifecycle.js";
import type { RequestDetails } from "../request.js";
import { type ApprovalStep, DEFAULT_STAGES, type Stage } from "../state.js";
import { requestLabel } from "../types.js";
import { clipMrkdwn, linkMrkdwn } from "./details.js";

/**
 * What the requester is told, by DM, at each step, in the requester's own language (`tr`, looked
 * up for the requester, not for whoever made the change). Pure.
 */

/** "*CR-1042* (Renewal, Acme Corp, $120,000)": the request as a DM names it. */
export function requestPhraseIn(r: RequestDetails, tr: Translator = ENGLISH): string {
  const words = {
    label: requestLabel(r.number),
    type: tr.t(`contract.type.${r.type}`),
    account: escapeMrkdwn(r.account.name),
  };
  return r.amount !== null && r.currency
    ? tr.t("requester.requestAmount", { ...words, amount: tr.money(r.amount, r.currency) })
    : tr.t("requester.request", words);
}

/** "<@K> and <@M>": everyone who approved it since its (re)submission, in order. */
export function approversPhraseIn(r: Pick<RequestDetails, "approvals">, tr: Translator = ENGLISH): string {
  const ids = [...new Set(r.approvals.map((a) => `<@${a.userId}>`))];
  if (ids.length <= 1) return ids[0] ?? "";
  return tr.t("requester.approversLast", {
    first: ids.slice(0, -1).join(tr.t("requester.approversSeparator")),
    last: ids.at(-1) ?? "",
  });
}

const quote = (comment: string | null | undefined) =>
  comment ? `\n> ${escapeMrkdwn(comment).replace(/\n/g, "\n> ")}` : "";

/**
 * The requester's DM about `event`. With `queueLink`, `{permalink}` stands for the queue
 * message's link (the outbox's `linkTo` fills it in); without a queue message there is no link.
 */
export function buildRequesterDm(
  r: RequestDetails,
  event: { action: string; actorId: string; comment?: string | null },
  options: { queueLink?: boolean } = {},
  tr: Translator = ENGLISH,
): SlackMessage {
  const label = requestLabel(r.number);
  const request = requestPhraseIn(r, tr);
  const actor = event.actorId;
  const approvers = approversPhraseIn(r, tr) || `<@${actor}>`;
  const line = (): string => {
    switch (event.action) {
      case "submitted": {
        const words = { label, type: tr.t(`contract.type.${r.type}`), account: escapeMrkdwn(r.account.name) };
        return options.queueLink
          ? tr.t("requester.submittedLinked", { ...words, permalink: "{permalink}" })
          : tr.t("requester.submitted", words);
      }
      case "assigned":
        return tr.t("requester.assigned", { actor, request });
      case "approved":
        return tr.t("requester.approved", { request, approvers });
      case "approved_step":
        return tr.t("requester.approvedStep", { request, approvers });
      case "changes_requested":
        return tr.t("requester.changesRequested", { actor, request });
      case "rejected":
        return tr.t("requester.rejected", { actor, request });
      case "resubmitted":
        return tr.t("requester.resubmitted", { request });
      default:
        return tr.t("requester.other", { label, action: event.action });
    }
  };
  const text = clipMrkdwn(`${line()}${quote(event.comment)}`, 3_000);
  const blocks: types.KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text } }];
  if (event.action === "changes_requested") {
    blocks.push({
      type: "actions",
      elements: [button(CONTRACT_ACTIONS.edit, tr.t("requester.editButton"), String(r.id), "primary")],
    });
  }
  return { text, blocks };
}

/**
 * The DM asking the requester to edit a request sent back (announce.ts announceWaiting, when it
 * waits on the requester): who asks, their comment, the approvals given so far and *Edit and
 * resubmit*. The approval steps keep the labels the policy file gives them.
 */
export function buildEditDm(
  r: RequestDetails,
  steps: ApprovalStep[],
  event: { actorId: string; comment?: string | null },
  tr: Translator = ENGLISH,
): SlackMessage {
  const lead = tr.t("requester.changesRequested", { actor: event.actorId, request: requestPhraseIn(r, tr) });
  const given = r.approvals.map(
    (a) => `✅ ${steps.find((s) => s.key === a.step)?.label ?? a.step}: <@${a.userId}>`,
  );
  const approvals = given.length ? `\n${tr.t("requester.approvedSoFar", { list: given.join(" · ") })}` : "";
  const text = clipMrkdwn(`${lead}${quote(event.comment)}${approvals}`, 3_000);
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text } },
      {
        type: "actions",
        block_id: `waiting_${r.id}`,
        elements: [button(CONTRACT_ACTIONS.edit, tr.t("requester.editButton"), String(r.id), "primary")],
      },
    ],
  };
}

/**
 * What the requester is told by DM of a life-cycle change (lifecycle-announce.ts): withdrawn,
 * reassigned, unassigned, a stage after approval. The stages keep the labels the policy gives them.
 */
export function buildRequesterLifecycleDm(
  r: RequestDetails,
  event: { action: string; actorId: string; comment?: string | null },
  stages: readonly Stage[] = DEFAULT_STAGES,
  tr: Translator = ENGLISH,
): SlackMessage {
  const request = tr.t("requester.request", {
    label: requestLabel(r.number),
    type: tr.t(`contract.type.${r.type}`),
    account: escapeMrkdwn(r.account.name),
  });
  const actor = event.actorId;
  const stage = event.action.startsWith("stage:") ? event.action.slice("stage:".length) : undefined;
  let line: string;
  if (event.action === "withdrawn")
    line = `${tr.t("requester.withdrawn", { request })}${quote(event.comment)}`;
  else if (event.action === "reassigned")
    line = tr.t("requester.reassigned", { request, assignee: String(r.assigneeId), actor });
  else if (event.action === "unassigned") line = tr.t("requester.unassigned", { request });
  else if (stage) {
    const document =
      r.documentUrl && stages.find((s) => s.key === stage)?.document
        ? `\n${tr.t("requester.signedDocument", { link: linkMrkdwn(r.documentUrl) })}`
        : "";
    line = `${tr.t("requester.stage", { request, stage: escapeMrkdwn(stageLabel(stages, stage)), actor })}${document}`;
  } else line = tr.t("requester.otherNamed", { request, action: event.action });
  const text = clipMrkdwn(line, 3_000);
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}
