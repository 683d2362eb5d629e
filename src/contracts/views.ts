import type { types } from "@slack/bolt";
import { formatMoney } from "../format.js";
import { button, escapeMrkdwn, type SlackMessage } from "../slack/blocks.js";
import { isoDay } from "../time.js";
import { normaliseLink, TEXT_LIMITS } from "./fields.js";
import { CONTRACT_ACTIONS, CONTRACT_VIEWS, REVIEW_BLOCKS } from "./ids.js";
import { requestTitle } from "./intake.js";
import {
  type Approval,
  type ApprovalStep,
  DECISIONS,
  type Decision,
  isClosed,
  isOverdue,
  pendingSteps,
  STATUSES,
  type Status,
  WAITING_ON_CS_OPS,
} from "./state.js";
import { PRIORITIES, type Priority, REQUEST_TYPES, type RequestType, requestLabel } from "./types.js";

/** A contract request as the views show it. */
export interface RequestDetails {
  id: number;
  number: number;
  type: RequestType;
  status: Status;
  priority: Priority;
  amount: number | null;
  currency: string | null;
  termMonths: number | null;
  startDate: Date | null;
  endDate: Date | null;
  dueDate: Date | null;
  links: string[];
  notes: string | null;
  requesterId: string;
  assigneeId: string | null;
  approvals: Approval[];
  slaDueAt: Date;
  account: { id: number; name: string };
}

const STATUS_EMOJI: Record<Status, string> = {
  submitted: "📥",
  in_review: "🔎",
  awaiting_second_approval: "✍️",
  changes_requested: "↩️",
  approved: "✅",
  rejected: "⛔",
};

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
/**
 * Clips mrkdwn without leaving half an entity (`&am`) or half a link or mention (`<https://…`),
 * which Slack would show as debris.
 */
const clipMrkdwn = (text: string, max: number) =>
  text.length <= max
    ? text
    : `${text
        .slice(0, max - 1)
        .replace(/&[a-z]{0,4}$/, "")
        .replace(/<[^>]*$/, "")}…`;
const title = (r: RequestDetails) => requestTitle(r.number, r.type, r.account.name);

/**
 * A stored link as mrkdwn: `<href>`, its text the address itself, so it cannot pose as another
 * (no `|label`) nor mention anyone. Links stored before they were normalised on intake are
 * normalised here; one that cannot be is shown as text.
 */
export function linkMrkdwn(stored: string): string {
  const link = normaliseLink(stored);
  return link.ok ? `<${escapeMrkdwn(link.value)}>` : escapeMrkdwn(stored);
}

function slaText(r: RequestDetails, now: Date): string {
  if (!WAITING_ON_CS_OPS.includes(r.status))
    return isClosed(r.status) ? "closed" : "paused (with the requester)";
  const hours = Math.round((r.slaDueAt.getTime() - now.getTime()) / 3_600_000);
  if (isOverdue(r.status, r.slaDueAt, now))
    return `⚠️ *overdue* by ${hours > -48 ? `${-hours} h` : `${Math.round(-hours / 24)} days`}`;
  return `due ${hours < 48 ? `in ${hours} h` : `in ${Math.round(hours / 24)} days`} (${isoDay(r.slaDueAt)})`;
}

function approvalsText(r: RequestDetails, steps: ApprovalStep[]): string {
  const given = r.approvals.map(
    (a) => `✅ ${steps.find((s) => s.key === a.step)?.label ?? a.step}: <@${a.userId}>`,
  );
  const missing = isClosed(r.status)
    ? []
    : pendingSteps(steps, r.approvals).map((s) => `⏳ ${s.label}: still needed`);
  return [...given, ...missing].join("\n") || "none needed";
}

function amountText(r: RequestDetails): string {
  return r.amount !== null && r.currency ? formatMoney(r.amount, r.currency) : "-";
}

function detailFields(r: RequestDetails, steps: ApprovalStep[], now: Date): types.MrkdwnElement[] {
  const fields = [
    `*Account*\n${escapeMrkdwn(r.account.name)}`,
    `*Type*\n${REQUEST_TYPES[r.type].label}`,
    `*Amount*\n${amountText(r)}${r.termMonths ? ` · ${r.termMonths} months` : ""}`,
    `*Needed by*\n${r.dueDate ? isoDay(r.dueDate) : "-"} · ${PRIORITIES[r.priority]}`,
    `*Requester*\n<@${r.requesterId}>`,
    `*Assignee*\n${r.assigneeId ? `<@${r.assigneeId}>` : "unassigned"}`,
    `*Status*\n${STATUS_EMOJI[r.status]} ${STATUSES[r.status]}`,
    `*SLA*\n${slaText(r, now)}`,
    `*Approvals*\n${approvalsText(r, steps)}`,
  ];
  if (r.startDate || r.endDate) {
    fields.push(
      `*Dates*\n${r.startDate ? isoDay(r.startDate) : "…"} → ${r.endDate ? isoDay(r.endDate) : "…"}`,
    );
  }
  return fields.map((t) => ({ type: "mrkdwn", text: clipMrkdwn(t, 2_000) }));
}

const section = (text: string): types.SectionBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: clipMrkdwn(text, 3_000) },
});

/** The documents and notes: everything in them was typed by a person, so escaped. */
function extras(r: RequestDetails): types.KnownBlock[] {
  const blocks: types.KnownBlock[] = [];
  if (r.links.length)
    blocks.push(section(`*Documents*\n${r.links.map((l) => `• ${linkMrkdwn(l)}`).join("\n")}`));
  if (r.notes) blocks.push(section(`*Notes*\n${escapeMrkdwn(r.notes)}`));
  return blocks;
}

