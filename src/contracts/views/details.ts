import type { types } from "@slack/bolt";
import { formatMoney } from "../../format.js";
import type { AccountContext } from "../../health/context.js";
import { type ContextOptions, contextLine } from "../../health/context-view.js";
import { escapeMrkdwn, slackTime } from "../../slack/blocks.js";
import { clip } from "../../text.js";
import { isoDay } from "../../time.js";
import { normaliseLink } from "../fields.js";
import type { RequestDetails } from "../request.js";
import {
  type ApprovalStep,
  isClosed,
  isOverdue,
  pendingSteps,
  STATUSES,
  type Status,
  WAITING_ON_CS_OPS,
} from "../state.js";

import { PRIORITIES, REQUEST_TYPES, requestTitle } from "../types.js";

/** What the queue message and the review modal both show of a request. */

export const STATUS_EMOJI: Record<Status, string> = {
  submitted: "📥",
  in_review: "🔎",
  awaiting_second_approval: "✍️",
  changes_requested: "↩️",
  approved: "✅",
  rejected: "⛔",
  withdrawn: "🚫",
};

/**
 * Clips mrkdwn without leaving half an entity (`&am`) or half a link or mention (`<https://…`),
 * which Slack would show as debris.
 */
export const clipMrkdwn = (text: string, max: number) =>
  text.length <= max
    ? text
    : `${clip(text, max)
        .slice(0, -1)
        .replace(/&[a-z]{0,4}$/, "")
        .replace(/<[^>]*$/, "")}…`;
export const title = (r: RequestDetails) => requestTitle(r.number, r.type, r.account.name);

/**
 * A stored link as mrkdwn: `<href>`, its text the address itself, so it cannot pose as another
 * (no `|label`) nor mention anyone. Links stored before they were normalised on intake are
 * normalised here; one that cannot be is shown as text.
 */
export function linkMrkdwn(stored: string): string {
  const link = normaliseLink(stored);
  return link.ok ? `<${escapeMrkdwn(link.value)}>` : escapeMrkdwn(stored);
}

/** The SLA, its due instant and the submission's as Slack date tokens (each reader's own time zone). */
function slaText(r: RequestDetails, now: Date): string {
  const submitted = r.submittedAt ? `\nsubmitted ${slackTime(r.submittedAt)}` : "";
  if (!WAITING_ON_CS_OPS.includes(r.status))
    return `${isClosed(r.status) ? "closed" : "paused (with the requester)"}${submitted}`;
  const hours = Math.round((r.slaDueAt.getTime() - now.getTime()) / 3_600_000);
  const due = slackTime(r.slaDueAt);
  if (isOverdue(r.status, r.slaDueAt, now))
    return `⚠️ *overdue* by ${hours > -48 ? `${-hours} h` : `${Math.round(-hours / 24)} days`} (due ${due})${submitted}`;
  return `due ${hours < 48 ? `in ${hours} h` : `in ${Math.round(hours / 24)} days`} (${due})${submitted}`;
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

export function amountText(r: RequestDetails): string {
  return r.amount !== null && r.currency ? formatMoney(r.amount, r.currency) : "-";
}

export function detailFields(r: RequestDetails, steps: ApprovalStep[], now: Date): types.MrkdwnElement[] {
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

export const section = (text: string): types.SectionBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: clipMrkdwn(text, 3_000) },
});

/** The request's account at a glance, as every message about an account shows it. */
export interface AccountAtAGlance {
  context: AccountContext;
  options: ContextOptions;
}

/**
 * The account's context line (ARR, renewal, band, owner, open paperwork, CRM link) under the
 * request's details: what a reviewer weighs besides the request. Nothing without a context.
 */
export function accountContextBlocks(account: AccountAtAGlance | undefined): types.ContextBlock[] {
  if (!account) return [];
  return [
    {
      type: "context",
      elements: [{ type: "mrkdwn", text: clipMrkdwn(contextLine(account.context, account.options), 3_000) }],
    },
  ];
}

/** The documents and notes: everything in them was typed by a person, so escaped. */
export function extras(r: RequestDetails): types.KnownBlock[] {
  const blocks: types.KnownBlock[] = [];
  if (r.links.length)
    blocks.push(section(`*Documents*\n${r.links.map((l) => `• ${linkMrkdwn(l)}`).join("\n")}`));
  if (r.notes) blocks.push(section(`*Notes*\n${escapeMrkdwn(r.notes)}`));
  return blocks;
}
