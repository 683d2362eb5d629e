import type { types } from "@slack/bolt";
import type { SlackMessage } from "../../slack/blocks.js";
import { escapeMrkdwn } from "../../slack/blocks.js";
import { isoDay } from "../../time.js";
import type { Cover } from "../cover.js";
import { COVER_VIEWS, LIFECYCLE_BLOCKS } from "../lifecycle-ids.js";
import type { RequestDetails } from "../request.js";
import { REQUEST_TYPES, requestLabel } from "../types.js";
import { clipMrkdwn } from "./details.js";

/** `/csops away`'s answers, the cover modal, and the delegate's DMs. */

const period = (c: Cover) =>
  c.startsOn.getTime() === c.endsOn.getTime()
    ? `on ${isoDay(c.startsOn)}`
    : `from ${isoDay(c.startsOn)} to ${isoDay(c.endsOn)}`;
const by = (c: Cover) =>
  c.delegateId ? `<@${c.delegateId}> covers` : "no named cover: the CS Ops team picks up";

const message = (line: string): SlackMessage => {
  const text = clipMrkdwn(line, 3_000);
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
};

/** What `/csops away` (alone) answers: the person's covers from today on, both ways. */
export function buildCoverSummary(covers: { away: Cover[]; covering: Cover[] }): string {
  const lines: string[] = [];
  for (const c of covers.away) lines.push(`• You are away ${period(c)}; ${by(c)}.`);
  for (const c of covers.covering) lines.push(`• You cover for <@${c.userId}> ${period(c)}.`);
  return lines.length
    ? clipMrkdwn(lines.join("\n"), 3_000)
    : "No cover set: `/csops away 2026-12-24 2027-01-05 @maya` sets one.";
}

/** The answer once a cover is set, naming what it replaced. */
export function buildCoverSetReply(cover: Cover, replaced: Cover[]): string {
  const replacing = replaced.length
    ? ` It replaces ${replaced.map((c) => `your cover ${period(c)}`).join(" and ")}.`
    : "";
  const delegate = cover.delegateId
    ? ` Requests assigned to you go to <@${cover.delegateId}> meanwhile; their decisions are recorded on your behalf.`
    : "";
  return clipMrkdwn(
    `Away ${period(cover)}; ${by(cover)}.${delegate}${replacing} \`/csops away off\` ends it.`,
    3_000,
  );
}

/** The delegate's DM: who they cover for, when, and what is waiting now. */
export function buildDelegateDm(cover: Cover, waiting: RequestDetails[]): SlackMessage {
  const list = waiting.length
    ? `\nWaiting on them now: ${waiting
        .map(
          (r) =>
            `*${requestLabel(r.number)}* (${REQUEST_TYPES[r.type].label}, ${escapeMrkdwn(r.account.name)})`,
        )
        .join(", ")}.`
    : "";
  return message(
    `<@${cover.userId}> is away ${period(cover)} and asked you to cover. Their contract requests come to you; your decisions on them are recorded on their behalf (you still cannot give both approvals of one request).${list}`,
  );
}

export function buildCoverEndedDm(cover: Cover): SlackMessage {
  return message(`<@${cover.userId}> ended their cover ${period(cover)}: you no longer stand in for them.`);
}

/** The cover modal: first and last day away, and who covers (a CS Ops approver). */
export function buildCoverModal(initial: {
  from: string;
  to?: string;
  delegateId?: string;
}): types.ModalView {
  return {
    type: "modal",
    callback_id: COVER_VIEWS.set,
    title: { type: "plain_text", text: "Away / cover" },
    submit: { type: "plain_text", text: "Set cover" },
    close: { type: "plain_text", text: "Cancel" },
    private_metadata: "{}",
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: "While you are away, requests assigned to you go to the person who covers, and their decisions are recorded on your behalf. A cover you set replaces any it overlaps.",
        },
      },
      {
        type: "input",
        block_id: LIFECYCLE_BLOCKS.from,
        label: { type: "plain_text", text: "First day away" },
        element: { type: "datepicker", action_id: LIFECYCLE_BLOCKS.from, initial_date: initial.from },
      },
      {
        type: "input",
        block_id: LIFECYCLE_BLOCKS.to,
        label: { type: "plain_text", text: "Last day away" },
        element: {
          type: "datepicker",
          action_id: LIFECYCLE_BLOCKS.to,
          ...(initial.to ? { initial_date: initial.to } : {}),
        },
      },
      {
        type: "input",
        block_id: LIFECYCLE_BLOCKS.delegate,
        optional: true,
        label: { type: "plain_text", text: "Who covers (a CS Ops approver)" },
        element: {
          type: "users_select",
          action_id: LIFECYCLE_BLOCKS.delegate,
          ...(initial.delegateId ? { initial_user: initial.delegateId } : {}),
        },
      },
    ],
  };
}