/** The queue's buttons for one request (queue message, App Home). */
export function queueButtons(requestId: number, blockId: string): types.ActionsBlock {
  return {
    type: "actions",
    block_id: blockId,
    elements: [
      button(CONTRACT_ACTIONS.assign, "Assign to me", String(requestId)),
      button(CONTRACT_ACTIONS.review, "Review", String(requestId), "primary"),
    ],
  };
}

/** The request's message in the CS Ops queue channel, edited in place at every change. */
export function buildQueueMessage(r: RequestDetails, steps: ApprovalStep[], now: Date): SlackMessage {
  const blocks: types.KnownBlock[] = [
    {
      type: "header",
      text: { type: "plain_text", text: clip(`${STATUS_EMOJI[r.status]} ${title(r)}`, 150) },
    },
    { type: "section", fields: detailFields(r, steps, now) },
    ...extras(r),
  ];
  if (WAITING_ON_CS_OPS.includes(r.status)) blocks.push(queueButtons(r.id, `request_${r.id}`));
  const overdue = isOverdue(r.status, r.slaDueAt, now) ? " (overdue)" : "";
  // The notification text is mrkdwn too: the account's name is escaped there (not in the plain-text header).
  return { text: clipMrkdwn(`${escapeMrkdwn(title(r))}: ${STATUSES[r.status]}${overdue}`, 3_000), blocks };
}

/** A line in the queue message's thread: the audit trail in Slack. */
export function buildThreadLine(event: {
  action: string;
  actorId: string;
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
  const comment = event.comment ? `\n> ${escapeMrkdwn(event.comment).replace(/\n/g, "\n> ")}` : "";
  const text = clipMrkdwn(
    `<@${event.actorId}> ${verbs[event.action] ?? event.action} → *${STATUSES[event.status]}*${comment}`,
    3_000,
  );
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
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
  const link = options.queueLink ? " <{permalink}|See it in the queue>." : "";
  const lines: Record<string, string> = {
    submitted: `Your request *${label}* (${REQUEST_TYPES[r.type].label}, ${escapeMrkdwn(r.account.name)}) is in the CS Ops queue.${link}`,
    assigned: `<@${event.actorId}> is handling *${label}*.`,
    approved: `*${label}* is approved by <@${event.actorId}>. ✅`,
    approved_step: `<@${event.actorId}> approved *${label}*; it needs one more approval.`,
    changes_requested: `<@${event.actorId}> asks for changes to *${label}*. Edit it and resubmit with the button below.`,
    rejected: `*${label}* was rejected by <@${event.actorId}>.`,
    resubmitted: `You resubmitted *${label}*; it is back in the CS Ops queue.`,
  };
  const comment = event.comment ? `\n> ${escapeMrkdwn(event.comment).replace(/\n/g, "\n> ")}` : "";
  const text = clipMrkdwn(`${lines[event.action] ?? `${label}: ${event.action}`}${comment}`, 3_000);
  const blocks: types.KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text } }];
  if (event.action === "changes_requested") {
    blocks.push({
      type: "actions",
      elements: [button(CONTRACT_ACTIONS.edit, "Edit and resubmit", String(r.id), "primary")],
    });
  }
  return { text, blocks };
}

export interface ReviewMetadata {
  requestId: number;
  version: number;
  /** The digest of what the modal shows (see requestDigest): an edited request is not decided unseen. */
  shown?: string;
}

/**
 * The review modal: the full request and the decision. `approveRefused` (why this reviewer may
 * not approve, e.g. it is their own request) leaves Approve out and says why; the submission
 * is checked again on the server all the same.
 */
export function buildReviewModal(
  r: RequestDetails,
  steps: ApprovalStep[],
  now: Date,
  metadata: ReviewMetadata,
  options: { approveRefused?: string } = {},
): types.ModalView {
  const decisions = (Object.keys(DECISIONS) as Decision[]).filter(
    (d) => d !== "approve" || !options.approveRefused,
  );
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
      ...extras(r),
      ...(options.approveRefused
        ? [
            {
              type: "context",
              elements: [{ type: "mrkdwn", text: `You cannot approve it: ${options.approveRefused}.` }],
            } satisfies types.ContextBlock,
          ]
        : []),
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

/** A list of requests (for /csops queue, /contract status, App Home), within Slack's limits. */
export function buildRequestList(
  heading: string,
  requests: RequestDetails[],
  now: Date,
  empty: string,
): types.KnownBlock[] {
  const shown = requests.slice(0, 20);
  const lines = shown.map((r) => {
    const overdue = isOverdue(r.status, r.slaDueAt, now) ? " ⚠️ overdue" : "";
    const who = r.assigneeId ? ` · <@${r.assigneeId}>` : " · unassigned";
    return `${STATUS_EMOJI[r.status]} *${requestLabel(r.number)}* ${REQUEST_TYPES[r.type].label} · ${escapeMrkdwn(r.account.name)} · ${amountText(r)} · ${STATUSES[r.status]}${who}${overdue}`;
  });
  const more =
    requests.length > shown.length
      ? `\n…and ${requests.length - shown.length} more (\`kuroko requests\` lists them all).`
      : "";
  return [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: clipMrkdwn(`*${heading}*\n${lines.length ? lines.join("\n") : empty}${more}`, 3_000),
      },
    },
  ];
}
