import type { types } from "@slack/bolt";
import { z } from "zod";
import { type Locale, type Translator, translator } from "../../i18n/index.js";
import { button, escapeMrkdwn, type SlackMessage } from "../../slack/blocks.js";
import { clip } from "../../text.js";
import { TEXT_LIMITS } from "../fields.js";
import { canWithdraw, nextStage, stageLabel } from "../lifecycle.js";
import { LIFECYCLE_ACTIONS, LIFECYCLE_BLOCKS, LIFECYCLE_VIEWS } from "../lifecycle-ids.js";
import type { RequestDetails } from "../request.js";
import { DEFAULT_STAGES, type Stage, type Status, WAITING_ON_CS_OPS } from "../state.js";
import { REQUEST_TYPES, requestLabel } from "../types.js";
import { clipMrkdwn, linkMrkdwn, section } from "./details.js";
import { statusWord, typeWord } from "./review-words.js";

/** The life cycle's parts of the queue message, its thread lines, DMs and modals. */

const quote = (text: string | null | undefined) =>
  text ? `\n> ${escapeMrkdwn(text).replace(/\n/g, "\n> ")}` : "";

/** "*CR-12* (Renewal, Acme Corp)": every message names the request and its account. */
const named = (r: RequestDetails) =>
  `*${requestLabel(r.number)}* (${REQUEST_TYPES[r.type].label}, ${escapeMrkdwn(r.account.name)})`;

/**
 * The queue message's life-cycle part: the stage reached and the signed document, why it was
 * withdrawn, and the buttons that apply now (waiting: Reassign, Unassign, Withdraw; approved:
 * the next stage). Nothing that no longer applies.
 */
export function lifecycleBlocks(
  r: RequestDetails,
  stages: readonly Stage[] = DEFAULT_STAGES,
  /** The queue channel's language (KUROKO_CHANNEL_LOCALE). */
  locale: Locale = "en",
): types.KnownBlock[] {
  const tr = translator(locale);
  const blocks: types.KnownBlock[] = [];
  const facts: string[] = [];
  if (r.stage) facts.push(tr.t("review.life.stage", { stage: escapeMrkdwn(stageLabel(stages, r.stage)) }));
  if (r.documentUrl) facts.push(tr.t("review.life.document", { link: linkMrkdwn(r.documentUrl) }));
  if (facts.length)
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: clipMrkdwn(facts.join(" · "), 3_000) }],
    });
  if (r.status === "withdrawn" && r.withdrawnReason)
    blocks.push(
      section(`${tr.t("review.life.withdrawnBy", { user: r.requesterId })}${quote(r.withdrawnReason)}`),
    );
  const id = String(r.id);
  const elements: types.Button[] = [];
  if (WAITING_ON_CS_OPS.includes(r.status)) {
    elements.push(button(LIFECYCLE_ACTIONS.reassign, tr.t("review.life.reassign"), id));
    if (r.assigneeId) elements.push(button(LIFECYCLE_ACTIONS.unassign, tr.t("review.life.unassign"), id));
  }
  if (canWithdraw(r))
    elements.push(button(LIFECYCLE_ACTIONS.withdraw, tr.t("review.life.withdraw"), id, "danger"));
  const next = r.status === "approved" ? nextStage(stages, r.stage) : undefined;
  if (next)
    elements.push(
      button(
        LIFECYCLE_ACTIONS.stage,
        clip(
          tr.t(next.document ? "review.life.markDocument" : "review.life.mark", {
            stage: locale === "en" ? next.label.toLowerCase() : next.label,
          }),
          75,
        ),
        `${id}:${next.key}`,
        "primary",
      ),
    );
  if (elements.length) blocks.push({ type: "actions", block_id: `lifecycle_${id}`, elements });
  return blocks;
}

export interface LifecycleEvent {
  action: string;
  actorId: string;
  comment?: string | null;
  status: Status;
}

const stageOf = (action: string) => (action.startsWith("stage:") ? action.slice("stage:".length) : undefined);

/** A line in the queue message's thread. */
export function buildLifecycleLine(
  r: RequestDetails,
  event: LifecycleEvent,
  stages: readonly Stage[] = DEFAULT_STAGES,
  /** The queue channel's language (KUROKO_CHANNEL_LOCALE). */
  locale: Locale = "en",
): SlackMessage {
  const tr = translator(locale);
  const actor = event.actorId;
  const stage = stageOf(event.action);
  let line: string;
  if (event.action === "withdrawn")
    line = `${tr.t("review.life.withdrew", { actor, status: statusWord(tr, "withdrawn") })}${quote(event.comment)}`;
  else if (event.action === "reassigned")
    line = tr.t("review.life.reassigned", { actor, user: r.assigneeId ?? "" });
  else if (event.action === "unassigned")
    line = event.comment
      ? tr.t("review.life.unassignedFrom", { actor, user: event.comment })
      : tr.t("review.life.unassigned", { actor });
  else if (stage) {
    const label = escapeMrkdwn(stageLabel(stages, stage));
    line =
      r.documentUrl && stages.find((s) => s.key === stage)?.document
        ? tr.t("review.life.markedDocument", { actor, stage: label, link: linkMrkdwn(r.documentUrl) })
        : tr.t("review.life.marked", { actor, stage: label });
  } else line = tr.t("review.life.other", { actor, action: event.action });
  const text = clipMrkdwn(line, 3_000);
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}

