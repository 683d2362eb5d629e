import type { types } from "@slack/bolt";
import type { AccountContext } from "../../health/context.js";
import { type ContextOptions, contextLine } from "../../health/context-view.js";
import { type Locale, type Translator, translator } from "../../i18n/index.js";
import { escapeMrkdwn, slackTime } from "../../slack/blocks.js";
import { clip } from "../../text.js";
import { normaliseLink } from "../fields.js";
import type { RequestDetails } from "../request.js";
import {
  type ApprovalStep,
  isClosed,
  isOverdue,
  pendingSteps,
  type Status,
  WAITING_ON_CS_OPS,
} from "../state.js";

import { requestTitle } from "../types.js";
import { priorityWord, statusWord, typeWord } from "./review-words.js";

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
function slaText(r: RequestDetails, now: Date, tr: Translator): string {
  const withSubmitted = (sla: string) =>
    r.submittedAt ? tr.t("review.sla.submitted", { sla, at: slackTime(r.submittedAt) }) : sla;
  if (!WAITING_ON_CS_OPS.includes(r.status))
    return withSubmitted(tr.t(isClosed(r.status) ? "review.sla.closed" : "review.sla.paused"));
  const hours = Math.round((r.slaDueAt.getTime() - now.getTime()) / 3_600_000);
  const due = slackTime(r.slaDueAt);
  if (isOverdue(r.status, r.slaDueAt, now))
    return withSubmitted(
      hours > -48
        ? tr.t("review.sla.overdueHours", { hours: -hours, due })
        : tr.t("review.sla.overdueDays", { days: Math.round(-hours / 24), due }),
    );
  return withSubmitted(
    hours < 48
      ? tr.t("review.sla.dueHours", { hours, due })
      : tr.t("review.sla.dueDays", { days: Math.round(hours / 24), due }),
  );
}

function approvalsText(r: RequestDetails, steps: ApprovalStep[], tr: Translator): string {
  const given = r.approvals.map((a) =>
    tr.t("review.approvals.given", {
      step: steps.find((s) => s.key === a.step)?.label ?? a.step,
      user: a.userId,
    }),
  );
  const missing = isClosed(r.status)
    ? []
    : pendingSteps(steps, r.approvals).map((s) => tr.t("review.approvals.missing", { step: s.label }));
  return [...given, ...missing].join("\n") || tr.t("review.approvals.none");
}

export function amountText(r: RequestDetails, locale: Locale = "en"): string {
  return r.amount !== null && r.currency ? translator(locale).money(r.amount, r.currency) : "-";
}

/** The request's details as fields, in `locale` (the reader's, or the channel's on the queue message). */
export function detailFields(
  r: RequestDetails,
  steps: ApprovalStep[],
  now: Date,
  locale: Locale = "en",
): types.MrkdwnElement[] {
  const tr = translator(locale);
  const amount = amountText(r, locale);
  const fields = [
    tr.t("review.field.account", { name: escapeMrkdwn(r.account.name) }),
    tr.t("review.field.type", { type: typeWord(tr, r.type) }),
    r.termMonths
      ? tr.t("review.field.amountTerm", { amount, months: r.termMonths })
      : tr.t("review.field.amount", { amount }),
    tr.t("review.field.neededBy", {
      day: r.dueDate ? tr.day(r.dueDate) : "-",
      priority: priorityWord(tr, r.priority),
    }),
    tr.t("review.field.requester", { user: r.requesterId }),
    r.assigneeId ? tr.t("review.field.assignee", { user: r.assigneeId }) : tr.t("review.field.unassigned"),
    tr.t("review.field.status", { emoji: STATUS_EMOJI[r.status], status: statusWord(tr, r.status) }),
    tr.t("review.field.sla", { sla: slaText(r, now, tr) }),
    tr.t("review.field.approvals", { list: approvalsText(r, steps, tr) }),
  ];
  if (r.startDate || r.endDate) {
    fields.push(
      tr.t("review.field.dates", {
        start: r.startDate ? tr.day(r.startDate) : "…",
        end: r.endDate ? tr.day(r.endDate) : "…",
      }),
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
export function accountContextBlocks(
  account: AccountAtAGlance | undefined,
  locale: Locale = "en",
): types.ContextBlock[] {
  if (!account) return [];
  return [
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: clipMrkdwn(contextLine(account.context, { ...account.options, locale }), 3_000),
        },
      ],
    },
  ];
}

/** The documents and notes: everything in them was typed by a person, so escaped. */
export function extras(r: RequestDetails, locale: Locale = "en"): types.KnownBlock[] {
  const tr = translator(locale);
  const blocks: types.KnownBlock[] = [];
  if (r.links.length)
    blocks.push(
      section(tr.t("review.extras.documents", { list: r.links.map((l) => `• ${linkMrkdwn(l)}`).join("\n") })),
    );
  if (r.notes) blocks.push(section(tr.t("review.extras.notes", { notes: escapeMrkdwn(r.notes) })));
  return blocks;
}