/** What the requester is told by DM. */
export function buildLifecycleDm(
  r: RequestDetails,
  event: LifecycleEvent,
  stages: readonly Stage[] = DEFAULT_STAGES,
): SlackMessage {
  const stage = stageOf(event.action);
  let line: string;
  if (event.action === "withdrawn")
    line = `You withdrew ${named(r)}: it has left the CS Ops queue.${quote(event.comment)}`;
  else if (event.action === "reassigned")
    line = `${named(r)} is now with <@${r.assigneeId}> (reassigned by <@${event.actorId}>).`;
  else if (event.action === "unassigned")
    line = `${named(r)} is back in the CS Ops queue, unassigned: another approver will take it.`;
  else if (stage) {
    const document =
      r.documentUrl && stages.find((s) => s.key === stage)?.document
        ? `\n📄 Signed document: ${linkMrkdwn(r.documentUrl)}`
        : "";
    line = `${named(r)}: *${escapeMrkdwn(stageLabel(stages, stage))}* (marked by <@${event.actorId}>).${document}`;
  } else line = `${named(r)}: ${event.action}`;
  const text = clipMrkdwn(line, 3_000);
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}

/** What the life cycle's modals carry: the request, its version when opened, the stage offered. */
export const lifecycleMetadataSchema = z.object({
  requestId: z.number().int().positive().max(2_147_483_647),
  version: z.number().int().nonnegative(),
  stage: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/)
    .optional(),
});
export type LifecycleMetadata = z.output<typeof lifecycleMetadataSchema>;

function modal(
  callbackId: string,
  title: string,
  submit: string,
  metadata: LifecycleMetadata,
  blocks: types.KnownBlock[],
  tr: Translator,
): types.ModalView {
  return {
    type: "modal",
    callback_id: callbackId,
    title: { type: "plain_text", text: clip(title, 24) },
    submit: { type: "plain_text", text: submit },
    close: { type: "plain_text", text: tr.t("review.modal.cancel") },
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}

/** "*CR-12* (Renewal, Acme Corp)" in the reader's language. */
const namedIn = (tr: Translator, r: RequestDetails) =>
  tr.t("review.phrase", {
    label: requestLabel(r.number),
    type: typeWord(tr, r.type),
    account: escapeMrkdwn(r.account.name),
  });

/** The requester withdraws a request, saying why (CS Ops read it in the thread); in their language. */
export function buildWithdrawModal(
  r: RequestDetails,
  metadata: LifecycleMetadata,
  locale: Locale = "en",
): types.ModalView {
  const tr = translator(locale);
  const label = requestLabel(r.number);
  return modal(
    LIFECYCLE_VIEWS.withdraw,
    tr.t("review.lc.withdrawTitle", { label }),
    tr.t("review.lc.withdrawSubmit"),
    metadata,
    [
      section(tr.t("review.lc.withdrawIntro", { what: namedIn(tr, r) })),
      {
        type: "input",
        block_id: LIFECYCLE_BLOCKS.reason,
        label: { type: "plain_text", text: tr.t("review.lc.withdrawWhy") },
        element: {
          type: "plain_text_input",
          action_id: LIFECYCLE_BLOCKS.reason,
          multiline: true,
          max_length: TEXT_LIMITS.comment,
          placeholder: { type: "plain_text", text: tr.t("review.lc.withdrawPlaceholder") },
        },
      },
    ],
    tr,
  );
}

/** CS Ops hand a waiting request to another approver; in the clicker's language. */
export function buildReassignModal(
  r: RequestDetails,
  metadata: LifecycleMetadata,
  locale: Locale = "en",
): types.ModalView {
  const tr = translator(locale);
  const what = namedIn(tr, r);
  return modal(
    LIFECYCLE_VIEWS.reassign,
    tr.t("review.lc.reassignTitle", { label: requestLabel(r.number) }),
    tr.t("review.lc.reassignSubmit"),
    metadata,
    [
      section(
        r.assigneeId
          ? tr.t("review.lc.reassignWith", { what, user: r.assigneeId })
          : tr.t("review.lc.reassignNobody", { what }),
      ),
      {
        type: "input",
        block_id: LIFECYCLE_BLOCKS.assignee,
        label: { type: "plain_text", text: tr.t("review.lc.reassignLabel") },
        element: { type: "users_select", action_id: LIFECYCLE_BLOCKS.assignee },
      },
    ],
    tr,
  );
}

/** The stage that asks for the signed document's link (http or https); in the clicker's language. */
export function buildDocumentModal(
  r: RequestDetails,
  stage: Stage,
  metadata: LifecycleMetadata,
  locale: Locale = "en",
): types.ModalView {
  const tr = translator(locale);
  // The stage's label is the policy's own word: lower-cased inside an English sentence.
  const inSentence = locale === "en" ? stage.label.toLowerCase() : stage.label;
  return modal(
    LIFECYCLE_VIEWS.document,
    tr.t("review.lc.documentTitle", { label: requestLabel(r.number), stage: stage.label }),
    tr.t("review.lc.documentSubmit", { stage: inSentence }).slice(0, 24),
    metadata,
    [
      section(tr.t("review.lc.documentIntro", { what: namedIn(tr, r), stage: escapeMrkdwn(inSentence) })),
      {
        type: "input",
        block_id: LIFECYCLE_BLOCKS.documentUrl,
        label: { type: "plain_text", text: tr.t("review.lc.documentLabel") },
        element: {
          type: "url_text_input",
          action_id: LIFECYCLE_BLOCKS.documentUrl,
          placeholder: { type: "plain_text", text: "https://drive.example.com/…" },
        },
      },
    ],
    tr,
  );
}
